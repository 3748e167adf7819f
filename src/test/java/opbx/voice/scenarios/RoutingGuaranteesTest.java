package opbx.voice.scenarios;

import static opbx.voice.scenarios.Docs.authErr;
import static opbx.voice.scenarios.Docs.dialUser;
import static opbx.voice.scenarios.Docs.err;
import static opbx.voice.scenarios.Docs.groupDial;
import static opbx.voice.scenarios.Docs.pinGather;
import static opbx.voice.scenarios.Docs.unav;
import static opbx.voice.scenarios.Voice.CXML;
import static opbx.voice.scenarios.Voice.ROUTE;
import static opbx.voice.scenarios.Voice.assertCxml;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import opbx.access.Role;
import opbx.support.HttpTestClient.Response;
import opbx.support.Identity;
import opbx.support.TestApp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Guarantees around the §13 scenarios: a warm decision runs no SQL (§2.2, §10.1), malformed bodies get CXML and never
 * a 500 (§0.1, §0.3), and a configuration change through the API is seen by the very next routing request (§10.1).
 */
@ExtendWith(ContentTypeCheck.class)
class RoutingGuaranteesTest {

    private static TestApp app;
    private static ScenarioFixtures.World w;
    private static Voice voice;

    @BeforeAll
    static void fixtures() {
        app = TestApp.shared();
        w = ScenarioFixtures.build(app, "Guarantees");
        voice = new Voice(app, w.k1);
    }

    private static void assertSomeCxml(Response response, String what) {
        assertAll(what,
                () -> assertNotEquals(500, response.status(), "status: " + response.body()),
                () -> assertTrue(response.body().startsWith(Docs.DECLARATION + "<Response>\n")
                        && response.body().endsWith("</Response>\n"), "a CXML document: " + response.body()));
        if (!Voice.isCxmlContentType(response.header("Content-Type"))) {
            ContentTypeCheck.record(what + ": " + response.header("Content-Type"));
        }
    }

    @Test
    void a_warm_routing_decision_runs_no_sql() {
        Response first = voice.inbound("c-warm-1", w.d(2));
        Response second = voice.inbound("c-warm-2", w.d(2));
        assertEquals(first.body(), second.body());

        long before = TestApp.STATEMENTS.count();
        Response third = voice.inbound("c-warm-3", w.d(2));
        long after = TestApp.STATEMENTS.count();

        assertEquals(200, third.status());
        assertEquals(second.body(), third.body());
        assertEquals(before, after, "SQL statements run by a warm inbound decision to a ring group");

        voice.subscriber("c-warm-4", "1001", "5000");
        voice.subscriber("c-warm-5", "1001", "5000");
        before = TestApp.STATEMENTS.count();
        voice.subscriber("c-warm-6", "1001", "5000");
        assertEquals(before, TestApp.STATEMENTS.count(), "SQL statements run by a warm direct dial");
    }

    @Test
    void malformed_bodies_get_cxml_and_never_a_500() {
        String missingTo = authErr("Bad request. Missing destination number.");
        Map<String, String> auth = Map.of("Authorization", "Bearer " + w.k1);
        assertAll(
                () -> assertCxml(400, missingTo, voice.route("[1,2]")),
                () -> assertCxml(400, missingTo, voice.route("{\"To\":")),
                () -> assertCxml(400, missingTo, app.http().send("POST", ROUTE, "{\"To\":", null, auth)),
                () -> assertCxml(400, missingTo, app.http().send("POST", ROUTE, "%%%=&&=%ZZ&To&From=%E0%A4%A",
                        "application/x-www-form-urlencoded", auth)),
                () -> assertSomeCxml(voice.route("{\"To\":{\"x\":1},\"From\":[1],\"Direction\":null,\"CallSid\":true}"),
                        "non-string values"),
                () -> assertSomeCxml(app.http().withToken(w.k1).sendBytes("POST", ROUTE,
                        new byte[] {'{', '"', 'T', 'o', '"', ':', '"', (byte) 0xff, (byte) 0xfe, '"', '}'}, "application/json"),
                        "invalid UTF-8"),
                () -> assertSomeCxml(app.http().withToken(w.k1).sendBytes("POST", ROUTE,
                        "\u0000\u0001garbage".getBytes(StandardCharsets.UTF_8), "application/octet-stream"), "binary body"),
                () -> assertCxml(dialUser("1002"), voice.route("{\"CallSid\":\"c-m\",\"From\":\"1001\",\"To\":\"1002\","
                        + "\"Direction\":\"subscriber\",\"SessionData\":\"{oops\"}")),
                () -> assertCxml(err("Missing required parameters"), voice.ivrInput(w.menu(7), 1, "[1,2]")),
                () -> assertCxml(err("Missing required parameters"),
                        voice.callback("ring_group_id=" + w.rg(10) + "&attempt_number=1&hops=1", "{\"CallSid\":")),
                () -> assertCxml(pinGather(w.room(5), 1, true), app.http().send("POST",
                        "/api/voice/conference-pin?conference_room_id=" + w.room(5) + "&attempt=0", "not json at all", null, auth)));
    }

    @Test
    void a_configuration_change_through_the_api_is_seen_by_the_very_next_routing_request() {
        assertCxml(dialUser("1002"), voice.subscriber("c-cfg-1", "1001", "1002"));
        assertCxml(dialUser("1002"), voice.subscriber("c-cfg-2", "1001", "1002"));
        assertCxml(groupDial(20, w.rg(10), 1, 1, null, "1001", "1002"), voice.inbound("c-cfg-3", w.d(2)));

        Identity.Member owner = Identity.member(app, w.org1, Role.OWNER);
        // 1002 is also menu 7's option 2, which calls to D4 reach: deactivating it would leave that option with
        // nowhere to go, which is refused (call-flow dead ends). Option 2 goes to 1004 first.
        Response options = owner.http().patchJson("/api/v1/ivr-menus/" + w.menu(7), "{\"options\":["
                + "{\"input_digits\":\"1\",\"destination_type\":\"ring_group\",\"destination_id\":" + w.rg(10) + "},"
                + "{\"input_digits\":\"2\",\"destination_type\":\"extension\",\"destination_extension_id\":" + w.ext(14) + "},"
                + "{\"input_digits\":\"8\",\"destination_type\":\"ivr_menu\",\"destination_id\":" + w.menu(9) + "},"
                + "{\"input_digits\":\"9\",\"destination_type\":\"ivr_menu\",\"destination_id\":" + w.menu(8) + "}]}");
        assertEquals(200, options.status(), "PATCH /api/v1/ivr-menus/{id}: " + options.body());
        Response put = owner.http().put("/api/v1/extensions/" + w.ext(12), "{\"status\":\"inactive\"}");
        assertEquals(200, put.status(), "PUT /api/v1/extensions/{id}: " + put.body());

        assertCxml(unav("Extension is not available"), voice.subscriber("c-cfg-4", "1001", "1002"));
        assertCxml(groupDial(20, w.rg(10), 1, 1, null, "1001"), voice.inbound("c-cfg-5", w.d(2)));
    }
}
