package opbx.voice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import opbx.voice.IvrFlow.Decision;
import opbx.voice.IvrFlow.HistoryEntry;
import opbx.voice.IvrFlow.IvrState;
import opbx.voice.IvrFlow.Kind;
import opbx.voice.IvrFlow.StateAction;
import opbx.voice.model.MenuInfo;
import opbx.voice.model.MenuInfo.Option;
import org.junit.jupiter.api.Test;

/** Execution-plane spec §6 with the menus of the §13 fixtures ({@code B = https://pbx.example.com}). */
class IvrFlowTest {

    private static final String B = "https://pbx.example.com";
    private static final Instant START = Instant.parse("2026-01-14T15:30:00Z");
    private static final Instant LATER = Instant.parse("2026-01-14T15:30:07.250Z");

    private static final MenuInfo MENU_7 = menu(7, null, "Press 1 for sales, 2 for support", null, null, "extension", 14L);
    private static final MenuInfo MENU_8 = menu(8, "prompts/billing menu.mp3", null, null, null, "hangup", null);

    private static MenuInfo menu(long id, String audio, String text, String voice, Integer maxTurns, String failoverType,
                                 Long failoverId) {
        List<Option> options = id == 7
                ? List.of(new Option("1", "ring_group", 10), new Option("2", "extension", 12),
                        new Option("8", "ivr_menu", 9), new Option("9", "ivr_menu", 8))
                : List.of(new Option("0", "ivr_menu", 7));
        return new MenuInfo(id, 1, "Menu " + id, audio, text, voice, null, null, maxTurns, failoverType, failoverId,
                "active", options);
    }

    private static String gather(String query, String... inner) {
        String action = B + "/api/voice/ivr-input?" + query.replace("&", "&amp;");
        StringBuilder out = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response>\n")
                .append("  <Gather action=\"").append(action).append("\" timeout=\"2\" finishOnKey=\"#\" minDigits=\"1\"")
                .append(" maxDigits=\"10\" maxTimeout=\"3\" actionOnEmptyResult=\"true\">\n");
        for (String line : inner) {
            out.append("    ").append(line).append('\n');
        }
        return out.append("  </Gather>\n  <Redirect method=\"POST\">").append(action).append("</Redirect>\n</Response>\n")
                .toString();
    }

    private static IvrState fresh7() {
        return IvrState.fresh(7, START, List.of());
    }

    // §6.1 Presenting a menu

    @Test
    void a_menu_with_text_is_spoken_in_the_default_voice_as_in_scenario_11() {
        assertEquals("""
                <?xml version="1.0" encoding="UTF-8"?>
                <Response>
                  <Gather action="https://pbx.example.com/api/voice/ivr-input?menu_id=7&amp;hops=3" timeout="2" finishOnKey="#" minDigits="1" maxDigits="10" maxTimeout="3" actionOnEmptyResult="true">
                    <Say voice="Cloudonix-Neural:Zoe">Press 1 for sales, 2 for support</Say>
                  </Gather>
                  <Redirect method="POST">https://pbx.example.com/api/voice/ivr-input?menu_id=7&amp;hops=3</Redirect>
                </Response>
                """, IvrFlow.present(MENU_7, B, 3, false).render());
    }

    @Test
    void a_menu_with_its_own_voice_and_timeouts_uses_them() {
        MenuInfo custom = new MenuInfo(3, 1, "Custom", null, "Hola & bienvenidos", "AWS:Joanna", 7, 5, 2, "hangup", null,
                "active", List.of());

        assertEquals("""
                <?xml version="1.0" encoding="UTF-8"?>
                <Response>
                  <Gather action="https://pbx.example.com/api/voice/ivr-input?menu_id=3&amp;hops=0" timeout="5" finishOnKey="#" minDigits="1" maxDigits="10" maxTimeout="7" actionOnEmptyResult="true">
                    <Say voice="AWS:Joanna">Hola &amp; bienvenidos</Say>
                  </Gather>
                  <Redirect method="POST">https://pbx.example.com/api/voice/ivr-input?menu_id=3&amp;hops=0</Redirect>
                </Response>
                """, IvrFlow.present(custom, B, 0, false).render());
    }

    @Test
    void a_menu_without_audio_or_text_says_the_default_prompt() {
        MenuInfo bare = menu(7, null, null, "AWS:Joanna", null, "hangup", null);

        assertEquals(gather("menu_id=7&hops=1",
                        "<Say voice=\"Cloudonix-Neural:Zoe\">Please enter the number for your desired option.</Say>"),
                IvrFlow.present(bare, B, 1, false).render());
    }

