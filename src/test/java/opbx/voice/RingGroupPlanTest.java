package opbx.voice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import opbx.voice.RingGroupPlan.Kind;
import opbx.voice.RingGroupPlan.Outcome;
import opbx.voice.RingGroupPlan.Step;
import opbx.voice.model.ExtensionInfo;
import opbx.voice.model.RingGroupInfo;
import org.junit.jupiter.api.Test;

/** Execution-plane spec §4 with the ring groups of the §13 fixtures ({@code B = https://pbx.example.com}). */
class RingGroupPlanTest {

    private static final String B = "https://pbx.example.com";
    private static final ExtensionInfo E1001 = user(11, "1001");
    private static final ExtensionInfo E1002 = user(12, "1002");
    private static final ExtensionInfo E1004 = user(14, "1004");

    private static final RingGroupInfo GROUP_10 = group(10, "simultaneous", 20, 1, "extension", 40L);
    private static final RingGroupInfo GROUP_11 = group(11, "sequential", 15, 2, "hangup", null);
    private static final RingGroupInfo GROUP_12 = group(12, "round_robin", 15, 1, "hangup", null);

    private static ExtensionInfo user(long id, String number) {
        return new ExtensionInfo(id, number, "user", "active", null, null, null, null);
    }

    private static RingGroupInfo group(long id, String strategy, Integer timeout, Integer turns, String fallback,
                                       Long fallbackExtension) {
        return new RingGroupInfo(id, "Group " + id, strategy, timeout, turns, fallback, fallbackExtension, null, null, null,
                "active", List.of());
    }

    private static String callbackDial(int timeout, String query, String... numbers) {
        StringBuilder out = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response>\n")
                .append("  <Dial timeout=\"").append(timeout).append("\" action=\"").append(B)
                .append("/api/callbacks/voice/ring-group-callback?").append(query.replace("&", "&amp;")).append("\">\n");
        for (String number : numbers) {
            out.append("    <Number>").append(number).append("</Number>\n");
        }
        return out.append("  </Dial>\n</Response>\n").toString();
    }

    // §4.2 simultaneous

    @Test
    void simultaneous_entry_is_the_spec_example_byte_for_byte() {
        Step step = RingGroupPlan.entry(GROUP_10, List.of(E1001, E1002), B, 1, 0);

        assertEquals(Kind.DIAL, step.kind());
        assertEquals("""
                <?xml version="1.0" encoding="UTF-8"?>
                <Response>
                  <Dial timeout="20" action="https://pbx.example.com/api/callbacks/voice/ring-group-callback?ring_group_id=10&amp;attempt_number=1&amp;hops=1">
                    <Number>1001</Number>
                    <Number>1002</Number>
                  </Dial>
                </Response>
                """, step.document().render());
        assertEquals(1, step.attempt());
        assertNull(step.dialledExtensionId());
        assertNull(step.roundRobinPointer());
    }

    @Test
    void simultaneous_with_three_members_rings_all_of_them_in_order_and_one_turn_then_falls_back() {
        List<ExtensionInfo> members = List.of(E1001, E1002, E1004);

        Step entry = RingGroupPlan.entry(GROUP_10, members, B, 2, 0);
        Step afterNoAnswer = RingGroupPlan.callback(GROUP_10, members, B, 2, 1, 0, "no-answer");

        assertEquals(callbackDial(20, "ring_group_id=10&attempt_number=1&hops=2", "1001", "1002", "1004"),
                entry.document().render());
        assertEquals(Kind.FALLBACK, afterNoAnswer.kind());
        assertNull(afterNoAnswer.document());
    }

    @Test
    void simultaneous_with_two_turns_rings_everybody_again_before_falling_back() {
        RingGroupInfo twoTurns = group(10, "simultaneous", 20, 2, "hangup", null);
        List<ExtensionInfo> members = List.of(E1001, E1002, E1004);

        Step second = RingGroupPlan.callback(twoTurns, members, B, 1, 1, 0, "busy");
        Step third = RingGroupPlan.callback(twoTurns, members, B, 1, 2, 0, "busy");

        assertEquals(callbackDial(20, "ring_group_id=10&attempt_number=2&hops=1", "1001", "1002", "1004"),
                second.document().render());
        assertEquals(Kind.FALLBACK, third.kind());
    }

    // §4.3 sequential

    @Test
    void sequential_entry_dials_the_first_member_as_in_scenario_13() {
        Step step = RingGroupPlan.entry(GROUP_11, List.of(E1001, E1002), B, 1, 0);

        assertEquals(callbackDial(15, "ring_group_id=11&attempt_number=1&hops=1", "1001"), step.document().render());
        assertEquals(11L, step.dialledExtensionId());
        assertFalse(step.roundRobin());
        assertNull(step.roundRobinPointer());
    }

