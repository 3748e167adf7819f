package opbx.voice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import opbx.infra.EmbeddedRedisServer;
import opbx.support.HttpTestClient.Response;
import opbx.support.TestApp;
import opbx.support.TestStores;
import org.junit.jupiter.api.Test;

class VoiceAuthFailureLimitTest {

    @Test
    void an_address_past_its_failed_authentications_gets_busy_before_any_key_lookup() {
        try (EmbeddedRedisServer redis = EmbeddedRedisServer.start()) {
            TestApp app = TestApp.start(TestStores.get().database(), redis.target(),
                    Map.of("OPBX_RATE_LIMIT_AUTHFAIL_PER_MIN", "3"));
            try {
                String body = "{\"CallSid\":\"c-x\",\"To\":\"+15551230001\",\"Direction\":\"inbound\"}";
                for (int i = 0; i < 3; i++) {
                    Response refused = app.http().send("POST", "/api/voice/route", body, "application/json",
                            Map.of("Authorization", "Bearer wrong-key-" + i));
                    assertEquals(401, refused.status());
                    assertTrue(refused.body().contains("<Say language=\"en-US\">Unauthorized. Authentication failed.</Say>"));
                }

                Response busy = app.http().send("POST", "/api/voice/route", body, "application/json",
                        Map.of("Authorization", "Bearer wrong-key-4"));

                assertEquals(429, busy.status());
                assertTrue(busy.body().contains("<Reject reason=\"busy\"/>"), busy.body());
            } finally {
                app.close();
            }
        }
    }
}
