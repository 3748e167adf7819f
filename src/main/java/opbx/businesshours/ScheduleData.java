package opbx.businesshours;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;

/**
 * What the open/closed evaluation of execution-plane spec §5.2 needs to know about a schedule, free of HTTP and
 * database types so the control plane (current_status), the routing engine and the call-flow view share one rule
 * ({@link ScheduleClock}).
 *
 * @param active     false = "time rules off": always open
 * @param week       the weekly rows by day; a missing day contributes nothing
 * @param exceptions the dated exceptions, in any order
 */
public record ScheduleData(boolean active, Map<DayOfWeek, Day> week, List<ExceptionDate> exceptions) {

    public ScheduleData {
        week = Map.copyOf(week);
        exceptions = List.copyOf(exceptions);
    }

    /** A wall-clock range; an end at or before the start is overnight (weekly) or runs to midnight (exceptions). */
    public record TimeRange(LocalTime start, LocalTime end) {

        public boolean overnight() {
            return !end.isAfter(start);
        }
    }

    /** A weekly row: a disabled day contributes nothing whatever its ranges. */
    public record Day(boolean enabled, List<TimeRange> ranges) {

        public Day {
            ranges = List.copyOf(ranges);
        }
    }

    /**
     * An exception for one local date, or for its month and day every year when {@code yearly}. A {@code closed} one
     * closes the whole date; otherwise ({@code special_hours}) the date is open within {@code ranges} only.
     */
    public record ExceptionDate(LocalDate date, boolean yearly, boolean closed, List<TimeRange> ranges) {

        public ExceptionDate {
            ranges = List.copyOf(ranges);
        }

        boolean appliesOn(LocalDate day) {
            return yearly
                    ? date.getMonth() == day.getMonth() && date.getDayOfMonth() == day.getDayOfMonth()
                    : date.equals(day);
        }
    }
}
