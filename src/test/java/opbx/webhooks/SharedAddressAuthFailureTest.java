package opbx.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import opbx.infra.EmbeddedRedisServer;
import opbx.support.HttpTestClient.Response;
import opbx.support.TestApp;
import opbx.support.TestStores;
import org.junit.jupiter.api.Test;

/**
 * Cloudonix calls every tenant's voice routes and webhooks from the same platform addresses. Failed authentications
 * are counted per address and, past the limit, further failures get 429 before anything else happens; a request that
 * presents a valid key or signature is answered normally whatever that count (execution-plane spec §11.2, as tightened
 * by issue 14): one tenant's stale key never makes another tenant's calls busy.
 */
class SharedAddressAuthFailureTest {

    private static final String ROUTE = "/api/voice/route";

    @Test
    void past_the_failure_limit_failures_are_throttled_and_valid_credentials_still_answer() {
        HookWorld w = new HookWorld(TestApp.shared(), "Shared address");
        try (EmbeddedRedisServer redis = EmbeddedRedisServer.start()) {
            TestApp app = TestApp.start(TestStores.get().database(), redis.target(),
                    Map.of("OPBX_RATE_LIMIT_AUTHFAIL_PER_MIN", "3"));
            try {
                String call = "{\"CallSid\":\"shared-1\",\"From\":\"+12125550199\",\"To\":\"" + w.did
                        + "\",\"Direction\":\"inbound\"}";
                for (int i = 0; i < 3; i++) {
                    Response refused = voice(app, call, "Bearer stale-key-" + i);
                    assertEquals(401, refused.status());
                    assertTrue(refused.body().contains("<Say language=\"en-US\">Unauthorized. Authentication failed.</Say>"));
                }
                Response busy = voice(app, call, "Bearer stale-key-4");
                assertEquals(429, busy.status());
                assertTrue(busy.body().contains("<Reject reason=\"busy\"/>"), busy.body());
                Response hookRefused = app.http().send("POST", HookWorld.CDR, cdr(), "application/json",
                        Map.of("Authorization", "Bearer stale-key-5"));
                assertEquals(429, hookRefused.status(), hookRefused.body());
                assertEquals("Rate limit exceeded", hookRefused.json().path("error").asText());

                Response routed = voice(app, call, "Bearer " + w.key);
                assertEquals(200, routed.status(), routed.body());
                assertTrue(routed.body().contains("<Number>1001</Number>"), routed.body());
                Response stored = app.http().send("POST", HookWorld.CDR, cdr(), "application/json",
                        Map.of("Authorization", "Bearer " + w.key));
                assertEquals(200, stored.status(), stored.body());
                long now = Instant.now().getEpochSecond();
                String update = "{\"id\":" + ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE / 2)
                        + ",\"domain\":\"" + w.domainName + "\",\"callerId\":\"+12125550199\",\"destination\":\"1001\","
                        + "\"status\":\"connected\"}";
                Response signed = app.http().send("POST", HookWorld.SESSION_UPDATE, update, "application/json", Map.of(
                        "X-Cloudonix-Timestamp", String.valueOf(now),
                        "X-Cloudonix-Signature", WebhookSignature.sign(w.secret, String.valueOf(now),
                                update.getBytes(StandardCharsets.UTF_8))));
                assertEquals(200, signed.status(), signed.body());
            } finally {
                app.close();
            }
        }
    }

    private static Response voice(TestApp app, String body, String authorization) {
        return app.http().send("POST", ROUTE, body, "application/json", Map.of("Authorization", authorization));
    }

    private static String cdr() {
        long session = ThreadLocalRandom.current().nextLong(1_000_000, 9_000_000);
        return "{\"call_id\":\"shared-" + session + "@10.0.0.1\",\"session\":{\"id\":" + session + ",\"token\":\"tok-"
                + session + "\"},\"from\":\"+12125550199\",\"to\":\"1001\",\"disposition\":\"ANSWERED\",\"billsec\":30}";
    }
}
