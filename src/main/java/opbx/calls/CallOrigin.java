package opbx.calls;

/**
 * Where a call came from and went to, for a call log the webhooks create: the call summary routing left in Redis
 * when there is one, else what the report itself says (execution-plane spec §9.6).
 *
 * @param direction  {@code inbound}, {@code outbound} or {@code internal}
 * @param fromNumber the caller through {@code party()}, {@code Unknown} when not known
 * @param toNumber   the destination through {@code party()}, {@code Unknown} when not known
 * @param didId      the DID the call came in on, or null (found from the destination when not given)
 */
public record CallOrigin(String direction, String fromNumber, String toNumber, Long didId, Long extensionId,
                         Long ringGroupId) {

    public static final String UNKNOWN = "Unknown";

    /** A direction word (a session's or routing's) as a call log's: outgoing and application are outbound. */
    public static String direction(String sessionDirection) {
        if (sessionDirection == null) {
            return "inbound";
        }
        return switch (sessionDirection) {
            case "outgoing", "outbound", "application" -> "outbound";
            case "internal" -> "internal";
            default -> "inbound";
        };
    }
}