    @Test
    void sequential_index_rule_walks_the_members_for_every_turn_then_falls_back_as_in_scenario_14() {
        List<ExtensionInfo> members = List.of(E1001, E1002);

        Step second = RingGroupPlan.callback(GROUP_11, members, B, 1, 1, 0, "busy");
        Step third = RingGroupPlan.callback(GROUP_11, members, B, 1, 2, 0, "no-answer");
        Step fourth = RingGroupPlan.callback(GROUP_11, members, B, 1, 3, 0, "busy");
        Step fifth = RingGroupPlan.callback(GROUP_11, members, B, 1, 4, 0, "no-answer");

        assertEquals(callbackDial(15, "ring_group_id=11&attempt_number=2&hops=1", "1002"), second.document().render());
        assertEquals(callbackDial(15, "ring_group_id=11&attempt_number=3&hops=1", "1001"), third.document().render());
        assertEquals(callbackDial(15, "ring_group_id=11&attempt_number=4&hops=1", "1002"), fourth.document().render());
        assertEquals(Kind.FALLBACK, fifth.kind());
        assertTrue(RingGroupPlan.fallback(GROUP_11).hangup());
        assertEquals(4, RingGroupPlan.maxAttempts(GROUP_11, 2));
    }

    @Test
    void dialling_an_attempt_beyond_n_times_r_is_the_fallback() {
        assertEquals(Kind.FALLBACK, RingGroupPlan.dial(GROUP_11, List.of(E1001, E1002), B, 1, 5, 0).kind());
        assertEquals(Kind.DIAL, RingGroupPlan.dial(GROUP_11, List.of(E1001, E1002), B, 1, 4, 0).kind());
    }

    // §4.4 round robin

    @Test
    void round_robin_without_a_pointer_starts_at_the_first_member_and_carries_the_offset() {
        List<ExtensionInfo> members = List.of(E1001, E1002, E1004);
        int k = RingGroupPlan.roundRobinOffset(members, null);

        Step step = RingGroupPlan.entry(GROUP_12, members, B, 1, k);

        assertEquals(0, k);
        assertEquals("""
                <?xml version="1.0" encoding="UTF-8"?>
                <Response>
                  <Dial timeout="15" action="https://pbx.example.com/api/callbacks/voice/ring-group-callback?ring_group_id=12&amp;attempt_number=1&amp;hops=1&amp;rr_offset=0">
                    <Number>1001</Number>
                  </Dial>
                </Response>
                """, step.document().render());
        assertEquals(11L, step.roundRobinPointer());
    }

    @Test
    void round_robin_starts_after_the_pointer_and_its_callback_continues_from_the_offset_as_in_scenario_15() {
        List<ExtensionInfo> members = List.of(E1001, E1002, E1004);
        int k = RingGroupPlan.roundRobinOffset(members, 11L);

        Step entry = RingGroupPlan.entry(GROUP_12, members, B, 1, k);
        Step callback = RingGroupPlan.callback(GROUP_12, members, B, 1, 1, k, "no-answer");

        assertEquals(1, k);
        assertEquals(callbackDial(15, "ring_group_id=12&attempt_number=1&hops=1&rr_offset=1", "1002"),
                entry.document().render());
        assertEquals(12L, entry.roundRobinPointer());
        assertEquals(callbackDial(15, "ring_group_id=12&attempt_number=2&hops=1&rr_offset=1", "1004"),
                callback.document().render());
        assertEquals(14L, callback.roundRobinPointer());
    }

    @Test
    void round_robin_wraps_around_the_member_list() {
        List<ExtensionInfo> members = List.of(E1001, E1002, E1004);
        int k = RingGroupPlan.roundRobinOffset(members, 14L);

        Step third = RingGroupPlan.callback(GROUP_12, members, B, 1, 2, 1, "busy");
        Step exhausted = RingGroupPlan.callback(GROUP_12, members, B, 1, 3, 1, "busy");

        assertEquals(0, k);
        assertEquals(11L, RingGroupPlan.entry(GROUP_12, members, B, 1, k).dialledExtensionId());
        assertEquals(callbackDial(15, "ring_group_id=12&attempt_number=3&hops=1&rr_offset=1", "1001"),
                third.document().render());
        assertEquals(Kind.FALLBACK, exhausted.kind());
    }

    @Test
    void a_pointer_to_a_member_no_longer_in_the_list_starts_at_the_first() {
        assertEquals(0, RingGroupPlan.roundRobinOffset(List.of(E1001, E1002), 14L));
        assertEquals(0, RingGroupPlan.roundRobinOffset(List.of(), 14L));
    }

    @Test
    void dialled_names_the_member_an_attempt_rings_alone() {
        List<ExtensionInfo> members = List.of(E1001, E1002, E1004);

        assertEquals(E1004, RingGroupPlan.dialled(GROUP_12, members, 1, 2));
        assertEquals(E1001, RingGroupPlan.dialled(GROUP_12, members, 2, 2));
        assertEquals(E1002, RingGroupPlan.dialled(GROUP_11, members, 5, 2));
        assertNull(RingGroupPlan.dialled(GROUP_10, members, 1, 0));
        assertNull(RingGroupPlan.dialled(GROUP_11, List.of(), 1, 0));
    }

