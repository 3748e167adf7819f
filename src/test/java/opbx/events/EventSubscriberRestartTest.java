package opbx.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import opbx.infra.EmbeddedRedisServer;
import opbx.support.Identity;
import opbx.support.TestApp;
import opbx.support.TestStores;
import org.junit.jupiter.api.Test;

/** The subscriber outlives a Redis restart: it reconnects and subscribes again, and the open stream goes on. */
class EventSubscriberRestartTest {

    @Test
    void after_redis_restarts_an_open_stream_receives_events_again() {
        try (EmbeddedRedisServer redis = EmbeddedRedisServer.start()) {
            TestApp app = TestApp.start(TestStores.get().database(), redis.target(), Map.of("OPBX_SSE_HEARTBEAT_S", "1"));
            try (SseProbe events = SseProbe.open(app, Identity.team(app, "Events Restart Org").organizationId())) {
                redis.stop();
                redis.startAgain();

                events.assertDelivered();
            } finally {
                app.close();
            }
        }
    }

    @Test
    void after_an_outage_longer_than_the_backoff_cap_events_flow_again() {
        try (EmbeddedRedisServer redis = EmbeddedRedisServer.start()) {
            TestApp app = TestApp.start(TestStores.get().database(), redis.target(), Map.of("OPBX_SSE_HEARTBEAT_S", "1"));
            try (SseProbe events = SseProbe.open(app, Identity.team(app, "Events Outage Org").organizationId())) {
                redis.stop();
                // Down until the subscriber has failed at the 5 s cap several times (100 ms doubling: the 8th attempt
                // comes after 6.3 s + 5 s), watched through /metrics while the stream's pings go on.
                Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
                while (reconnects(app) < 8 && Instant.now().isBefore(deadline)) {
                    events.client().lineWithin(Duration.ofMillis(500));
                }
                assertTrue(reconnects(app) >= 8, "the subscriber kept trying: " + reconnects(app));
                assertEquals("reconnecting", app.http().get("/api/health").json().path("services").path("events").asText());
                redis.startAgain();

                events.assertDelivered();
                assertEquals("subscribed", app.http().get("/api/health").json().path("services").path("events").asText());
            } finally {
                app.close();
            }
        }
    }

    private static double reconnects(TestApp app) {
        return app.http().get("/metrics").body().lines().filter(line -> line.startsWith("opbx_events_reconnects "))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.indexOf(' ') + 1))).findFirst().orElse(-1);
    }
}
