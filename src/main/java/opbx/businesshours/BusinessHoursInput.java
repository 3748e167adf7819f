package opbx.businesshours;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.DayOfWeek;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import opbx.http.Fields;

/**
 * Reads a business-hours body (control-plane spec §3.8) over the stored schedule: absent fields keep their stored
 * value, a present null clears a nullable one, {@code schedule} and {@code exceptions} absent = unchanged (§0.5).
 * Checks the shape of every field; the name's uniqueness and the action targets need the database and are the
 * service's.
 */
final class BusinessHoursInput {

    static final Set<String> STATUSES = Set.of("active", "inactive");
    /** The target id prefix of each action type. */
    static final Map<String, String> PREFIXES = Map.of(
            "extension", "ext",
            "ring_group", "rg",
            "conference_room", "conf",
            "ivr_menu", "ivr");
    static final String OPEN = "open_hours_action";
    static final String CLOSED = "closed_hours_action";

    private static final Pattern PREFIXED = Pattern.compile("^(ext|rg|conf|ivr)-([0-9]{1,18})$");
    private static final Pattern BARE = Pattern.compile("^[0-9]{1,18}$");

    final Fields fields;
    final BusinessHoursRepository.Values values;
    /** The new week, or null when the request leaves it unchanged. */
    final Map<DayOfWeek, ScheduleData.Day> week;
    /** The new exceptions, or null when the request leaves them unchanged. */
    final List<BusinessHoursRepository.NewException> exceptions;

    private BusinessHoursInput(Fields fields, BusinessHoursRepository.Values values, Map<DayOfWeek, ScheduleData.Day> week,
                               List<BusinessHoursRepository.NewException> exceptions) {
        this.fields = fields;
        this.values = values;
        this.week = week;
        this.exceptions = exceptions;
    }

    /** @param stored the current schedule, or null on create */
    static BusinessHoursInput read(ObjectNode body, BusinessHours stored) {
        boolean create = stored == null;
        Fields fields = new Fields(body);
        String name = create || fields.has("name") ? fields.string("name", true, 2, 255) : stored.name();
        String status = fields.has("status") ? fields.oneOf("status", true, STATUSES)
                : create ? "active" : stored.status();
        String timezone = fields.has("timezone") ? fields.timezone("timezone", false) : create ? null : stored.timezone();
        BusinessHours.Action open = action(fields, OPEN, create ? null : stored.openAction());
        BusinessHours.Action closed = action(fields, CLOSED, create ? null : stored.closedAction());
        Map<DayOfWeek, ScheduleData.Day> week = create || fields.has("schedule") ? TimeRulesInput.week(fields) : null;
        List<BusinessHoursRepository.NewException> exceptions = create || fields.has("exceptions")
                ? TimeRulesInput.exceptions(fields) : null;
        return new BusinessHoursInput(fields, new BusinessHoursRepository.Values(name, status, timezone, open, closed),
                week, exceptions);
    }

    /**
     * {@code {type, target_id}}, required on create; the target is {@code <prefix>-<id>} with the prefix of the type,
     * or a bare id, and comes back in the canonical prefixed form. The stored action when the field is absent.
     */
    private static BusinessHours.Action action(Fields fields, String field, BusinessHours.Action stored) {
        if (!fields.has(field) && stored != null) {
            return stored;
        }
        ObjectNode node = fields.object(field, true);
        if (node == null) {
            return null;
        }
        String type = NestedFields.oneOf(fields, node, "type", field + ".type", true, PREFIXES.keySet());
        String path = field + ".target_id";
        JsonNode target = node.get("target_id");
        if (NestedFields.absent(target)) {
            fields.add(path, "The " + Fields.label(path) + " field is required.");
            return null;
        }
        if (type == null) {
            return null;
        }
        String prefix = PREFIXES.get(type);
        String text = target.isIntegralNumber() || target.isTextual() ? target.asText().trim() : "";
        Matcher prefixed = PREFIXED.matcher(text);
        String digits = prefixed.matches() && prefixed.group(1).equals(prefix) ? prefixed.group(2)
                : BARE.matcher(text).matches() ? text : null;
        if (digits == null || Long.parseLong(digits) <= 0) {
            fields.add(path, "The selected " + Fields.label(path) + " is invalid.");
            return null;
        }
        return new BusinessHours.Action(type, prefix + "-" + Long.parseLong(digits));
    }
}
