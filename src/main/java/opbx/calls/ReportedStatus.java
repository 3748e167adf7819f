package opbx.calls;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What a status word in a session update, a call-status report or a CDR disposition means for the call log
 * (execution-plane spec §9.7). "Ended" words are the one case that depends on the call: completed when it was
 * answered, otherwise no answer.
 */
public enum ReportedStatus {
    INITIATED, RINGING, ANSWERED, ENDED, BUSY, NO_ANSWER, FAILED;

    /** A candidate transition: the new state and the states it may be applied from. */
    public record Step(CallState target, Set<CallState> from) {
    }

    /** The meaning of a word, case-insensitive, ignoring {@code _}, {@code -} and spaces; empty means no transition. */
    public static Optional<ReportedStatus> read(String word) {
        if (word == null) {
            return Optional.empty();
        }
        return switch (word.toLowerCase(Locale.ROOT).replaceAll("[_\\- ]", "")) {
            case "processing", "new", "initiated", "queued" -> Optional.of(INITIATED);
            case "ringing" -> Optional.of(RINGING);
            case "connected", "answer", "answered", "inprogress" -> Optional.of(ANSWERED);
            case "completed", "complete", "ended", "hangup" -> Optional.of(ENDED);
            case "busy" -> Optional.of(BUSY);
            case "noanswer" -> Optional.of(NO_ANSWER);
            case "failed", "failure", "congestion", "canceled", "cancelled", "cancel", "error" -> Optional.of(FAILED);
            default -> Optional.empty();
        };
    }

    /** A CDR is final: a disposition meaning a non-terminal state, or nothing, is read as completed (§9.7). */
    public static List<Step> forCdr(String disposition, boolean answerEvidence) {
        ReportedStatus reported = read(disposition).orElse(null);
        if (reported == null || reported == INITIATED || reported == RINGING || reported == ANSWERED) {
            return List.of(new Step(CallState.COMPLETED, CallState.COMPLETED.reachableFrom()));
        }
        return reported.steps(answerEvidence);
    }

    /**
     * The transitions to try, in order; their {@code from} sets are disjoint, so at most one conditional UPDATE
     * matches. {@code answerEvidence} is an answer time or {@code billsec > 0} in the report itself; without it an
     * ended call is completed only when its log already says answered.
     */
    public List<Step> steps(boolean answerEvidence) {
        return switch (this) {
            case INITIATED -> List.of();
            case RINGING -> List.of(step(CallState.RINGING));
            case ANSWERED -> List.of(step(CallState.ANSWERED));
            case BUSY -> List.of(step(CallState.BUSY));
            case NO_ANSWER -> List.of(step(CallState.NO_ANSWER));
            case FAILED -> List.of(step(CallState.FAILED));
            case ENDED -> answerEvidence
                    ? List.of(step(CallState.COMPLETED))
                    : List.of(new Step(CallState.COMPLETED, EnumSet.of(CallState.ANSWERED)),
                            new Step(CallState.NO_ANSWER, CallState.NO_ANSWER.reachableFrom()));
        };
    }

    private static Step step(CallState target) {
        return new Step(target, target.reachableFrom());
    }
}
