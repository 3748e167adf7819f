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

    /** Publishes nothing: for the CLI and the dry run. */
    EventPublisher NONE = (organizationId, type, data) -> {
    };
}
