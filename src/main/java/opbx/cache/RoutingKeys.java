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
}
