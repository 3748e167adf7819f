package opbx.voice.scenarios;

import static opbx.voice.scenarios.Docs.err;
import static opbx.voice.scenarios.Docs.groupDial;
import static opbx.voice.scenarios.Docs.hangup;
import static opbx.voice.scenarios.Docs.menu7Prompt;
import static opbx.voice.scenarios.Docs.menuGather;
import static opbx.voice.scenarios.Docs.unav;
import static opbx.voice.scenarios.Voice.assertCxml;
import static opbx.voice.scenarios.Voice.ivrKey;
import static opbx.voice.scenarios.Voice.redisJson;
import static opbx.voice.scenarios.Voice.rrKey;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import opbx.support.TestApp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Execution-plane spec §13, scenarios 11-17: ring groups (§4). */
@ExtendWith(ContentTypeCheck.class)
class RingGroupScenariosTest {

    private static TestApp app;
    private static ScenarioFixtures.World w;
    private static Voice voice;

    @BeforeAll
    static void fixtures() {
        app = TestApp.shared();
        w = ScenarioFixtures.build(app, "Ring groups");
        voice = new Voice(app, w.k1);
    }

    private static String rrPointer() {
        return app.server().redis().client().get(rrKey(w.org1, w.rg(12)));
    }

    @Test
    void scenario_11_exhausted_turns_fall_back_to_extension_40_and_menu_7_at_hop_3() {
        assertCxml(menuGather(w.menu(7), 3, false, menu7Prompt()),
                voice.callback("ring_group_id=" + w.rg(10) + "&attempt_number=1&hops=1",
                        "{\"CallSid\":\"c-11\",\"CallStatus\":\"no-answer\"}"));

        JsonNode state = redisJson(app, ivrKey(w.org1, "c-11"));
        assertNotNull(state, "IVR state of c-11");
        assertEquals(w.menu(7), state.path("menu_id").asLong(), "state menu: " + state);
        assertEquals(0, state.path("turns").asInt(-1), "state turns: " + state);
    }

    @Test
    void scenario_12_an_answered_attempt_hangs_up_and_a_missing_group_id_is_an_error() {
        String query = "ring_group_id=" + w.rg(10) + "&attempt_number=1&hops=1";
        assertAll(
                () -> assertCxml(hangup(), voice.callback(query, "{\"CallSid\":\"c-12\",\"CallStatus\":\"completed\"}")),
                () -> assertCxml(hangup(), voice.callback(query,
                        "{\"CallSid\":\"c-12\",\"DialCallStatus\":\"answered\",\"CallStatus\":\"no-answer\"}")),
                () -> assertCxml(err("Missing required parameters"), voice.callback("attempt_number=1&hops=1",
                        "{\"CallSid\":\"c-12\",\"CallStatus\":\"no-answer\"}")));
    }

    @Test
    void scenario_13_a_sequential_group_starts_with_its_first_member() {
        assertCxml(groupDial(15, w.rg(11), 1, 1, null, "1001"), voice.inbound("c-13", w.d(11)));
    }

    @Test
    void scenario_14_sequential_callbacks_alternate_members_for_two_turns_then_fall_back() {
        long g = w.rg(11);
        assertAll(
                () -> assertCxml(groupDial(15, g, 2, 1, null, "1002"), voice.callback(
                        "ring_group_id=" + g + "&attempt_number=1&hops=1", "{\"CallSid\":\"c-14\",\"CallStatus\":\"busy\"}")),
                () -> assertCxml(groupDial(15, g, 3, 1, null, "1001"), voice.callback(
                        "ring_group_id=" + g + "&attempt_number=2&hops=1", "{\"CallSid\":\"c-14\",\"CallStatus\":\"no-answer\"}")),
                () -> assertCxml(groupDial(15, g, 4, 1, null, "1002"), voice.callback(
                        "ring_group_id=" + g + "&attempt_number=3&hops=1", "{\"CallSid\":\"c-14\",\"CallStatus\":\"busy\"}")),
                () -> assertCxml(err("No agents available. Goodbye."), voice.callback(
                        "ring_group_id=" + g + "&attempt_number=4&hops=1", "{\"CallSid\":\"c-14\",\"CallStatus\":\"no-answer\"}")));
    }

    @Test
    void scenario_15_round_robin_remembers_the_member_last_offered_a_call() {
        long g = w.rg(12);
        assertNull(rrPointer(), "no pointer at first");

        assertCxml(groupDial(15, g, 1, 1, 0, "1001"), voice.inbound("c-15a", w.d(13)));
        assertEquals(String.valueOf(w.ext(11)), rrPointer(), "pointer after c-15a");

        assertCxml(groupDial(15, g, 1, 1, 1, "1002"), voice.inbound("c-15b", w.d(13)));
        assertEquals(String.valueOf(w.ext(12)), rrPointer(), "pointer after c-15b");

        assertCxml(groupDial(15, g, 2, 1, 1, "1004"), voice.callback(
                "ring_group_id=" + g + "&attempt_number=1&hops=1&rr_offset=1", "{\"CallSid\":\"c-15b\",\"CallStatus\":\"no-answer\"}"));
        assertEquals(String.valueOf(w.ext(14)), rrPointer(), "pointer after the callback of c-15b");
        long ttl = app.server().redis().client().ttl(rrKey(w.org1, g));
        assertTrue(ttl > 29L * 24 * 3600 && ttl <= 30L * 24 * 3600, "pointer TTL about 30 days: " + ttl);

        assertCxml(groupDial(15, g, 1, 1, 0, "1001"), voice.inbound("c-15c", w.d(13)));
        assertEquals(String.valueOf(w.ext(11)), rrPointer(), "pointer after c-15c");
    }

    @Test
    void scenario_16_an_inactive_group_is_unavailable() {
        assertCxml(unav("Ring group is inactive"), voice.inbound("c-16", w.d(12)));
    }

    @Test
    void scenario_17_mutual_fallbacks_end_at_the_hop_guard_in_one_request() {
        assertCxml(err("Routing error occurred."), voice.inbound("c-17", w.d(8)));
    }
}
