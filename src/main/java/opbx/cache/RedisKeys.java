package opbx.cache;

/**
 * The one helper that names Redis keys (execution-plane spec §10.1). Tenant keys are {@code opbx:{<org id>}:...} with
 * literal braces, so all of an organisation's keys hash to one Redis Cluster slot and are scoped the way SQL is.
 * Only keys that find the organisation, and per-address counters, are global.
 */
public final class RedisKeys {

    private static final String PREFIX = "opbx:";

    private RedisKeys() {
    }

    /** {@code opbx:{<org>}:<part>:<part>...}, e.g. {@code tenant(7, "ext", "n", "1001")}. */
    public static String tenant(long organizationId, String... parts) {
        if (organizationId <= 0) {
            throw new IllegalArgumentException("organization id must be positive");
        }
        return PREFIX + "{" + organizationId + "}" + join(parts);
    }

    /** The pattern matching every key of one organisation, for SCAN when it is deleted. */
    public static String tenantPattern(long organizationId) {
        return tenant(organizationId) + ":*";
    }

    /** {@code opbx:<part>:<part>...}: only for keys that resolve an organisation or count per address. */
    public static String global(String first, String... rest) {
        return PREFIX + first + join(rest);
    }

    private static String join(String[] parts) {
        StringBuilder key = new StringBuilder();
        for (String part : parts) {
            key.append(':').append(part);
        }
        return key.toString();
    }
}
