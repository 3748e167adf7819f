package opbx.calls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import opbx.calls.ReportedStatus.Step;
import org.junit.jupiter.api.Test;

/** The call-log state machine and the reported words (execution-plane spec §9.7). */
class CallStateTest {

    @Test
    void a_state_is_reachable_from_every_state_a_chain_of_allowed_steps_leads_from() {
        assertEquals(EnumSet.noneOf(CallState.class), CallState.INITIATED.reachableFrom());
        assertEquals(EnumSet.of(CallState.INITIATED), CallState.RINGING.reachableFrom());
        assertEquals(EnumSet.of(CallState.INITIATED, CallState.RINGING), CallState.ANSWERED.reachableFrom());
        assertEquals(EnumSet.of(CallState.INITIATED, CallState.RINGING, CallState.ANSWERED),
                CallState.COMPLETED.reachableFrom());
        assertEquals(EnumSet.of(CallState.INITIATED, CallState.RINGING), CallState.NO_ANSWER.reachableFrom());
        assertEquals(EnumSet.of(CallState.INITIATED, CallState.RINGING), CallState.BUSY.reachableFrom());
        assertEquals(EnumSet.of(CallState.INITIATED, CallState.RINGING, CallState.ANSWERED),
                CallState.FAILED.reachableFrom());
    }

    @Test
    void terminal_states_lead_nowhere_and_are_reachable_from_no_terminal_state() {
        for (CallState state : CallState.values()) {
            assertEquals(state.terminal(), state.nextSteps().isEmpty(), state.name());
            for (CallState from : state.reachableFrom()) {
                assertFalse(from.terminal(), from + " -> " + state);
                assertFalse(from == state, "a state never transitions to itself: " + state);
            }
        }
    }

    @Test
    void wire_values_are_lower_case_and_read_back() {
        assertEquals("no_answer", CallState.NO_ANSWER.wire());
        for (CallState state : CallState.values()) {
            assertEquals(state, CallState.fromWire(state.wire()));
        }
    }

    @Test
    void reported_words_ignore_case_underscores_dashes_and_spaces() {
        assertEquals(Optional.of(ReportedStatus.NO_ANSWER), ReportedStatus.read("NO_ANSWER"));
        assertEquals(Optional.of(ReportedStatus.NO_ANSWER), ReportedStatus.read("No Answer"));
        assertEquals(Optional.of(ReportedStatus.ANSWERED), ReportedStatus.read("in-progress"));
        assertEquals(Optional.of(ReportedStatus.INITIATED), ReportedStatus.read("Processing"));
        assertEquals(Optional.of(ReportedStatus.ENDED), ReportedStatus.read("HANGUP"));
        assertEquals(Optional.of(ReportedStatus.FAILED), ReportedStatus.read("Cancelled"));
        assertEquals(Optional.of(ReportedStatus.BUSY), ReportedStatus.read("busy"));
        assertEquals(Optional.of(ReportedStatus.RINGING), ReportedStatus.read("ringing"));
        assertEquals(Optional.empty(), ReportedStatus.read("on-hold"));
        assertEquals(Optional.empty(), ReportedStatus.read(null));
    }

    @Test
    void an_initiated_report_creates_the_log_but_makes_no_transition() {
        assertEquals(List.of(), ReportedStatus.INITIATED.steps(false));
    }

    @Test
    void an_ended_call_with_answer_evidence_is_completed_from_any_live_state() {
        assertEquals(List.of(new Step(CallState.COMPLETED, CallState.COMPLETED.reachableFrom())),
                ReportedStatus.ENDED.steps(true));
    }

    @Test
    void an_ended_call_without_evidence_is_completed_only_when_answered_and_otherwise_not_answered() {
        List<Step> steps = ReportedStatus.ENDED.steps(false);
        assertEquals(List.of(new Step(CallState.COMPLETED, EnumSet.of(CallState.ANSWERED)),
                new Step(CallState.NO_ANSWER, EnumSet.of(CallState.INITIATED, CallState.RINGING))), steps);
        assertTrue(Collections.disjoint(steps.get(0).from(), steps.get(1).from()),
                "at most one conditional UPDATE may match");
    }

    @Test
    void a_cdr_is_final_so_a_live_or_unknown_disposition_reads_as_completed() {
        Step completed = new Step(CallState.COMPLETED, CallState.COMPLETED.reachableFrom());
        assertEquals(List.of(completed), ReportedStatus.forCdr("ANSWER", false));
        assertEquals(List.of(completed), ReportedStatus.forCdr("RINGING", false));
        assertEquals(List.of(completed), ReportedStatus.forCdr("SOMETHING NEW", false));
        assertEquals(List.of(completed), ReportedStatus.forCdr(null, false));
        assertEquals(List.of(new Step(CallState.BUSY, CallState.BUSY.reachableFrom())),
                ReportedStatus.forCdr("BUSY", false));
        assertEquals(List.of(new Step(CallState.NO_ANSWER, CallState.NO_ANSWER.reachableFrom())),
                ReportedStatus.forCdr("NOANSWER", true));
        assertEquals(ReportedStatus.ENDED.steps(false), ReportedStatus.forCdr("completed", false));
    }
}
