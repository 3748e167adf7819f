package opbx.businesshours;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A stored business-hours schedule with its days, ranges and exceptions (control-plane spec §3.8, §4.2), and the
 * timezone of its organisation, which it follows when it has none of its own.
 */
public record BusinessHours(long id, long organizationId, String name, String status, String timezone,
                            String organizationTimezone, Action openAction, Action closedAction,
                            Map<DayOfWeek, Day> days, List<DateException> exceptions, OffsetDateTime createdAt,
                            OffsetDateTime updatedAt, OffsetDateTime deletedAt) {

    /** An action: its type and the canonical prefixed target ({@code rg-3}). */
    public record Action(String type, String targetId) {

        /** The row id of the target, the digits after the prefix. */
        public long targetRowId() {
            return Long.parseLong(targetId.substring(targetId.indexOf('-') + 1));
        }
    }

    /** A stored time range. */
    public record Range(long id, LocalTime start, LocalTime end) {
    }

    /** A stored weekly row. */
    public record Day(boolean enabled, List<Range> ranges) {
    }

    /** A stored exception; {@code ranges} is empty unless the type is {@code special_hours}. */
    public record DateException(long id, LocalDate date, String name, String type, String recurrence,
                                List<Range> ranges) {
    }

    /** The wire name of a day: {@code monday}..{@code sunday}. */
    public static String dayName(DayOfWeek day) {
        return day.name().toLowerCase(Locale.ROOT);
    }

    /** The zone the schedule is evaluated in (execution-plane spec §5.1). */
    public ZoneId effectiveZone() {
        return ScheduleClock.zone(timezone, organizationTimezone);
    }

    /** The schedule as the open/closed evaluation reads it. */
    public ScheduleData toScheduleData() {
        Map<DayOfWeek, ScheduleData.Day> week = new EnumMap<>(DayOfWeek.class);
        days.forEach((day, row) -> week.put(day, new ScheduleData.Day(row.enabled(), ranges(row.ranges()))));
        List<ScheduleData.ExceptionDate> dated = exceptions.stream()
                .map(exception -> new ScheduleData.ExceptionDate(exception.date(), "yearly".equals(exception.recurrence()),
                        "closed".equals(exception.type()), ranges(exception.ranges())))
                .toList();
        return new ScheduleData("active".equals(status), week, dated);
    }

    private static List<ScheduleData.TimeRange> ranges(List<Range> ranges) {
        return ranges.stream().map(range -> new ScheduleData.TimeRange(range.start(), range.end())).toList();
    }
}