    @Test
    void a_relative_audio_path_is_played_from_the_recordings_storage_with_each_segment_encoded_as_in_scenario_28() {
        assertEquals("""
                <?xml version="1.0" encoding="UTF-8"?>
                <Response>
                  <Gather action="https://pbx.example.com/api/voice/ivr-input?menu_id=8&amp;hops=1" timeout="2" finishOnKey="#" minDigits="1" maxDigits="10" maxTimeout="3" actionOnEmptyResult="true">
                    <Play>https://pbx.example.com/storage/recordings/1/prompts/billing%20menu.mp3</Play>
                  </Gather>
                  <Redirect method="POST">https://pbx.example.com/api/voice/ivr-input?menu_id=8&amp;hops=1</Redirect>
                </Response>
                """, IvrFlow.present(MENU_8, B, 1, false).render());
    }

    @Test
    void an_absolute_audio_url_is_played_as_is_and_escaped_once() {
        MenuInfo remote = menu(8, "https://cdn.example.com/a b.mp3?x=1&y=2", null, null, null, "hangup", null);

        assertEquals(gather("menu_id=8&hops=1", "<Play>https://cdn.example.com/a b.mp3?x=1&amp;y=2</Play>"),
                IvrFlow.present(remote, B, 1, false).render());
        assertEquals("HTTP://cdn.example.com/x.wav",
                IvrFlow.audioUrl(menu(8, "HTTP://cdn.example.com/x.wav", null, null, null, "hangup", null), B));
    }

    @Test
    void path_segments_are_percent_encoded_in_utf_8_and_slashes_kept() {
        MenuInfo odd = menu(8, "dir one/café+b&c~_.-.wav", null, null, null, "hangup", null);

        assertEquals("https://pbx.example.com/storage/recordings/1/dir%20one/caf%C3%A9%2Bb%26c~_.-.wav",
                IvrFlow.audioUrl(odd, B + "/"));
    }

    @Test
    void a_replay_after_invalid_input_says_the_notice_before_the_prompt_as_in_scenario_26() {
        assertEquals(gather("menu_id=7&hops=1", "<Say>Invalid menu option, please try again.</Say>",
                        "<Say voice=\"Cloudonix-Neural:Zoe\">Press 1 for sales, 2 for support</Say>"),
                IvrFlow.present(MENU_7, B, 1, true).render());
    }

    // §6.3 Input

    @Test
    void a_matching_option_routes_from_hop_zero_and_deletes_the_state_as_in_scenario_25() {
        Decision decision = IvrFlow.input(MENU_7, fresh7(), "1", true, LATER);

        assertEquals(Kind.ROUTE, decision.kind());
        assertEquals("ring_group", decision.destinationType());
        assertEquals(10L, decision.destinationId());
        assertEquals(StateAction.DELETE, decision.stateAction());
        assertNull(decision.state());
        assertEquals(0, decision.hopsFrom(1));
        assertEquals(IvrFlow.MATCHED, decision.result());
    }

    @Test
    void an_option_leading_to_a_menu_presents_it_with_a_fresh_state_keeping_the_history_as_in_scenario_28() {
        IvrState replayed = new IvrState(7, 1, 1, 0, "2026-01-14T15:30:00Z", "2026-01-14T15:30:03Z",
                List.of(new HistoryEntry(7, "5", "invalid", "2026-01-14T15:30:03Z")));

        Decision decision = IvrFlow.input(MENU_7, replayed, "9", true, LATER);

        assertEquals(Kind.ROUTE, decision.kind());
        assertEquals("ivr_menu", decision.destinationType());
        assertEquals(8L, decision.destinationId());
        assertEquals(StateAction.WRITE, decision.stateAction());
        assertEquals(new IvrState(8, 0, 0, 0, "2026-01-14T15:30:07Z", null,
                List.of(new HistoryEntry(7, "5", "invalid", "2026-01-14T15:30:03Z"),
                        new HistoryEntry(7, "9", "matched", "2026-01-14T15:30:07Z"))), decision.state());
    }

    @Test
    void an_invalid_input_replays_with_the_notice_and_counts_it() {
        Decision decision = IvrFlow.input(MENU_7, fresh7(), "5", true, LATER);

        assertEquals(Kind.REPLAY, decision.kind());
        assertTrue(decision.invalidNotice());
        assertEquals(StateAction.WRITE, decision.stateAction());
        assertEquals(new IvrState(7, 1, 1, 0, "2026-01-14T15:30:00Z", "2026-01-14T15:30:07Z",
                List.of(new HistoryEntry(7, "5", "invalid", "2026-01-14T15:30:07Z"))), decision.state());
        assertEquals(1, decision.hopsFrom(1));
    }

