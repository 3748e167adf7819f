package opbx.voice.scenarios;

import static opbx.voice.scenarios.Docs.dialTrunk;
import static opbx.voice.scenarios.Docs.err;
import static opbx.voice.scenarios.Voice.assertCxml;
import static org.junit.jupiter.api.Assertions.assertAll;

import opbx.support.TestApp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Execution-plane spec §13, scenarios 32-33: outbound calls (§8). */
@ExtendWith(ContentTypeCheck.class)
class OutboundScenariosTest {

    private static TestApp app;
    private static ScenarioFixtures.World w;
    private static Voice voice;

    @BeforeAll
    static void fixtures() {
        app = TestApp.shared();
        w = ScenarioFixtures.build(app, "Outbound");
        voice = new Voice(app, w.k1);
    }

    @Test
    void scenario_32_external_numbers_take_the_best_whitelist_trunk() {
        assertAll(
                () -> assertCxml(dialTrunk("nyc-trunk", "+12125550100"), voice.subscriber("c-32", "1001", "+12125550100")),
                () -> assertCxml(dialTrunk("nyc-trunk", "+12125550100"), voice.subscriber("c-32", "1001", "2125550100")),
                () -> assertCxml(dialTrunk("il-mobile", "+972501234567"), voice.subscriber("c-32", "1001", "011972501234567")),
                () -> assertCxml(dialTrunk("nyc-trunk", "+12125550100"), voice.route("{\"CallSid\":\"c-32\",\"From\":\""
                        + w.d(1) + "\",\"To\":\"+12125550100\",\"Direction\":\"outbound-api\"}")));
    }

    @Test
    void scenario_33_no_matching_row_or_an_inactive_caller_is_not_permitted() {
        assertAll(
                () -> assertCxml(err("Outbound call not permitted"), voice.subscriber("c-33", "1001", "+447700900123")),
                () -> assertCxml(err("Outbound call not permitted"), voice.subscriber("c-33", "1003", "+12125550100")));
    }
}
