package opbx.voice.model;

import java.util.List;

/** A ring group with its ordered members ({@code opbx:{o}:rg:{id}}); members' details come from extension entries. */
public record RingGroupInfo(long id, String name, String strategy, Integer timeout, Integer ringTurns, String fallbackAction,
                            Long fallbackExtensionId, Long fallbackRingGroupId, Long fallbackIvrMenuId,
                            Long fallbackAiAssistantId, String status, List<Member> members) {

    /** A member row, ordered by priority then member id. */
    public record Member(long extensionId, int priority, long memberId) {
    }

    public boolean active() {
        return "active".equals(status);
    }
}
