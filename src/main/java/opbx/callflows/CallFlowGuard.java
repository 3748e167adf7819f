package opbx.callflows;

import org.jooq.DSLContext;

/**
 * Refuses a configuration write that would let a call loop with nobody choosing (control-plane spec §3.17): call
 * {@link #verify} inside the write's transaction, after its rows are written and before commit. It takes the
 * organisation's call-flow advisory lock, so two concurrent writes cannot each pass alone and together form a loop.
 */
public final class CallFlowGuard {

    private final CallFlowGraphs graphs;

    public CallFlowGuard(CallFlowGraphs graphs) {
        this.graphs = graphs;
    }

    /**
     * Throws a 422 on {@code field} spelling out the loop when the organisation's automatic edges (targets,
     * forwards, fallbacks, failovers, business-hours actions) contain a cycle.
     */
    public void verify(DSLContext trx, long organizationId, String field) {
        trx.execute("select pg_advisory_xact_lock(?, ?)", LOCK_CLASS, (int) organizationId);
        graphs.load(trx, organizationId).automaticCycle().ifPresent(cycle -> {
            throw opbx.http.ValidationException.of(field, "This change would create a call-flow loop: " + cycle + ".");
        });
    }

    /** The first key of the two-int advisory lock: "call flows" (any constant no other lock in the product uses). */
    private static final int LOCK_CLASS = 0x0CF1;
}
