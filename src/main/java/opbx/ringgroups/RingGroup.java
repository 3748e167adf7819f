package opbx.ringgroups;

import java.time.OffsetDateTime;

/**
 * A ring group row (control-plane spec §3.4) with what its responses add: member counts and the number of the
 * fallback extension.
 */
public record RingGroup(long id, long organizationId, String name, String description, String strategy, int timeout,
                        int ringTurns, String fallbackAction, Long fallbackExtensionId, Long fallbackRingGroupId,
                        Long fallbackIvrMenuId, Long fallbackAiAssistantId, String status, int membersCount,
                        int activeMembersCount, String fallbackExtensionNumber, OffsetDateTime createdAt,
                        OffsetDateTime updatedAt) {

    /** The stored id of the fallback field belonging to {@code action}, or null. */
    public Long fallbackId(String action) {
        return switch (action) {
            case "extension" -> fallbackExtensionId;
            case "ring_group" -> fallbackRingGroupId;
            case "ivr_menu" -> fallbackIvrMenuId;
            case "ai_assistant" -> fallbackAiAssistantId;
            default -> null;
        };
    }
}
