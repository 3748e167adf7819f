package opbx.voice.scenarios;

import static opbx.voice.scenarios.Docs.busy;
import static opbx.voice.scenarios.Docs.dialUser;
import static opbx.voice.scenarios.Voice.assertCxml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import opbx.infra.EmbeddedRedisServer;
import opbx.support.HttpTestClient.Response;
import opbx.support.TestApp;
import opbx.support.TestStores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Execution-plane spec §13 scenario 39, the voice part (§11): 1000 voice requests a minute per organisation by
 * default, a decaying sliding window. The server clock is pinned so the requests fall where the scenario says.
 */
@ExtendWith(ContentTypeCheck.class)
class RateLimitScenarioTest {

    private static EmbeddedRedisServer redis;
    private static TestApp app;
    private static ScenarioFixtures.World w;
    private static Voice voice;

    /** The shared test server raises the voice limit out of the suite's way: this one has the spec's default. */
    @BeforeAll
    static void start() {
        redis = EmbeddedRedisServer.start();
        app = TestApp.start(TestStores.get().database(), redis.target(), Map.of("OPBX_RATE_LIMIT_VOICE_PER_MIN", "1000"));
        w = ScenarioFixtures.build(app, "Rate limit");
        voice = new Voice(app, w.k1);
    }

    @AfterAll
    static void stop() {
        try {
            if (app != null) {
                app.close();
            }
        } finally {
            if (redis != null) {
                redis.close();
            }
        }
    }

    @Test
    void scenario_39_the_1001st_voice_request_in_a_bucket_is_busy_and_a_steady_900_a_minute_is_admitted() {
        Instant bucket = Instant.parse("2026-03-02T10:00:00Z");
        try {
            TestApp.CLOCK.pin(bucket.plusSeconds(1));
            for (int i = 1; i <= 1000; i++) {
                Response response = voice.inbound("c-39-" + i, w.d(1));
                if (response.status() != 200) {
                    fail("request " + i + " of the burst refused: " + response.status() + "\n" + response.body());
                }
            }
            Response refused = voice.inbound("c-39-1001", w.d(1));
            assertCxml(429, busy(), refused);
            assertNotNull(refused.header("Retry-After"), "Retry-After");
            assertTrue(Integer.parseInt(refused.header("Retry-After")) >= 1, "Retry-After >= 1: " + refused.header("Retry-After"));
            assertEquals("1000", refused.header("X-RateLimit-Limit"), "X-RateLimit-Limit");

            // Afterwards, a steady 900 a minute (one request every 1/15 s) for two minutes: all admitted.
            Instant start = bucket.plusSeconds(61);
            for (int i = 0; i < 1800; i++) {
                Instant at = start.plus(Duration.ofMillis(i * 60_000L / 900));
                TestApp.CLOCK.pin(at);
                Response response = voice.inbound("c-39-s" + i, w.d(1));
                if (response.status() != 200 || !response.body().equals(dialUser("1001"))) {
                    fail("steady request " + i + " at " + at + " not admitted: " + response.status() + " remaining "
                            + response.header("X-RateLimit-Remaining") + "\n" + response.body());
                }
            }
        } finally {
            TestApp.CLOCK.release();
        }
    }
}
