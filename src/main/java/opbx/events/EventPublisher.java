package opbx.events;

import java.util.Map;

/**
 * Publishes the real-time events of execution-plane spec §12 to the organisation's Redis channel
 * {@code opbx:{o}:events}. Called after commit; delivery is at most once, so a failure is logged and dropped, never
 * thrown into the webhook or routing answer that triggered it.
 */
public interface EventPublisher {

    /** {@code type} is one of §12.1's names ({@code call.initiated}, ...); {@code data} becomes the envelope's data. */
    void publish(long organizationId, String type, Map<String, Object> data);

    /**
     * The same event, sent with the routing request's other Redis writes in one pipelined round trip after the answer
     * (see {@code RedisWrites}); publishers without Redis publish at once.
     */
    default void publish(long organizationId, String type, Map<String, Object> data, opbx.cache.RedisWrites writes) {
        publish(organizationId, type, data);
    }

    /** Publishes nothing: for the CLI and the dry run. */
    EventPublisher NONE = (organizationId, type, data) -> {
    };
}