    // §4.1 and §4.5 edges

    @Test
    void a_group_without_dialable_members_falls_back_on_entry_and_on_callback() {
        RingGroupInfo group14 = new RingGroupInfo(14, "Loop", "simultaneous", null, null, "ring_group", null, 15L, null,
                null, "active", List.of());

        assertEquals(Kind.FALLBACK, RingGroupPlan.entry(group14, List.of(), B, 1, 0).kind());
        assertEquals(Kind.FALLBACK, RingGroupPlan.callback(group14, List.of(), B, 1, 0, 0, "no-answer").kind());
        assertEquals(new RingGroupPlan.FallbackTarget("ring_group", 15L), RingGroupPlan.fallback(group14));
    }

    @Test
    void answered_outcomes_end_the_call_whatever_the_attempt() {
        for (String answered : List.of("completed", "in_progress", "In Progress", "Answered", " ANSWERED ")) {
            Step step = RingGroupPlan.callback(GROUP_10, List.of(E1001), B, 1, 1, 0, answered);
            assertEquals(Kind.HANGUP, step.kind(), answered);
            assertEquals(Outcome.ANSWERED, RingGroupPlan.outcome(answered), answered);
        }
        assertEquals(Kind.HANGUP, RingGroupPlan.callback(GROUP_11, List.of(), B, 1, 9, 0, "completed").kind());
    }

    @Test
    void failed_or_missing_outcomes_move_on() {
        for (String failed : List.of("busy", "no-answer", "no_answer", "failed", "canceled", "ringing", "")) {
            assertEquals(Outcome.FAILED, RingGroupPlan.outcome(failed), failed);
        }
        assertEquals(Outcome.FAILED, RingGroupPlan.outcome(null));
        assertEquals(Kind.DIAL, RingGroupPlan.callback(GROUP_11, List.of(E1001, E1002), B, 1, 1, 0, null).kind());
    }

    @Test
    void outcomes_are_normalised_and_taken_from_the_first_present_field() {
        assertEquals("in-progress", RingGroupPlan.normalizeOutcome("in_progress"));
        assertEquals("no-answer", RingGroupPlan.normalizeOutcome("No Answer"));
        assertNull(RingGroupPlan.normalizeOutcome("  "));
        assertEquals("answered", RingGroupPlan.firstPresent(null, " ", "answered", "no-answer"));
        assertNull(RingGroupPlan.firstPresent(null, ""));
    }

    @Test
    void a_callback_without_an_attempt_number_counts_as_the_first_and_zero_as_a_fresh_start() {
        List<ExtensionInfo> members = List.of(E1001, E1002);

        assertEquals(2, RingGroupPlan.callback(GROUP_11, members, B, 1, 1, 0, "busy").attempt());
        assertEquals(1, RingGroupPlan.callback(GROUP_11, members, B, 1, 0, 0, "busy").attempt());
    }

    @Test
    void defaults_are_thirty_seconds_one_turn_and_the_simultaneous_strategy() {
        RingGroupInfo bare = new RingGroupInfo(5, "Bare", null, null, 0, null, null, null, null, null, "active", List.of());

        Step step = RingGroupPlan.entry(bare, List.of(E1001, E1002), B + "/", 0, 0);

        assertEquals(30, RingGroupPlan.timeout(bare));
        assertEquals(1, RingGroupPlan.turns(bare));
        assertEquals(callbackDial(30, "ring_group_id=5&attempt_number=1&hops=0", "1001", "1002"),
                step.document().render());
        assertEquals(RingGroupPlan.Strategy.SIMULTANEOUS, RingGroupPlan.Strategy.of("parallel"));
    }

    @Test
    void fallback_targets_follow_the_action_or_hang_up() {
        assertEquals(new RingGroupPlan.FallbackTarget("extension", 40L), RingGroupPlan.fallback(GROUP_10));
        assertTrue(RingGroupPlan.fallback(group(1, "sequential", 15, 1, null, null)).hangup());
        assertTrue(RingGroupPlan.fallback(group(1, "sequential", 15, 1, "extension", null)).hangup());
        assertTrue(RingGroupPlan.fallback(group(1, "sequential", 15, 1, "voicemail", 3L)).hangup());
        RingGroupInfo toMenu = new RingGroupInfo(1, "M", "sequential", 15, 1, "ivr_menu", null, null, 7L, null, "active",
                List.of());
        RingGroupInfo toAi = new RingGroupInfo(1, "A", "sequential", 15, 1, "ai_assistant", null, null, null, 50L,
                "active", List.of());
        assertEquals(new RingGroupPlan.FallbackTarget("ivr_menu", 7L), RingGroupPlan.fallback(toMenu));
        assertEquals(new RingGroupPlan.FallbackTarget("ai_assistant", 50L), RingGroupPlan.fallback(toAi));
    }
}
