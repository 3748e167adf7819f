package opbx.voice.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import opbx.config.RedisTarget;
import opbx.events.RedisEventPublisher;
import opbx.support.HttpTestClient.Response;
import opbx.support.TestApp;
import opbx.support.TestStores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;

/**
 * {@code call.routed} and the call summary name the first destination of every path, with its type and id, whatever
 * the outcome: an IVR menu, a conference room (its PIN prompt is a conference outcome, not an IVR one), an AI
 * assistant, a business-hours schedule, an extension, a ring group reached through an extension.
 */
class RoutedTargetTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static TestApp app;
    private static ScenarioFixtures.World w;
    private static Voice voice;
    private static Jedis subscriber;
    private static JedisPubSub events;
    private static final BlockingQueue<JsonNode> ROUTED = new LinkedBlockingQueue<>();

    @BeforeAll
    static void fixtures() throws Exception {
        app = TestApp.shared();
        w = ScenarioFixtures.build(app, "Routed targets");
        voice = new Voice(app, w.k1);
        RedisTarget target = TestStores.get().redis();
        subscriber = new Jedis(target.host(), target.port());
        if (target.password() != null) {
            subscriber.auth(target.password());
        }
        CountDownLatch subscribed = new CountDownLatch(1);
        events = new JedisPubSub() {
            @Override
            public void onSubscribe(String channel, int count) {
                subscribed.countDown();
            }

            @Override
            public void onMessage(String channel, String message) {
                try {
                    JsonNode envelope = MAPPER.readTree(message);
                    if ("call.routed".equals(envelope.path("type").asText())) {
                        ROUTED.add(envelope.path("data"));
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        };
        Thread thread = new Thread(() -> subscriber.subscribe(events, RedisEventPublisher.channel(w.org1)), "routed-events");
        thread.setDaemon(true);
        thread.start();
        assertEquals(true, subscribed.await(10, TimeUnit.SECONDS), "subscribed to the organisation's events");
    }

    @AfterAll
    static void close() {
        events.unsubscribe();
        subscriber.close();
    }

    /** The call.routed of {@code callSid}, and its call summary: the same target in both. */
    private static JsonNode routed(String callSid, Response response, String type, long id, String outcome)
            throws InterruptedException {
        assertEquals(200, response.status(), response.body());
        JsonNode event = null;
        while (event == null) {
            JsonNode next = ROUTED.poll(10, TimeUnit.SECONDS);
            assertNotNull(next, "call.routed of " + callSid);
            if (callSid.equals(next.path("call_id").asText())) {
                event = next;
            }
        }
        assertEquals(type, event.path("target_type").asText(), event.toString());
        assertEquals(id, event.path("target_id").asLong(), event.toString());
        assertEquals(outcome, event.path("outcome").asText(), event.toString());
        JsonNode summary = Voice.redisJson(app, "opbx:{" + w.org1 + "}:call:" + callSid);
        assertNotNull(summary, "call summary of " + callSid);
        assertEquals(type, summary.path("target_type").asText(), summary.toString());
        assertEquals(id, summary.path("target_id").asLong(), summary.toString());
        return event;
    }

    @Test
    void a_did_to_an_ivr_menu_names_the_menu() throws Exception {
        routed("t-ivr", voice.inbound("t-ivr", w.d(4)), "ivr_menu", w.menu(7), "ivr");
    }

    @Test
    void a_did_to_a_conference_room_with_a_pin_is_a_conference_outcome() throws Exception {
        routed("t-conf", voice.inbound("t-conf", w.d(5)), "conference_room", w.room(5), "conference");
    }

    @Test
    void an_ai_assistant_is_named_with_its_extension_id() throws Exception {
        routed("t-ai", voice.subscriber("t-ai", "1001", "5000"), "ai_assistant", w.ext(50), "service");
    }

    @Test
    void a_business_hours_did_names_the_schedule_it_reached_first() throws Exception {
        TestApp.CLOCK.pin(Instant.parse("2026-01-14T13:30:00Z"));
        Response closed;
        try {
            closed = voice.inbound("t-bh", w.d(3));
        } finally {
            TestApp.CLOCK.release();
        }
        routed("t-bh", closed, "business_hours", w.bh.get(3), "ivr");
    }

    @Test
    void a_ring_group_extension_names_the_extension_it_dialled_through() throws Exception {
        routed("t-rg", voice.inbound("t-rg", w.d(6)), "extension", w.ext(20), "dial");
        routed("t-ext", voice.inbound("t-ext", w.d(1)), "extension", w.ext(11), "dial");
        routed("t-group", voice.inbound("t-group", w.d(2)), "ring_group", w.rg(10), "dial");
    }
}
