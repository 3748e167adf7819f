package opbx.businesshours;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The business-hours object of control-plane spec §3.8: ids as strings (the SPA reads them so), all seven days,
 * exceptions by date, prefixed target ids, and the status a caller would get now.
 */
public final class BusinessHoursJson {

    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

    private BusinessHoursJson() {
    }

    public static Map<String, Object> of(BusinessHours schedule, Instant now) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", String.valueOf(schedule.id()));
        json.put("organization_id", String.valueOf(schedule.organizationId()));
        json.put("name", schedule.name());
        json.put("status", schedule.status());
        json.put("timezone", schedule.timezone());
        json.put("effective_timezone", schedule.effectiveZone().getId());
        json.put("schedule", week(schedule));
        json.put("exceptions", schedule.exceptions().stream().map(BusinessHoursJson::exception).toList());
        json.put("open_hours_action", action(schedule.openAction()));
        json.put("closed_hours_action", action(schedule.closedAction()));
        json.put("current_status", ScheduleClock.status(schedule.toScheduleData(), schedule.effectiveZone(), now));
        json.put("created_at", schedule.createdAt());
        json.put("updated_at", schedule.updatedAt());
        json.put("deleted_at", schedule.deletedAt());
        return json;
    }

    static String time(LocalTime time) {
        return time.format(HH_MM);
    }

    private static Map<String, Object> week(BusinessHours schedule) {
        Map<String, Object> week = new LinkedHashMap<>();
        for (DayOfWeek day : DayOfWeek.values()) {
            BusinessHours.Day row = schedule.days().get(day);
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("enabled", row != null && row.enabled());
            json.put("time_ranges", row == null || !row.enabled() ? List.of() : ranges(row.ranges()));
            week.put(BusinessHours.dayName(day), json);
        }
        return week;
    }

    private static Map<String, Object> exception(BusinessHours.DateException exception) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", String.valueOf(exception.id()));
        json.put("date", exception.date().toString());
        json.put("name", exception.name());
        json.put("type", exception.type());
        json.put("recurrence", exception.recurrence());
        if ("special_hours".equals(exception.type())) {
            json.put("time_ranges", ranges(exception.ranges()));
        }
        return json;
    }

    private static List<Map<String, Object>> ranges(List<BusinessHours.Range> ranges) {
        return ranges.stream().map(range -> {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("id", String.valueOf(range.id()));
            json.put("start_time", time(range.start()));
            json.put("end_time", time(range.end()));
            return json;
        }).toList();
    }

    private static Map<String, Object> action(BusinessHours.Action action) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("type", action.type());
        json.put("target_id", action.targetId());
        return json;
    }
}
