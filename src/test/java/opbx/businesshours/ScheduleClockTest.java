package opbx.businesshours;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The open/closed rules of execution-plane spec §5.2, without a server. */
class ScheduleClockTest {

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final ZoneId LONDON = ZoneId.of("Europe/London");

    @Test
    void office_hours_in_new_york_are_open_at_15_utc_and_closed_at_23_utc_on_a_monday_in_january() {
        ScheduleData office = schedule(true, weekdays("09:00", "17:00"), List.of());

        assertEquals("open", ScheduleClock.status(office, NEW_YORK, Instant.parse("2026-01-05T15:00:00Z")));
        assertEquals("closed", ScheduleClock.status(office, NEW_YORK, Instant.parse("2026-01-05T23:00:00Z")));
        assertEquals("closed", ScheduleClock.status(office, NEW_YORK, Instant.parse("2026-01-14T13:30:00Z")),
                "13:30 UTC is 08:30 in New York");
        assertEquals("closed", ScheduleClock.status(office, NEW_YORK, Instant.parse("2026-01-10T15:00:00Z")),
                "a Saturday is not in the week");
    }

    @Test
    void the_start_is_inside_a_range_and_the_end_is_not() {
        ScheduleData office = schedule(true, weekdays("09:00", "17:00"), List.of());

        assertEquals("open", ScheduleClock.status(office, NEW_YORK, Instant.parse("2026-01-05T14:00:00Z")));
        assertEquals("closed", ScheduleClock.status(office, NEW_YORK, Instant.parse("2026-01-05T13:59:59Z")));
        assertEquals("closed", ScheduleClock.status(office, NEW_YORK, Instant.parse("2026-01-05T22:00:00Z")));
    }

    @Test
    void an_overnight_range_spills_past_midnight_into_the_next_day() {
        ScheduleData night = schedule(true, Map.of(DayOfWeek.FRIDAY, day("22:00", "02:00")), List.of());

        assertEquals("open", ScheduleClock.status(night, LONDON, Instant.parse("2026-01-17T01:30:00Z")), "Saturday 01:30");
        assertEquals("closed", ScheduleClock.status(night, LONDON, Instant.parse("2026-01-17T02:00:00Z")));
        assertEquals("closed", ScheduleClock.status(night, LONDON, Instant.parse("2026-01-16T21:59:00Z")));
        assertEquals("open", ScheduleClock.status(night, LONDON, Instant.parse("2026-01-16T22:00:00Z")));
        assertEquals("closed", ScheduleClock.status(night, LONDON, Instant.parse("2026-01-16T01:30:00Z")),
                "Friday 01:30 would be Thursday's spill, and Thursday is closed");
    }

    @Test
    void a_disabled_day_spills_nothing_into_the_next() {
        Map<DayOfWeek, ScheduleData.Day> week = new EnumMap<>(DayOfWeek.class);
        week.put(DayOfWeek.FRIDAY, new ScheduleData.Day(false, List.of(range("22:00", "02:00"))));
        ScheduleData schedule = schedule(true, week, List.of());

        assertEquals("closed", ScheduleClock.status(schedule, LONDON, Instant.parse("2026-01-16T23:00:00Z")));
        assertEquals("closed", ScheduleClock.status(schedule, LONDON, Instant.parse("2026-01-17T01:30:00Z")));
    }

    @Test
    void an_end_at_midnight_closes_at_midnight_and_equal_times_are_twenty_four_hours() {
        ScheduleData evening = schedule(true, Map.of(DayOfWeek.MONDAY, day("18:00", "00:00")), List.of());
        assertEquals("open", ScheduleClock.status(evening, ZoneId.of("UTC"), Instant.parse("2026-01-05T23:59:00Z")));
        assertEquals("closed", ScheduleClock.status(evening, ZoneId.of("UTC"), Instant.parse("2026-01-06T00:00:00Z")));

        ScheduleData fullDay = schedule(true, Map.of(DayOfWeek.MONDAY, day("09:00", "09:00")), List.of());
        assertEquals("closed", ScheduleClock.status(fullDay, ZoneId.of("UTC"), Instant.parse("2026-01-05T08:59:00Z")));
        assertEquals("open", ScheduleClock.status(fullDay, ZoneId.of("UTC"), Instant.parse("2026-01-05T09:00:00Z")));
        assertEquals("open", ScheduleClock.status(fullDay, ZoneId.of("UTC"), Instant.parse("2026-01-06T08:59:00Z")));
        assertEquals("closed", ScheduleClock.status(fullDay, ZoneId.of("UTC"), Instant.parse("2026-01-06T09:00:00Z")));
    }

