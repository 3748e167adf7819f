package opbx.ringgroups;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The ring group object of control-plane spec §3.4 (all fields always present), with or without its members. */
public final class RingGroupJson {

    private RingGroupJson() {
    }

    /** The full object: the summary plus {@code members}, ordered by priority, then id. */
    static Map<String, Object> of(RingGroup group, List<RingGroupMember> members) {
        Map<String, Object> json = fields(group);
        json.put("members", members.stream().map(RingGroupJson::member).toList());
        json.put("created_at", group.createdAt());
        json.put("updated_at", group.updatedAt());
        return json;
    }

    /**
     * The object without {@code members}, for embedding in other resources (the phone-number response's
     * {@code ring_group}, control-plane spec §3.9). The counts stay, so a caller can tell a group without active
     * members.
     */
    public static Map<String, Object> summary(RingGroup group) {
        Map<String, Object> json = fields(group);
        json.put("created_at", group.createdAt());
        json.put("updated_at", group.updatedAt());
        return json;
    }

    private static Map<String, Object> fields(RingGroup group) {
        boolean toExtension = "extension".equals(group.fallbackAction()) && group.fallbackExtensionId() != null;
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", group.id());
        json.put("organization_id", group.organizationId());
        json.put("name", group.name());
        json.put("description", group.description());
        json.put("strategy", group.strategy());
        json.put("timeout", group.timeout());
        json.put("ring_turns", group.ringTurns());
        json.put("fallback_action", group.fallbackAction());
        json.put("fallback_extension_id", group.fallbackExtensionId());
        json.put("fallback_ring_group_id", group.fallbackRingGroupId());
        json.put("fallback_ivr_menu_id", group.fallbackIvrMenuId());
        json.put("fallback_ai_assistant_id", group.fallbackAiAssistantId());
        json.put("fallback_extension_number", toExtension ? group.fallbackExtensionNumber() : null);
        json.put("fallback_extension", toExtension ? fallbackExtension(group) : null);
        json.put("status", group.status());
        json.put("members_count", group.membersCount());
        json.put("active_members_count", group.activeMembersCount());
        return json;
    }

    private static Map<String, Object> fallbackExtension(RingGroup group) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", group.fallbackExtensionId());
        json.put("extension_number", group.fallbackExtensionNumber());
        return json;
    }

    private static Map<String, Object> member(RingGroupMember member) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", member.id());
        json.put("extension_id", member.extensionId());
        json.put("extension_number", member.extensionNumber());
        json.put("user_name", member.userName());
        json.put("extension_status", member.extensionStatus());
        json.put("priority", member.priority());
        return json;
    }
}
