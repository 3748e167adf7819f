package opbx.businesshours;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Open or closed, by the rules of execution-plane spec §5.2: the one implementation behind the control plane's
 * {@code current_status}, call routing and the call-flow view. Pure: no HTTP, no database, no clock of its own.
 */
public final class ScheduleClock {

    public static final String OPEN = "open";
    public static final String CLOSED = "closed";

    private static final Logger log = LoggerFactory.getLogger(ScheduleClock.class);
    private static final ZoneId UTC = ZoneId.of("UTC");

    private ScheduleClock() {
    }

    /** {@code "open"} or {@code "closed"} at {@code now} in {@code zone}. */
    public static String status(ScheduleData schedule, ZoneId zone, Instant now) {
        return isOpen(schedule, zone, now) ? OPEN : CLOSED;
    }

    /**
     * The instant is converted once to local date, weekday and time (execution-plane spec §5.1): daylight-saving gaps
     * never occur locally and repeated hours are evaluated as they come.
     */
    public static boolean isOpen(ScheduleData schedule, ZoneId zone, Instant now) {
        if (!schedule.active()) {
            return true;
        }
        LocalDateTime local = LocalDateTime.ofInstant(now, zone);
        LocalDate date = local.toLocalDate();
        LocalTime time = local.toLocalTime();
        List<ScheduleData.ExceptionDate> exceptions = exceptionsOn(schedule, date);
        if (!exceptions.isEmpty()) {
            // The exception governs the whole local date: nothing spills in from yesterday, nothing out of it.
            if (exceptions.stream().anyMatch(ScheduleData.ExceptionDate::closed)) {
                return false;
            }
            return exceptions.stream()
                    .flatMap(exception -> exception.ranges().stream())
                    .anyMatch(range -> !time.isBefore(range.start()) && (range.overnight() || time.isBefore(range.end())));
        }
        ScheduleData.Day today = schedule.week().get(date.getDayOfWeek());
        if (today != null && today.enabled() && today.ranges().stream().anyMatch(range -> !time.isBefore(range.start())
                && (range.overnight() || time.isBefore(range.end())))) {
            return true;
        }
        ScheduleData.Day yesterday = schedule.week().get(date.getDayOfWeek().minus(1));
        return yesterday != null && yesterday.enabled() && yesterday.ranges().stream()
                .anyMatch(range -> range.overnight() && time.isBefore(range.end()));
    }

    /** The exceptions that govern {@code date}: one-time ones beat yearly ones. */
    static List<ScheduleData.ExceptionDate> exceptionsOn(ScheduleData schedule, LocalDate date) {
        List<ScheduleData.ExceptionDate> once = schedule.exceptions().stream()
                .filter(exception -> !exception.yearly() && exception.appliesOn(date))
                .toList();
        if (!once.isEmpty()) {
            return once;
        }
        return schedule.exceptions().stream()
                .filter(exception -> exception.yearly() && exception.appliesOn(date))
                .toList();
    }

    /**
     * The zone a schedule is evaluated in (execution-plane spec §5.1): its own, else the organisation's, else UTC; an
     * unknown zone name means UTC, with a warning.
     */
    public static ZoneId zone(String scheduleTimezone, String organizationTimezone) {
        String name = scheduleTimezone != null ? scheduleTimezone : organizationTimezone;
        if (name == null) {
            return UTC;
        }
        try {
            return ZoneId.of(name);
        } catch (DateTimeException e) {
            log.warn("unknown timezone {} in a business-hours evaluation; using UTC", name);
            return UTC;
        }
    }
}