    @Test
    void a_closed_exception_beats_the_weekly_schedule() {
        ScheduleData office = schedule(true, weekdays("09:00", "17:00"),
                List.of(new ScheduleData.ExceptionDate(LocalDate.parse("2026-01-16"), false, true, List.of())));

        assertEquals("closed", ScheduleClock.status(office, NEW_YORK, Instant.parse("2026-01-16T16:00:00Z")));
        assertEquals("open", ScheduleClock.status(office, NEW_YORK, Instant.parse("2026-01-15T16:00:00Z")), "the day before");
    }

    @Test
    void special_hours_replace_the_weekly_ranges_of_their_date() {
        ScheduleData office = schedule(true, weekdays("09:00", "17:00"),
                List.of(special("2026-01-16", false, range("09:00", "13:00"))));

        assertEquals("open", ScheduleClock.status(office, NEW_YORK, Instant.parse("2026-01-16T16:00:00Z")), "11:00 local");
        assertEquals("closed", ScheduleClock.status(office, NEW_YORK, Instant.parse("2026-01-16T19:00:00Z")), "14:00 local");

        ScheduleData weekend = schedule(true, weekdays("09:00", "17:00"),
                List.of(special("2026-01-17", false, range("10:00", "12:00"))));
        assertEquals("open", ScheduleClock.status(weekend, NEW_YORK, Instant.parse("2026-01-17T15:30:00Z")),
                "special hours open a Saturday the week keeps closed");
    }

    @Test
    void an_exception_date_takes_no_spill_from_yesterday_and_its_ranges_never_spill_out() {
        ScheduleData schedule = schedule(true, Map.of(DayOfWeek.FRIDAY, day("22:00", "02:00")),
                List.of(special("2026-01-17", false, range("10:00", "12:00")),
                        special("2026-01-22", false, range("22:00", "02:00"))));

        assertEquals("closed", ScheduleClock.status(schedule, LONDON, Instant.parse("2026-01-17T01:00:00Z")),
                "Saturday the 17th is governed by its exception, not by Friday's overnight range");
        assertEquals("open", ScheduleClock.status(schedule, LONDON, Instant.parse("2026-01-22T23:30:00Z")),
                "an exception range ending before its start runs to midnight");
        assertEquals("closed", ScheduleClock.status(schedule, LONDON, Instant.parse("2026-01-23T01:00:00Z")),
                "and not past it");
    }

    @Test
    void a_yearly_exception_applies_in_later_years_and_a_one_time_one_does_not() {
        ScheduleData office = schedule(true, weekdays("09:00", "17:00"), List.of(
                new ScheduleData.ExceptionDate(LocalDate.parse("2025-12-25"), true, true, List.of()),
                new ScheduleData.ExceptionDate(LocalDate.parse("2025-12-26"), false, true, List.of())));

        assertEquals("closed", ScheduleClock.status(office, NEW_YORK, Instant.parse("2026-12-25T15:00:00Z")),
                "Friday 10:00, Christmas every year");
        assertEquals("closed", ScheduleClock.status(office, NEW_YORK, Instant.parse("2031-12-25T15:00:00Z")));
        assertEquals("open", ScheduleClock.status(office, NEW_YORK, Instant.parse("2029-12-26T15:00:00Z")),
                "a one-time exception of 2025 is over (a Wednesday)");
    }

    @Test
    void a_yearly_29_february_applies_only_in_leap_years() {
        ScheduleData office = schedule(true, everyDay("00:00", "00:00"), List.of(
                new ScheduleData.ExceptionDate(LocalDate.parse("2024-02-29"), true, true, List.of())));

        assertEquals("closed", ScheduleClock.status(office, ZoneId.of("UTC"), Instant.parse("2028-02-29T12:00:00Z")));
        assertEquals("open", ScheduleClock.status(office, ZoneId.of("UTC"), Instant.parse("2027-02-28T12:00:00Z")));
        assertEquals("open", ScheduleClock.status(office, ZoneId.of("UTC"), Instant.parse("2027-03-01T12:00:00Z")));
    }

    @Test
    void one_time_beats_yearly_closed_beats_special_and_special_hours_pool_their_ranges() {
        ScheduleData christmas = schedule(true, weekdays("09:00", "17:00"), List.of(
                new ScheduleData.ExceptionDate(LocalDate.parse("2025-12-25"), true, true, List.of()),
                special("2026-12-25", false, range("10:00", "12:00"))));
        assertEquals("open", ScheduleClock.status(christmas, NEW_YORK, Instant.parse("2026-12-25T16:00:00Z")),
                "this year's one-time special hours beat the yearly closure");

        ScheduleData independence = schedule(true, weekdays("09:00", "17:00"), List.of(
                special("2024-07-03", true, range("09:00", "10:00")),
                new ScheduleData.ExceptionDate(LocalDate.parse("2025-07-03"), true, true, List.of())));
        assertEquals("closed", ScheduleClock.status(independence, NEW_YORK, Instant.parse("2026-07-03T13:30:00Z")),
                "among yearly exceptions, closed beats special hours");

        ScheduleData pooled = schedule(true, weekdays("09:00", "17:00"), List.of(
                special("2024-03-10", true, range("09:00", "10:00")),
                special("2025-03-10", true, range("14:00", "15:00"))));
        assertEquals("open", ScheduleClock.status(pooled, NEW_YORK, Instant.parse("2026-03-10T13:30:00Z")), "09:30");
        assertEquals("open", ScheduleClock.status(pooled, NEW_YORK, Instant.parse("2026-03-10T18:30:00Z")), "14:30");
        assertEquals("closed", ScheduleClock.status(pooled, NEW_YORK, Instant.parse("2026-03-10T16:00:00Z")), "12:00");
    }

