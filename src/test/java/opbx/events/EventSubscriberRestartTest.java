package opbx.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import opbx.infra.EmbeddedRedisServer;
import opbx.support.Identity;
import opbx.support.TestApp;
import opbx.support.TestStores;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.exceptions.JedisException;

/** The subscriber outlives a Redis restart: it reconnects and subscribes again, and the open stream goes on. */
class EventSubscriberRestartTest {

    @Test
    void after_redis_restarts_an_open_stream_receives_events_again() {
        try (EmbeddedRedisServer redis = EmbeddedRedisServer.start()) {
            TestApp app = TestApp.start(TestStores.get().database(), redis.target(), Map.of("OPBX_SSE_HEARTBEAT_S", "1"));
            try {
                Identity.Team team = Identity.team(app, "Events Restart Org");
                try (SseTestClient client = SseTestClient.open("http://127.0.0.1:" + app.server().port(),
                        "/api/v1/events", team.owner().token())) {
                    client.awaitOpen();

                    redis.stop();
                    redis.startAgain();

                    assertProbeArrives(app, client, team.organizationId());
                }
            } finally {
                app.close();
            }
        }
    }

    @Test
    void after_an_outage_longer_than_the_backoff_cap_events_flow_again() {
        try (EmbeddedRedisServer redis = EmbeddedRedisServer.start()) {
            TestApp app = TestApp.start(TestStores.get().database(), redis.target(), Map.of("OPBX_SSE_HEARTBEAT_S", "1"));
            try {
                Identity.Team team = Identity.team(app, "Events Outage Org");
                try (SseTestClient client = SseTestClient.open("http://127.0.0.1:" + app.server().port(),
                        "/api/v1/events", team.owner().token())) {
                    client.awaitOpen();
                    redis.stop();
                    // Down until the subscriber has failed at the 5 s cap several times (100 ms doubling: the 8th
                    // attempt comes after 6.3 s + 5 s), watched through /metrics while the stream's pings go on.
                    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
                    while (reconnects(app) < 8 && Instant.now().isBefore(deadline)) {
                        client.lineWithin(Duration.ofMillis(500));
                    }
                    assertEquals(true, reconnects(app) >= 8, "the subscriber kept trying: " + reconnects(app));
                    assertEquals("reconnecting", app.http().get("/api/health").json().path("services").path("events")
                            .asText());
                    redis.startAgain();

                    assertProbeArrives(app, client, team.organizationId());
                    assertEquals("subscribed", app.http().get("/api/health").json().path("services").path("events")
                            .asText());
                }
            } finally {
                app.close();
            }
        }
    }

    private static double reconnects(TestApp app) {
        return app.http().get("/metrics").body().lines().filter(line -> line.startsWith("opbx_events_reconnects "))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.indexOf(' ') + 1))).findFirst().orElse(-1);
    }

    /** Publishes a probe until the subscriber, back on Redis, receives it; then reads it from the stream. */
    private static void assertProbeArrives(TestApp app, SseTestClient client, long organizationId) {
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
}
