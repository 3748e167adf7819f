package opbx.ringgroups;

/** A member of a ring group with the extension details its response shows (control-plane spec §3.4). */
public record RingGroupMember(long id, long ringGroupId, long extensionId, String extensionNumber, String userName,
                              String extensionStatus, int priority) {
}
