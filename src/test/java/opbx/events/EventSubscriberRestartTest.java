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

                    // PUBLISH answers how many subscribers got the message: the first one that reaches ours is the probe.
                    String channel = RedisEventPublisher.channel(team.organizationId());
                    String probe = "{\"id\":\"probe\",\"type\":\"call.ended\",\"organization_id\":" + team.organizationId()
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
                    assertEquals("probe", event.id());
                    assertEquals("c-probe", event.envelope().path("data").path("call_id").asText());
                }
            } finally {
                app.close();
            }
        }
    }
}
