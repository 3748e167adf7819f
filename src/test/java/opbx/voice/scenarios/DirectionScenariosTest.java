package opbx.voice.scenarios;

import static opbx.voice.scenarios.Docs.dialTrunk;
import static opbx.voice.scenarios.Docs.dialUser;
import static opbx.voice.scenarios.Docs.doc;
import static opbx.voice.scenarios.Docs.err;
import static opbx.voice.scenarios.Docs.groupDial;
import static opbx.voice.scenarios.Docs.unav;
import static opbx.voice.scenarios.Voice.ROUTE;
import static opbx.voice.scenarios.Voice.assertCxml;
import static org.junit.jupiter.api.Assertions.assertAll;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import opbx.support.TestApp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Execution-plane spec §13, scenarios 4-10: routing by direction and destination type (§2, §3). */
@ExtendWith(ContentTypeCheck.class)
class DirectionScenariosTest {

    private static TestApp app;
    private static ScenarioFixtures.World w;
    private static Voice voice;

    @BeforeAll
    static void fixtures() {
        app = TestApp.shared();
        w = ScenarioFixtures.build(app, "Direction");
        voice = new Voice(app, w.k1);
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Test
    void scenario_04_inbound_to_d1_dials_1001_from_json_form_and_get() {
        String form = "CallSid=c-4&From=" + enc("+12125550199") + "&To=" + enc(w.d(1)) + "&Direction=inbound";
        Map<String, String> auth = Map.of("Authorization", "Bearer " + w.k1);
        assertAll(
                () -> assertCxml(dialUser("1001"), voice.inbound("c-4", w.d(1))),
                () -> assertCxml(dialUser("1001"),
                        app.http().send("POST", ROUTE, form, "application/x-www-form-urlencoded", auth)),
                () -> assertCxml(dialUser("1001"), app.http().send("GET", ROUTE + "?" + form, null, null, auth)));
    }

    @Test
    void scenario_05_unknown_inactive_and_foreign_dids_are_not_configured() {
        assertAll(
                () -> assertCxml(err("DID destination not configured"), voice.inbound("c-5", "+15559999999")),
                () -> assertCxml(err("DID destination not configured"), voice.inbound("c-5", w.d(7))),
                () -> assertCxml(err("DID destination not configured"), voice.inbound("c-5", w.org2Did())));
    }

    @Test
    void scenario_06_subscriber_dials_an_extension_with_canonical_or_lowercase_keys() {
        assertAll(
                () -> assertCxml(dialUser("1002"), voice.route("{\"From\":\"1001\",\"To\":\"1002\",\"Direction\":\"subscriber\"}")),
                () -> assertCxml(dialUser("1002"), voice.route("{\"from\":\"1001\",\"to\":\"1002\",\"direction\":\"subscriber\"}")));
    }

    @Test
    void scenario_07_an_inactive_extension_is_unavailable_and_an_unknown_one_not_found() {
        assertAll(
                () -> assertCxml(unav("Extension is not available"), voice.subscriber("c-7", "1001", "1003")),
                () -> assertCxml(err("Extension not found"), voice.subscriber("c-7", "1001", "1999")));
    }

    @Test
    void scenario_08_a_ring_group_extension_resolves_by_type_at_hop_2() {
        assertCxml(groupDial(20, w.rg(10), 1, 2, null, "1001", "1002"), voice.inbound("c-8", w.d(6)));
    }

    @Test
    void scenario_09_an_ai_assistant_dials_its_service_with_token_and_sorted_params() {
        assertCxml(doc("<Response>", "  <Dial>",
                        "    <Service token=\"tok\" barge_in=\"true\" model=\"gpt-4\">wss://ai.example.com/ws?a=1&amp;b=2</Service>",
                        "  </Dial>", "</Response>"),
                voice.subscriber("c-9", "1001", "5000"));
    }

    @Test
    void scenario_10_forwards_go_out_through_the_whitelist_or_to_the_internal_extension() {
        assertAll(
                () -> assertCxml(dialTrunk("us-trunk", "+14155550123"), voice.subscriber("c-10", "1001", "6000")),
                () -> assertCxml(groupDial(20, w.rg(10), 1, 2, null, "1001", "1002"), voice.subscriber("c-10", "1001", "6001")));
    }
}