    @Test
    void an_empty_input_or_a_lone_hash_is_a_timeout_replayed_without_the_notice() {
        for (String empty : new String[] {null, "", "  ", "#", " # "}) {
            Decision decision = IvrFlow.input(MENU_7, fresh7(), empty, true, LATER);

            assertEquals(Kind.REPLAY, decision.kind(), String.valueOf(empty));
            assertFalse(decision.invalidNotice());
            assertEquals(1, decision.state().turns());
            assertEquals(1, decision.state().timeoutCount());
            assertEquals(0, decision.state().invalidCount());
            assertEquals("", decision.state().history().get(0).digits());
            assertEquals(IvrFlow.TIMEOUT, decision.state().history().get(0).result());
        }
    }

    @Test
    void invalid_then_empty_then_invalid_fails_over_on_the_third_turn_as_in_scenario_27() {
        Decision first = IvrFlow.input(MENU_7, fresh7(), "5", true, LATER);
        Decision second = IvrFlow.input(MENU_7, first.state(), "", true, LATER);
        Decision third = IvrFlow.input(MENU_7, second.state(), "7", true, LATER);

        assertEquals(Kind.REPLAY, first.kind());
        assertEquals(Kind.REPLAY, second.kind());
        assertFalse(second.invalidNotice());
        assertEquals(2, second.state().turns());
        assertEquals(Kind.FAILOVER, third.kind());
        assertEquals("extension", third.destinationType());
        assertEquals(14L, third.destinationId());
        assertEquals(StateAction.DELETE, third.stateAction());
        assertFalse(third.hangup());
        assertEquals(1, third.hopsFrom(1));
    }

    @Test
    void three_empty_inputs_fail_over_too() {
        Decision decision = IvrFlow.input(MENU_7, fresh7(), null, true, LATER);
        decision = IvrFlow.input(MENU_7, decision.state(), "#", true, LATER);
        decision = IvrFlow.input(MENU_7, decision.state(), "", true, LATER);

        assertEquals(Kind.FAILOVER, decision.kind());
        assertEquals(14L, decision.destinationId());
    }

    @Test
    void a_single_turn_menu_fails_over_at_the_first_bad_input() {
        MenuInfo once = menu(7, null, "x", null, 1, "extension", 14L);

        assertEquals(Kind.FAILOVER, IvrFlow.input(once, fresh7(), "5", true, LATER).kind());
        assertEquals(3, IvrFlow.maxTurns(MENU_7));
        assertEquals(1, IvrFlow.maxTurns(menu(7, null, "x", null, 0, "hangup", null)));
    }

    @Test
    void a_hangup_failover_hangs_up_and_deletes_the_state() {
        MenuInfo noFailover = menu(8, "a.mp3", null, null, 1, null, null);

        Decision hangup = IvrFlow.input(MENU_8, new IvrState(8, 2, 2, 0, "t", "t", List.of()), "5", true, LATER);
        Decision unset = IvrFlow.input(noFailover, null, "5", true, LATER);

        assertEquals(Kind.FAILOVER, hangup.kind());
        assertTrue(hangup.hangup());
        assertNull(hangup.destinationId());
        assertEquals(StateAction.DELETE, hangup.stateAction());
        assertTrue(unset.hangup());
    }

    @Test
    void a_failover_to_a_menu_writes_a_fresh_state_for_it() {
        MenuInfo toMenu = menu(8, "a.mp3", null, null, 1, "ivr_menu", 7L);

        Decision decision = IvrFlow.input(toMenu, null, "5", true, LATER);

        assertEquals(Kind.FAILOVER, decision.kind());
        assertEquals(StateAction.WRITE, decision.stateAction());
        assertEquals(7, decision.state().menuId());
        assertEquals(0, decision.state().turns());
        assertEquals(1, decision.state().history().size());
    }

    @Test
    void a_state_of_another_menu_starts_fresh_for_this_one() {
        IvrState other = new IvrState(8, 2, 2, 0, "2026-01-14T15:00:00Z", "2026-01-14T15:01:00Z", List.of());

        Decision decision = IvrFlow.input(MENU_7, other, "5", true, LATER);

        assertEquals(Kind.REPLAY, decision.kind());
        assertEquals(7, decision.state().menuId());
        assertEquals(1, decision.state().turns());
        assertEquals(1, decision.state().invalidCount());
        assertEquals("2026-01-14T15:30:07Z", decision.state().startedAt());
    }

