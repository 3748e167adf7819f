package opbx.calls;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The states of a call log and the steps allowed between them (execution-plane spec §9.7). A report may skip steps
 * Cloudonix did not send, so a transition is allowed from every state the target is reachable from.
 */
public enum CallState {
    INITIATED, RINGING, ANSWERED, COMPLETED, BUSY, NO_ANSWER, FAILED;

    /** The wire and column value: {@code no_answer}, {@code answered}, ... */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean terminal() {
        return this == COMPLETED || this == BUSY || this == NO_ANSWER || this == FAILED;
    }

    /** The states one allowed step leads to. */
    public Set<CallState> nextSteps() {
        return switch (this) {
            case INITIATED -> EnumSet.of(RINGING, FAILED, BUSY);
            case RINGING -> EnumSet.of(ANSWERED, NO_ANSWER, BUSY, FAILED);
            case ANSWERED -> EnumSet.of(COMPLETED, FAILED);
            case COMPLETED, BUSY, NO_ANSWER, FAILED -> EnumSet.noneOf(CallState.class);
        };
    }

    /**
     * The states from which this one is reachable through one or more allowed steps: the {@code status IN (...)} of
     * the conditional UPDATE that makes a transition race-free without a lock. Empty for {@link #INITIATED}.
     */
    public Set<CallState> reachableFrom() {
        Set<CallState> from = EnumSet.noneOf(CallState.class);
        for (CallState state : values()) {
            if (state.canReach(this)) {
                from.add(state);
            }
        }
        return from;
    }

    private boolean canReach(CallState target) {
        for (CallState step : nextSteps()) {
            if (step == target || step.canReach(target)) {
                return true;
            }
        }
        return false;
    }

    public static CallState fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
