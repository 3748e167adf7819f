package opbx.businesshours;

import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import opbx.audit.Changes;

/**
 * The audit {@code changes} of a schedule (control-plane spec §5): plain fields as they are, the actions as
 * {@code {type, target_id}}, and the embedded collections as lists, one readable entry per range or exception
 * ({@code "monday 09:00-17:00"}, {@code "2025-12-25 Christmas: closed, yearly"}), so a replaced but equal
 * collection is no change.
 */
final class BusinessHoursAudit {

    private BusinessHoursAudit() {
    }

    static Map<String, Object> fields(BusinessHours schedule) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("name", schedule.name());
        fields.put("status", schedule.status());
        fields.put("timezone", schedule.timezone());
        fields.put("open_hours_action", action(schedule.openAction()));
        fields.put("closed_hours_action", action(schedule.closedAction()));
        fields.put("schedule", week(schedule));
        fields.put("exceptions", exceptions(schedule));
        return fields;
    }

    static Changes changes(BusinessHours stored, BusinessHours saved) {
        Changes changes = new Changes();
        Map<String, Object> before = fields(stored);
        fields(saved).forEach((name, value) -> changes.field(name, before.get(name), value));
        return changes;
    }

    private static Map<String, Object> action(BusinessHours.Action action) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("type", action.type());
        json.put("target_id", action.targetId());
        return json;
    }

    private static List<String> week(BusinessHours schedule) {
        List<String> entries = new ArrayList<>();
        for (DayOfWeek day : DayOfWeek.values()) {
            BusinessHours.Day row = schedule.days().get(day);
            if (row != null && row.enabled()) {
                row.ranges().forEach(range -> entries.add(BusinessHours.dayName(day) + " " + range(range)));
            }
        }
        return entries;
    }

    private static List<String> exceptions(BusinessHours schedule) {
        return schedule.exceptions().stream()
                .map(exception -> exception.date() + " " + exception.name() + ": " + exception.type()
                        + (exception.ranges().isEmpty() ? ""
                                : " " + exception.ranges().stream().map(BusinessHoursAudit::range).collect(Collectors.joining(" ")))
                        + ", " + exception.recurrence())
                .toList();
    }

    private static String range(BusinessHours.Range range) {
        return BusinessHoursJson.time(range.start()) + "-" + BusinessHoursJson.time(range.end());
    }
}
