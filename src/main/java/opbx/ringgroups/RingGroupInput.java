package opbx.ringgroups;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import opbx.http.Fields;

/**
 * Reads a ring group body (control-plane spec §3.4) over the stored record: absent fields keep their stored value, a
 * present null clears a nullable one, {@code members} absent = unchanged (§0.5). Checks the shape of every field;
 * the links (name taken, fallback target, member extensions) need the database and are the service's.
 */
final class RingGroupInput {

    static final Set<String> STRATEGIES = Set.of("simultaneous", "round_robin", "sequential");
    static final Set<String> STATUSES = Set.of("active", "inactive");
    static final Set<String> FALLBACK_ACTIONS = Set.of("extension", "ring_group", "ivr_menu", "ai_assistant", "hangup");
    /** The id field of each fallback action that has a target. */
    static final Map<String, String> FALLBACK_FIELDS = Map.of(
            "extension", "fallback_extension_id",
            "ring_group", "fallback_ring_group_id",
            "ivr_menu", "fallback_ivr_menu_id",
            "ai_assistant", "fallback_ai_assistant_id");
    static final int MAX_MEMBERS = 50;

    final Fields fields;
    final RingGroupRepository.Values values;
    /** The new member list in request order, or null when the request leaves the members unchanged. */
    final List<Member> members;

    /** A member element of the request: its position in the array, its extension and its priority. */
    record Member(int index, long extensionId, int priority) {

        String path() {
            return "members." + index + ".extension_id";
        }
    }

    private RingGroupInput(Fields fields, RingGroupRepository.Values values, List<Member> members) {
        this.fields = fields;
        this.values = values;
        this.members = members;
    }

    /** @param stored the current group, or null on create */
    static RingGroupInput read(ObjectNode body, RingGroup stored) {
        boolean create = stored == null;
        Fields fields = new Fields(body);
        String name = create || fields.has("name") ? fields.string("name", true, 2, 100) : stored.name();
        String description = fields.has("description") ? fields.string("description", false, 0, 1000)
                : create ? null : stored.description();
        String strategy = fields.has("strategy") ? fields.oneOf("strategy", true, STRATEGIES)
                : create ? "simultaneous" : stored.strategy();
        Long timeout = fields.has("timeout") ? fields.integer("timeout", true, 5, 300)
                : Long.valueOf(create ? 30 : stored.timeout());
        Long ringTurns = fields.has("ring_turns") ? fields.integer("ring_turns", true, 1, 9)
                : Long.valueOf(create ? 1 : stored.ringTurns());
        String action = fields.has("fallback_action") ? fields.oneOf("fallback_action", true, FALLBACK_ACTIONS)
                : create ? "hangup" : stored.fallbackAction();
        String status = fields.has("status") ? fields.oneOf("status", true, STATUSES)
                : create ? "active" : stored.status();
        Long fallbackId = action == null ? null : fallbackId(fields, action, stored);
        // Only the id matching the action is kept; the others are stored null whatever the request says.
        RingGroupRepository.Values values = new RingGroupRepository.Values(name, description, strategy,
                timeout == null ? 0 : timeout.intValue(), ringTurns == null ? 0 : ringTurns.intValue(), action,
                "extension".equals(action) ? fallbackId : null,
                "ring_group".equals(action) ? fallbackId : null,
                "ivr_menu".equals(action) ? fallbackId : null,
                "ai_assistant".equals(action) ? fallbackId : null,
                status);
        List<Member> members = create || fields.has("members") ? members(fields) : null;
        return new RingGroupInput(fields, values, members);
    }

    /** The members as the repository writes them. */
    List<RingGroupRepository.NewMember> newMembers() {
        return members.stream().map(member -> new RingGroupRepository.NewMember(member.extensionId(), member.priority())).toList();
    }

    /** The effective id for the action: the request's, else the stored one when the action is unchanged. */
    private static Long fallbackId(Fields fields, String action, RingGroup stored) {
        String field = FALLBACK_FIELDS.get(action);
        if (field == null) {
            return null;
        }
        if (fields.has(field)) {
            return fields.integer(field, true, Long.MIN_VALUE, Long.MAX_VALUE);
        }
        Long kept = stored == null ? null : stored.fallbackId(action);
        if (kept == null) {
            fields.add(field, "The " + Fields.label(field) + " field is required.");
        }
        return kept;
    }

    /** 1..50 members with distinct extension ids; a priority defaults to the member's 1-based position. */
    private static List<Member> members(Fields fields) {
        ArrayNode array = fields.array("members", true);
        if (array == null) {
            return List.of();
        }
        if (array.isEmpty()) {
            fields.add("members", "The members field is required.");
            return List.of();
        }
        if (array.size() > MAX_MEMBERS) {
            fields.add("members", "The members must not have more than " + MAX_MEMBERS + " items.");
            return List.of();
        }
        List<Member> members = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < array.size(); i++) {
            String path = "members." + i;
            JsonNode element = array.get(i);
            if (!element.isObject()) {
                fields.add(path, "The " + path + " must be an object.");
                continue;
            }
            Long extensionId = integer(fields, element, path + ".extension_id", "extension_id", true, Long.MIN_VALUE,
                    Long.MAX_VALUE);
            Long priority = integer(fields, element, path + ".priority", "priority", false, 1, 100);
            if (extensionId == null) {
                continue;
            }
            if (!seen.add(extensionId)) {
                fields.add(path + ".extension_id", "The " + path + ".extension_id field has a duplicate value.");
                continue;
            }
            members.add(new Member(i, extensionId, priority == null ? i + 1 : priority.intValue()));
        }
        return members;
    }

    /**
     * An integer of an array element, coerced like {@link Fields#integer}; the label is the element's full path
     * (control-plane spec §0.6).
     */
    private static Long integer(Fields fields, JsonNode element, String path, String key, boolean required, long min,
                                long max) {
        JsonNode node = element.get(key);
        if (node == null || node.isNull() || node.isTextual() && node.asText().trim().isEmpty()) {
            if (required) {
                fields.add(path, "The " + path + " field is required.");
            }
            return null;
        }
        Long value = null;
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            value = node.asLong();
        } else if (node.isTextual() && node.asText().trim().matches("-?[0-9]{1,18}")) {
            value = Long.parseLong(node.asText().trim());
        }
        if (value == null) {
            fields.add(path, "The " + path + " must be an integer.");
            return null;
        }
        if (value < min || value > max) {
            fields.add(path, "The " + path + " must be between " + min + " and " + max + ".");
            return null;
        }
        return value;
    }
}
