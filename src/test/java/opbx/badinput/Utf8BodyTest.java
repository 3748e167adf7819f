package opbx.badinput;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import opbx.support.HttpTestClient.Response;
import opbx.support.Identity;
import opbx.support.TestApp;
import org.junit.jupiter.api.Test;

/**
 * JSON bodies are UTF-8 (RFC 8259 §8.1). Jackson alone decoded the overlong {@code C0 AF} as {@code "/"}: a room
 * was created with that name. Now any body that is not strictly UTF-8 is malformed (control-plane spec §0.1,
 * execution-plane spec §9.1).
 */
class Utf8BodyTest {

    private static final byte[] OVERLONG_SLASH = {(byte) 0xC0, (byte) 0xAF};
    private final TestApp app = TestApp.shared();

    private static byte[] nameWith(byte[] inside) {
        byte[] start = "{\"name\":\"..".getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[start.length + inside.length + 2];
        System.arraycopy(start, 0, body, 0, start.length);
        System.arraycopy(inside, 0, body, start.length, inside.length);
        body[body.length - 2] = '"';
        body[body.length - 1] = '}';
        return body;
    }

    @Test
    void an_overlong_encoding_is_malformed_json_and_creates_nothing() {
        Identity.Team team = Identity.team(app, "Overlong Org");

        Response room = team.admin().http().sendBytes("POST", "/api/v1/conference-rooms", nameWith(OVERLONG_SLASH),
                "application/json");

        assertEquals(400, room.status(), room.body());
        assertEquals("Malformed JSON body.", room.json().path("message").asText());
        assertEquals(0, team.admin().http().get("/api/v1/conference-rooms").json().path("meta").path("total").asInt());
    }

    @Test
    void a_lone_surrogate_or_an_overlong_encoding_in_a_webhook_is_not_json() {
        BadInputWorld world = new BadInputWorld(app, "Overlong Hooks Org");
        for (byte[] bad : new byte[][] {OVERLONG_SLASH, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}}) {
            Response response = app.http().withToken(world.voiceKey).sendBytes("POST", "/api/webhooks/cloudonix/cdr", nameWith(bad), "application/json");

            assertEquals(400, response.status(), response.body());
            assertEquals("Request body is not valid JSON", response.json().path("message").asText());
        }
    }
}
