package opbx.voice.scenarios;

import static opbx.voice.scenarios.Docs.dialUser;
import static opbx.voice.scenarios.Docs.err;
import static opbx.voice.scenarios.Docs.groupDial;
import static opbx.voice.scenarios.Docs.menu7Prompt;
import static opbx.voice.scenarios.Docs.menu8Prompt;
import static opbx.voice.scenarios.Docs.menuGather;
import static opbx.voice.scenarios.Voice.assertCxml;
import static opbx.voice.scenarios.Voice.ivrKey;
import static opbx.voice.scenarios.Voice.redisJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import opbx.support.HttpTestClient.Response;
import opbx.support.TestApp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Execution-plane spec §13, scenarios 24-28: IVR (§6); state is per CallSid. */
@ExtendWith(ContentTypeCheck.class)
class IvrScenariosTest {

    private static TestApp app;
    private static ScenarioFixtures.World w;
    private static Voice voice;

    @BeforeAll
    static void fixtures() {
        app = TestApp.shared();
        w = ScenarioFixtures.build(app, "IVR");
        voice = new Voice(app, w.k1);
    }

    /** Scenario 24 for {@code callSid}: inbound to D4 presents menu 7 at hop 1. */
    private static void present(String callSid) {
        assertCxml(menuGather(w.menu(7), 1, false, menu7Prompt()), voice.inbound(callSid, w.d(4)));
    }

    private static Response input7(String callSid, String digits) {
        String body = digits == null ? "{\"CallSid\":\"" + callSid + "\"}"
                : "{\"CallSid\":\"" + callSid + "\",\"Digits\":\"" + digits + "\"}";
        return voice.ivrInput(w.menu(7), 1, body);
    }

    private static JsonNode state(String callSid) {
        return redisJson(app, ivrKey(w.org1, callSid));
    }

    private static void assertState(String callSid, long menu, int turns, int invalid, int timeouts) {
        JsonNode state = state(callSid);
        assertNotNull(state, "IVR state of " + callSid);
        assertEquals(menu, state.path("menu_id").asLong(), "menu_id: " + state);
        assertEquals(turns, state.path("turns").asInt(-1), "turns: " + state);
        if (invalid >= 0) {
            assertEquals(invalid, state.path("invalid_count").asInt(-1), "invalid_count: " + state);
        }
        if (timeouts >= 0) {
            assertEquals(timeouts, state.path("timeout_count").asInt(-1), "timeout_count: " + state);
        }
    }

    @Test
    void scenario_24_inbound_to_d4_presents_menu_7_at_hop_1_with_fresh_state() {
        present("c-24");
        assertState("c-24", w.menu(7), 0, 0, 0);
    }

    @Test
    void scenario_25_option_1_resets_hops_and_rings_group_10_then_deletes_the_state() {
        present("c-25");
        assertCxml(groupDial(20, w.rg(10), 1, 1, null, "1001", "1002"), input7("c-25", "1"));
        assertNull(state("c-25"), "state deleted after routing to a group");
    }

    @Test
    void scenario_26_an_invalid_option_replays_the_menu_with_the_notice() {
        present("c-26");
        assertCxml(menuGather(w.menu(7), 1, true, menu7Prompt()), input7("c-26", "5"));
        assertState("c-26", w.menu(7), 1, 1, -1);
    }

    @Test
    void scenario_27_three_empty_inputs_replay_twice_then_fail_over_to_extension_14() {
        String replay = menuGather(w.menu(7), 1, false, menu7Prompt());
        present("c-27a");
        assertCxml(replay, input7("c-27a", null));
        assertState("c-27a", w.menu(7), 1, 0, 1);
        assertCxml(replay, input7("c-27a", null));
        assertState("c-27a", w.menu(7), 2, 0, 2);
        assertCxml(dialUser("1004"), input7("c-27a", null));
        assertNull(state("c-27a"), "state deleted after the failover to an extension");

        present("c-27b");
        assertCxml(replay, input7("c-27b", "#"));
        assertCxml(replay, input7("c-27b", "#"));
        assertCxml(dialUser("1004"), input7("c-27b", "#"));

        present("c-27c");
        assertCxml(menuGather(w.menu(7), 1, true, menu7Prompt()), input7("c-27c", "5"));
        assertCxml(replay, input7("c-27c", null));
        assertCxml(dialUser("1004"), input7("c-27c", "5"));
    }

    @Test
    void scenario_28_option_9_presents_menu_8_and_inactive_menu_9_is_never_presented() {
        present("c-28a");
        assertCxml(menuGather(w.menu(8), 1, false, menu8Prompt(w.org1)), input7("c-28a", "9"));
        assertState("c-28a", w.menu(8), 0, 0, 0);

        present("c-28b");
        assertCxml(err("Destination is no longer available."), input7("c-28b", "8"));

        assertCxml(err("Menu configuration error."), voice.ivrInput(w.menu(9), 1, "{\"CallSid\":\"c-28c\",\"Digits\":\"1\"}"));
    }
}
