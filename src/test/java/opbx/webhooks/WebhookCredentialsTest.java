package opbx.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import opbx.support.HttpTestClient.Response;
import opbx.support.TestApp;
import opbx.support.TestStores;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Every webhook with valid, forged, missing, stale and replayed credentials (execution-plane spec §1.3). */
class WebhookCredentialsTest {

    private static final String MISSING = "{\"error\":\"Unauthorized\",\"message\":\"Missing or invalid credentials\"}";
    private final TestApp app = TestApp.shared();

    private static String body(String path, HookWorld w, String id) {
        return switch (path) {
            case HookWorld.SESSION_UPDATE -> "{\"id\":" + (800_000 + Math.abs(id.hashCode() % 100_000))
                    + ",\"eventId\":\"" + id + "\",\"status\":\"ringing\",\"domain\":\"" + w.domainName + "\"}";
            case HookWorld.CDR -> "{\"call_id\":\"" + id + "\",\"domain\":\"" + w.domainName + "\"}";
            default -> "{\"call_id\":\"" + id + "\",\"status\":\"ringing\",\"domain\":\"" + w.domainName + "\"}";
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {HookWorld.SESSION_UPDATE, HookWorld.CDR, HookWorld.CALL_STATUS})
    void valid_credentials_pass_and_forged_missing_or_stale_ones_are_refused(String path) {
        HookWorld w = new HookWorld(app, "Hooks creds");
        long now = TestApp.CLOCK.instant().getEpochSecond();

        assertEquals(200, w.post(path, body(path, w, "bearer")).status());
        assertEquals(200, w.post(path, body(path, w, "apikey"), Map.of("X-Cx-Apikey", w.key)).status());
        assertEquals(200, w.signed(path, body(path, w, "signed"), now).status());

        Response wrongKey = w.post(path, body(path, w, "wrong"), Map.of("Authorization", "Bearer not-" + w.key));
        assertEquals(401, wrongKey.status());
        assertEquals(MISSING, wrongKey.body());
        Response none = w.post(path, body(path, w, "none"), Map.of());
        assertEquals(401, none.status());
        assertEquals(MISSING, none.body());
        Response forged = w.post(path, body(path, w, "forged"), Map.of("X-Cloudonix-Timestamp", String.valueOf(now),
                "X-Cloudonix-Signature", "0".repeat(64)));
        assertEquals("{\"error\":\"Unauthorized - Invalid signature\"}", forged.body());
        Response stale = w.signed(path, body(path, w, "stale"), now - 301);
        Response future = w.signed(path, body(path, w, "future"), now + 3600);
        assertEquals("{\"error\":\"Unauthorized - Stale timestamp\"}", future.body());
        assertEquals("{\"error\":\"Unauthorized - Stale timestamp\"}", stale.body());
        Response noTimestamp = w.post(path, body(path, w, "nots"), Map.of("X-Cloudonix-Signature", "0".repeat(64)));
        assertEquals("{\"error\":\"Unauthorized - Stale timestamp\"}", noTimestamp.body());
    }

    @ParameterizedTest
    @ValueSource(strings = {HookWorld.SESSION_UPDATE, HookWorld.CDR, HookWorld.CALL_STATUS})
    void a_replayed_signed_delivery_within_the_window_changes_nothing(String path) {
        HookWorld w = new HookWorld(app, "Hooks replay");
        long now = TestApp.CLOCK.instant().getEpochSecond();
        String body = body(path, w, "replayed");

        Response first = w.signed(path, body, now);
        Response replay = w.signed(path, body, now);

        assertEquals(200, first.status(), first.body());
        assertEquals(200, replay.status());
        assertTrue(replay.json().path("duplicate").asBoolean(), replay.body());
    }

    @Test
    void repeated_failures_from_one_address_are_answered_429_before_any_lookup() {
        // The failure counter is per client address and lives in the shared Redis: this test's address is its own,
        // told through a trusted proxy's X-Forwarded-For, so other tests' failures from 127.0.0.1 do not count here.
        TestApp own = TestApp.start(TestStores.get().database(), TestStores.get().redis(),
                Map.of("OPBX_RATE_LIMIT_AUTHFAIL_PER_MIN", "2", "OPBX_TRUSTED_PROXIES", "127.0.0.1/32"));
        String address = "2001:db8::" + Integer.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextInt(1, 0xffff));
        try {
            for (int i = 0; i < 2; i++) {
                assertEquals(401, own.http().send("POST", HookWorld.CDR, "{}", "application/json",
                        Map.of("Authorization", "Bearer nobody-" + i, "X-Forwarded-For", address)).status());
            }
            Response blocked = own.http().send("POST", HookWorld.CDR, "{}", "application/json",
                    Map.of("Authorization", "Bearer nobody-3", "X-Forwarded-For", address));
            assertEquals(429, blocked.status());
            assertEquals("Rate limit exceeded", blocked.json().path("error").asText());
            assertTrue(blocked.header("Content-Type").startsWith("application/json"));
        } finally {
            own.close();
        }
    }
}