    @Test
    void no_state_starts_fresh_and_presenting_keeps_the_counts_of_the_same_menu_only() {
        Decision decision = IvrFlow.input(MENU_7, null, "", true, LATER);
        IvrState replay = decision.state();

        assertEquals(1, replay.turns());
        assertEquals(replay, IvrState.forPresentation(7, replay, LATER));
        assertEquals(new IvrState(9, 0, 0, 0, "2026-01-14T15:30:07Z", null, replay.history()),
                IvrState.forPresentation(9, replay, LATER));
        assertEquals(new IvrState(7, 0, 0, 0, "2026-01-14T15:30:00Z", null, List.of()),
                IvrState.forPresentation(7, null, START));
    }

    @Test
    void degraded_state_fails_over_at_once_on_invalid_or_empty_input_as_in_scenario_29() {
        for (String bad : new String[] {"5", "", null}) {
            Decision decision = IvrFlow.input(MENU_7, null, bad, false, LATER);

            assertEquals(Kind.FAILOVER, decision.kind(), String.valueOf(bad));
            assertEquals("extension", decision.destinationType());
            assertEquals(14L, decision.destinationId());
            assertEquals(StateAction.NONE, decision.stateAction());
            assertNull(decision.state());
        }
        assertTrue(IvrFlow.input(MENU_8, null, "5", false, LATER).hangup());
    }

    @Test
    void degraded_state_still_routes_a_valid_option() {
        Decision decision = IvrFlow.input(MENU_7, null, "1", false, LATER);

        assertEquals(Kind.ROUTE, decision.kind());
        assertEquals("ring_group", decision.destinationType());
        assertEquals(10L, decision.destinationId());
        assertEquals(StateAction.NONE, decision.stateAction());
        assertEquals(0, decision.hopsFrom(4));
    }

    @Test
    void digits_are_trimmed_and_a_trailing_hash_is_stripped() {
        Decision decision = IvrFlow.input(MENU_7, fresh7(), " 2# ", true, LATER);

        assertEquals(Kind.ROUTE, decision.kind());
        assertEquals("extension", decision.destinationType());
        assertEquals(12L, decision.destinationId());
        assertEquals("2", decision.digits());
        assertEquals("2", IvrFlow.normalizeDigits("2 #"));
        assertEquals("12#", IvrFlow.normalizeDigits("12##"));
    }

    @Test
    void history_keeps_only_the_last_twenty_inputs() {
        List<HistoryEntry> twenty = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            twenty.add(new HistoryEntry(7, "d" + i, "invalid", "2026-01-14T15:00:00Z"));
        }
        MenuInfo patient = menu(7, null, "x", null, 9, "hangup", null);

        Decision decision = IvrFlow.input(patient, new IvrState(7, 0, 0, 0, "s", null, twenty), "5", true, LATER);
        List<HistoryEntry> history = decision.state().history();

        assertEquals(20, history.size());
        assertEquals("d1", history.get(0).digits());
        assertEquals(new HistoryEntry(7, "5", "invalid", "2026-01-14T15:30:07Z"), history.get(19));
        List<HistoryEntry> more = new ArrayList<>(twenty);
        more.addAll(twenty);
        assertEquals(20, new IvrState(7, 0, 0, 0, "s", null, more).history().size());
    }

    @Test
    void state_serialises_with_the_snake_case_names_of_the_spec_and_reads_back() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        IvrState state = IvrFlow.input(MENU_7, fresh7(), "5", true, LATER).state();

        String json = mapper.writeValueAsString(state);
        JsonNode tree = mapper.readTree(json);

        assertEquals("""
                {"menu_id":7,"turns":1,"invalid_count":1,"timeout_count":0,"started_at":"2026-01-14T15:30:00Z",\
                "last_input_at":"2026-01-14T15:30:07Z","history":[{"menu_id":7,"digits":"5","result":"invalid",\
                "at":"2026-01-14T15:30:07Z"}]}""", json);
        assertEquals(7, tree.get("menu_id").asLong());
        assertEquals(state, mapper.readValue(json, IvrState.class));
        assertEquals(new IvrState(7, 0, 0, 0, null, null, List.of()),
                mapper.readValue("{\"v\":1,\"menu_id\":7}", IvrState.class));
    }
}
