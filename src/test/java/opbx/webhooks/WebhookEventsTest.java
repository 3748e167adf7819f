package opbx.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import opbx.cache.RedisKeys;
import opbx.support.TestApp;
import opbx.support.TestStores;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;

/** The events a call's webhooks publish (execution-plane spec §12.1), read off the organisation's Redis channel. */
class WebhookEventsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final TestApp app = TestApp.shared();

    /** Subscribes to one organisation's channel on a connection of its own; messages land in a queue. */
    private static final class Channel implements AutoCloseable {
        final BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
        private final JedisPubSub subscription = new JedisPubSub() {
            @Override
            public void onMessage(String channel, String message) {
                try {
                    events.add(MAPPER.readTree(message));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }

            @Override
            public void onSubscribe(String channel, int count) {
                subscribed.countDown();
            }
        };
        private final CountDownLatch subscribed = new CountDownLatch(1);

        Channel(long org) throws InterruptedException {
            var target = TestStores.get().redis();
            Thread listener = new Thread(() -> {
                try (Jedis jedis = new Jedis(target.host(), target.port())) {
                    if (target.password() != null) {
                        jedis.auth(target.password());
                    }
                    jedis.subscribe(subscription, RedisKeys.tenant(org, "events"));
                }
            }, "events-test");
            listener.setDaemon(true);
            listener.start();
            if (!subscribed.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("no subscription");
            }
        }

        JsonNode next() throws InterruptedException {
            JsonNode event = events.poll(10, TimeUnit.SECONDS);
            assertNotNull(event, "an event within 10 s");
            return event;
        }

        @Override
        public void close() {
            subscription.unsubscribe();
        }
    }

    @Test
    void a_calls_webhooks_publish_its_events_once_and_repeats_publish_nothing() throws Exception {
        HookWorld w = new HookWorld(app, "Hooks events");
        try (Channel channel = new Channel(w.org)) {
            w.routeInbound("ev-1");
            w.post(HookWorld.SESSION_UPDATE, "{\"id\":555001,\"eventId\":\"e1\",\"token\":\"ev-1\",\"status\":\"connected\","
                    + "\"callAnswerTime\":1768404607000}");
            w.post(HookWorld.CDR, "{\"call_id\":\"ev-1@10.0.0.1\",\"session\":{\"id\":555001,\"token\":\"ev-1\"},"
                    + "\"disposition\":\"ANSWERED\",\"billsec\":42}");
            List<String> types = new ArrayList<>();
            JsonNode event;
            do {
                event = channel.next();
                types.add(event.path("type").asText());
                assertEquals(w.org, event.path("organization_id").asLong());
            } while (!"call.ended".equals(event.path("type").asText()));
            assertEquals(List.of("call.routed", "session.updated", "call.initiated", "call.answered", "cdr.received",
                    "call.ended"), types);
            assertEquals(42, event.path("data").path("duration").asInt());
            assertEquals("completed", event.path("data").path("status").asText());

            // Repeats publish nothing: the next event is the one of the call-status that follows them.
            w.post(HookWorld.CDR, "{\"call_id\":\"ev-1@10.0.0.1\",\"session\":{\"id\":555001,\"token\":\"ev-1\"}}");
            w.post(HookWorld.SESSION_UPDATE, "{\"id\":555001,\"eventId\":\"e1\",\"token\":\"ev-1\",\"status\":\"connected\"}");
            w.post(HookWorld.CALL_STATUS, "{\"call_id\":\"ev-2\",\"status\":\"initiated\"}");
            JsonNode after = channel.next();
            assertEquals("call.initiated", after.path("type").asText());
            assertEquals("ev-2", after.path("data").path("call_id").asText());
        }
    }
}
