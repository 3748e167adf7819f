package opbx.cache;

/**
 * The routing cache keys of execution-plane spec §10.2, named in one place for the control plane (which deletes them
 * after its writes) and the execution plane (which reads them).
 */
public final class RoutingKeys {

    private RoutingKeys() {
    }

    /** {@code opbx:{o}:org}: status, timezone and the settings routing reads. */
    public static String organization(long organizationId) {
        return RedisKeys.tenant(organizationId, "org");
    }

    /** {@code opbx:{o}:ext:i:{id}} */
    public static String extensionById(long organizationId, long extensionId) {
        return RedisKeys.tenant(organizationId, "ext", "i", String.valueOf(extensionId));
    }

    /** {@code opbx:{o}:ext:n:{number}} */
    public static String extensionByNumber(long organizationId, String extensionNumber) {
        return RedisKeys.tenant(organizationId, "ext", "n", extensionNumber);
    }

    /** {@code opbx:{o}:did:{e164}} */
    public static String did(long organizationId, String e164) {
        return RedisKeys.tenant(organizationId, "did", e164);
    }

    /** {@code opbx:{o}:rg:{id}}: the group and its ordered members. */
    public static String ringGroup(long organizationId, long ringGroupId) {
        return RedisKeys.tenant(organizationId, "rg", String.valueOf(ringGroupId));
    }

    /** {@code opbx:{o}:rg:{id}:rr}: the round-robin pointer, deleted with the group. */
    public static String ringGroupRotation(long organizationId, long ringGroupId) {
        return RedisKeys.tenant(organizationId, "rg", String.valueOf(ringGroupId), "rr");
    }

    /** {@code opbx:{o}:conf:{id}} */
    public static String conferenceRoom(long organizationId, long roomId) {
        return RedisKeys.tenant(organizationId, "conf", String.valueOf(roomId));
    }

    /** {@code opbx:{o}:menu:{id}}: the menu with its options. */
    public static String ivrMenu(long organizationId, long menuId) {
        return RedisKeys.tenant(organizationId, "menu", String.valueOf(menuId));
    }

    /** {@code opbx:{o}:bh:{id}}: the schedule with days, ranges and exceptions. */
    public static String businessHours(long organizationId, long scheduleId) {
        return RedisKeys.tenant(organizationId, "bh", String.valueOf(scheduleId));
    }

    /** {@code opbx:{o}:obwl}: all outbound whitelist rows. */
    public static String outboundWhitelist(long organizationId) {
        return RedisKeys.tenant(organizationId, "obwl");
    }
}
