package opbx.callflows;

import java.util.Optional;

/** An organisation's call-flow graph (placeholder until the loader lands). */
public final class CallFlowGraph {

    static CallFlowGraph empty() {
        return new CallFlowGraph();
    }

    /** The first cycle made only of automatic edges, spelled out, if any. */
    public Optional<String> automaticCycle() {
        return Optional.empty();
    }
}
