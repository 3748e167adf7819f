package opbx.webhooks;

import static opbx.db.gen.Tables.SESSION_UPDATES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import opbx.infra.EmbeddedRedisServer;
import opbx.support.HttpTestClient.Response;
import opbx.support.TestApp;
import opbx.support.TestStores;
import org.junit.jupiter.api.Test;

/** Redis away (scenario 40) and the webhook rate limit (scenario 39), each on a server of its own. */
class WebhookDegradedTest {

    @Test
    void with_redis_stopped_updates_are_stored_and_repeats_still_answered_as_duplicates() {
        try (EmbeddedRedisServer redis = EmbeddedRedisServer.start()) {
            TestApp app = TestApp.start(TestStores.get().database(), redis.target());
            try {
                HookWorld w = new HookWorld(app, "Hooks no redis");
                w.post(HookWorld.CALL_STATUS, "{\"call_id\":\"warm\",\"status\":\"ringing\"}");
                redis.stop();
                String update = "{\"id\":666001,\"eventId\":\"e1\",\"token\":\"nr-1\",\"status\":\"connected\"}";

                Response first = w.post(HookWorld.SESSION_UPDATE, update);
                Response repeat = w.post(HookWorld.SESSION_UPDATE, update);

                assertEquals(200, first.status(), first.body());
                assertFalse(first.json().has("duplicate"));
                assertEquals(200, repeat.status(), repeat.body());
                assertTrue(repeat.json().path("duplicate").asBoolean(), "the unique key answers when Redis cannot");
                assertEquals(1, app.dsl().fetchCount(SESSION_UPDATES,
                        SESSION_UPDATES.ORGANIZATION_ID.eq(w.org).and(SESSION_UPDATES.SESSION_ID.eq(666_001L))));
            } finally {
                app.close();
            }
        }
    }

    @Test
    void past_the_organisations_webhook_limit_the_answer_is_429_json_with_retry_after() {
        TestApp app = TestApp.start(TestStores.get().database(), TestStores.get().redis(),
                Map.of("OPBX_RATE_LIMIT_WEBHOOK_PER_MIN", "2"));
        try {
            HookWorld w = new HookWorld(app, "Hooks limited");
            assertEquals(200, w.post(HookWorld.CALL_STATUS, "{\"call_id\":\"l-1\",\"status\":\"ringing\"}").status());
            assertEquals(200, w.post(HookWorld.CALL_STATUS, "{\"call_id\":\"l-2\",\"status\":\"ringing\"}").status());

            Response refused = w.post(HookWorld.CALL_STATUS, "{\"call_id\":\"l-3\",\"status\":\"ringing\"}");

            assertEquals(429, refused.status());
            assertEquals("Rate limit exceeded", refused.json().path("error").asText());
            assertEquals("Maximum 2 requests per 1 minute(s) allowed", refused.json().path("message").asText());
            assertTrue(refused.json().path("retry_after").asLong() >= 1);
            assertEquals(refused.header("Retry-After"), refused.json().path("retry_after").asText());
            assertEquals("2", refused.header("X-RateLimit-Limit"));
        } finally {
            app.close();
        }
    }
}
