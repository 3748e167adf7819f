package opbx.voice.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import opbx.support.HttpTestClient.Response;
import opbx.support.TestApp;
import org.junit.jupiter.api.Test;

/** Inputs found by review that once escaped the engine's answers: each gets its CXML, and the server stays well. */
class HostileVoiceInputTest {

    private static final TestApp APP = TestApp.shared();
    private static final ScenarioFixtures.World WORLD = ScenarioFixtures.build(APP, "Hostile Voice");
    private final Voice voice = new Voice(APP, WORLD.k1);

    @Test
    void hops_outside_the_limit_end_in_the_routing_error_and_the_server_keeps_answering() {
        for (String hops : new String[] {"-100000", "2147483647", "99999999999999999999"}) {
            Response response = voice.callback("ring_group_id=" + WORLD.rg(14) + "&attempt_number=1&hops=" + hops,
                    "{\"CallSid\":\"c-h\",\"CallStatus\":\"no-answer\"}");
            assertEquals(200, response.status(), response.body());
            assertTrue(response.body().contains("<Say>Routing error occurred.</Say>"), hops + ": " + response.body());
        }
        Response after = voice.subscriber("c-h2", "1001", "1002");
        assertTrue(after.body().contains("<Number>1002</Number>"), after.body());
    }

    @Test
    void a_body_over_64_kib_is_the_voice_413_before_authentication() {
        byte[] large = new byte[100_000];
        java.util.Arrays.fill(large, (byte) 'a');

        Response response = APP.http().sendBytes("POST", "/api/voice/route", large, "application/json");

        assertEquals(413, response.status());
        assertTrue(response.body().contains("<Say language=\"en-US\">Bad request. Request too large.</Say>"), response.body());
    }

    @Test
    void a_wrong_method_or_an_unknown_voice_path_is_answered_in_cxml_and_other_paths_keep_json() {
        Response put = APP.http().put("/api/voice/route", "{}");
        Response unknown = APP.http().postJson("/api/voice/no-such-step", "{}");
        Response control = APP.http().put("/api/health", "{}");

        assertEquals(405, put.status(), put.body());
        assertTrue(put.header("Content-Type").startsWith("text/xml"), put.header("Content-Type"));
        assertTrue(put.body().contains("<Say language=\"en-US\">Bad request. Method not allowed.</Say>"), put.body());
        assertEquals(404, unknown.status(), unknown.body());
        assertTrue(unknown.body().contains("<Say language=\"en-US\">Bad request. Route not found.</Say>"), unknown.body());
        assertEquals(405, control.status(), control.body());
        assertTrue(control.header("Content-Type").startsWith("application/json"), control.header("Content-Type"));
        assertEquals("METHOD_NOT_ALLOWED", control.json().path("error").path("code").asText());
    }

    @Test
    void a_nul_inside_a_number_matches_nothing_instead_of_failing() {
        Response response = voice.route("{\"CallSid\":\"c-n\",\"From\":\"1001\",\"To\":\"10\\u000099\",\"Direction\":\"subscriber\"}");

        assertEquals(200, response.status());
        assertTrue(response.body().contains("<Say>Extension not found</Say>"), response.body());
    }

    @Test
    void an_unknown_charset_still_routes_the_utf8_body() {
        Response response = APP.http().send("POST", "/api/voice/route",
                "{\"CallSid\":\"c-c\",\"From\":\"1001\",\"To\":\"1002\",\"Direction\":\"subscriber\"}",
                "application/json; charset=bogus", Map.of("Authorization", "Bearer " + WORLD.k1));

        assertTrue(response.body().contains("<Number>1002</Number>"), response.body());
    }

    @Test
    void attempts_come_from_a_session_data_parameter_too_and_overflowing_counts_exhaust_the_group() {
        Response fromParameter = voice.callback("ring_group_id=" + WORLD.rg(11) + "&hops=1&session_data="
                + java.net.URLEncoder.encode("{\"attempt_number\":4}", StandardCharsets.UTF_8),
                "{\"CallSid\":\"c-s\",\"CallStatus\":\"no-answer\"}");
        Response overflowing = voice.callback("ring_group_id=" + WORLD.rg(11) + "&hops=1&attempt_number=4294967296",
                "{\"CallSid\":\"c-o\",\"CallStatus\":\"no-answer\"}");

        assertTrue(fromParameter.body().contains("No agents available. Goodbye."), fromParameter.body());
        assertTrue(overflowing.body().contains("No agents available. Goodbye."), overflowing.body());
    }
}