    @Test
    void the_spring_forward_day_is_evaluated_in_local_wall_clock_time() {
        // 2026-03-08 in New York: 02:00 EST becomes 03:00 EDT.
        ScheduleData sunday = schedule(true, Map.of(DayOfWeek.SUNDAY, day("01:30", "03:30")), List.of());

        assertEquals("closed", ScheduleClock.status(sunday, NEW_YORK, Instant.parse("2026-03-08T06:29:00Z")), "01:29 EST");
        assertEquals("open", ScheduleClock.status(sunday, NEW_YORK, Instant.parse("2026-03-08T06:45:00Z")), "01:45 EST");
        assertEquals("open", ScheduleClock.status(sunday, NEW_YORK, Instant.parse("2026-03-08T07:15:00Z")), "03:15 EDT");
        assertEquals("closed", ScheduleClock.status(sunday, NEW_YORK, Instant.parse("2026-03-08T07:30:00Z")), "03:30 EDT");
    }

    @Test
    void the_repeated_hour_of_the_fall_back_day_is_open_both_times() {
        // 2026-11-01 in New York: 01:00-02:00 happens twice (EDT, then EST).
        ScheduleData sunday = schedule(true, Map.of(DayOfWeek.SUNDAY, day("01:00", "02:00")), List.of());

        assertEquals("open", ScheduleClock.status(sunday, NEW_YORK, Instant.parse("2026-11-01T05:30:00Z")), "01:30 EDT");
        assertEquals("open", ScheduleClock.status(sunday, NEW_YORK, Instant.parse("2026-11-01T06:30:00Z")), "01:30 EST");
        assertEquals("closed", ScheduleClock.status(sunday, NEW_YORK, Instant.parse("2026-11-01T07:00:00Z")), "02:00 EST");
    }

    @Test
    void an_inactive_schedule_is_always_open() {
        ScheduleData off = schedule(false, Map.of(), List.of(
                new ScheduleData.ExceptionDate(LocalDate.parse("2026-01-05"), false, true, List.of())));

        assertEquals("open", ScheduleClock.status(off, NEW_YORK, Instant.parse("2026-01-05T15:00:00Z")));
        assertEquals("open", ScheduleClock.status(off, NEW_YORK, Instant.parse("2026-01-10T03:00:00Z")));
    }

    @Test
    void the_zone_is_the_schedules_else_the_organisations_else_utc_and_an_unknown_name_is_utc() {
        assertEquals(LONDON, ScheduleClock.zone("Europe/London", "America/New_York"));
        assertEquals(NEW_YORK, ScheduleClock.zone(null, "America/New_York"));
        assertEquals("UTC", ScheduleClock.zone(null, null).getId());
        assertEquals("UTC", ScheduleClock.zone("Mars/Olympus_Mons", "America/New_York").getId());
    }

    private static ScheduleData schedule(boolean active, Map<DayOfWeek, ScheduleData.Day> week,
                                         List<ScheduleData.ExceptionDate> exceptions) {
        return new ScheduleData(active, week, exceptions);
    }

    private static Map<DayOfWeek, ScheduleData.Day> weekdays(String start, String end) {
        Map<DayOfWeek, ScheduleData.Day> week = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek day : List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY,
                DayOfWeek.FRIDAY)) {
            week.put(day, day(start, end));
        }
        return week;
    }

    private static Map<DayOfWeek, ScheduleData.Day> everyDay(String start, String end) {
        Map<DayOfWeek, ScheduleData.Day> week = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek day : DayOfWeek.values()) {
            week.put(day, day(start, end));
        }
        return week;
    }

    private static ScheduleData.Day day(String start, String end) {
        return new ScheduleData.Day(true, List.of(range(start, end)));
    }

    private static ScheduleData.TimeRange range(String start, String end) {
        return new ScheduleData.TimeRange(LocalTime.parse(start), LocalTime.parse(end));
    }

    private static ScheduleData.ExceptionDate special(String date, boolean yearly, ScheduleData.TimeRange... ranges) {
        return new ScheduleData.ExceptionDate(LocalDate.parse(date), yearly, false, List.of(ranges));
    }
}
