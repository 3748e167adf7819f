package opbx.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import opbx.access.Role;
import opbx.support.Identity;
import opbx.support.TestApp;
import redis.clients.jedis.exceptions.JedisException;

/**
 * An open {@code GET /api/v1/events} stream of one organisation, and the check that an event published now reaches
 * it: for tests that break Redis and must see events flow again afterwards.
 */
public final class SseProbe implements AutoCloseable {

    private final TestApp app;
    private final long organizationId;
    private final SseTestClient client;

    private SseProbe(TestApp app, long organizationId, SseTestClient client) {
        this.app = app;
        this.organizationId = organizationId;
        this.client = client;
    }

    /** Opens the stream as a new owner of the organisation and waits until it is open. */
    public static SseProbe open(TestApp app, long organizationId) {
        String token = Identity.member(app, organizationId, Role.OWNER).token();
        SseTestClient client = SseTestClient.open("http://127.0.0.1:" + app.server().port(), "/api/v1/events", token);
        client.awaitOpen();
        return new SseProbe(app, organizationId, client);
    }

    SseTestClient client() {
        return client;
    }

    /** Publishes a probe until the instance's subscriber receives it (Redis may still be coming back), then reads it. */
    public void assertDelivered() {
        // PUBLISH answers how many subscribers got the message: the first one that reaches ours is the probe.
        String channel = RedisEventPublisher.channel(organizationId);
        String probe = "{\"id\":\"probe\",\"type\":\"call.ended\",\"organization_id\":" + organizationId
                + ",\"occurred_at\":\"2026-01-05T10:00:00Z\",\"data\":{\"call_id\":\"c-probe\"}}";
        Instant deadline = Instant.now().plus(SseTestClient.WAIT);
        long receivers = 0;
        while (receivers == 0 && Instant.now().isBefore(deadline)) {
            try {
                receivers = app.server().redis().client().publish(channel, probe);
            } catch (JedisException e) {
                // the pooled connection from before the restart: the pool replaces it
            }
            if (receivers == 0) {
                // Wait a little by reading the stream (pings), never by sleeping.
                client.lineWithin(Duration.ofMillis(50));
            }
        }
        assertEquals(1, receivers, "the subscriber did not come back within " + SseTestClient.WAIT);
        SseTestClient.Event event = client.nextEvent();
        while (!"probe".equals(event.id())) {
            event = client.nextEvent();
        }
        assertEquals("c-probe", event.envelope().path("data").path("call_id").asText());
    }

    @Override
    public void close() {
        client.close();
    }
}
