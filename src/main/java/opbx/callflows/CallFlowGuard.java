package opbx.callflows;

import opbx.http.ValidationException;
import org.jooq.DSLContext;

/**
 * Refuses a configuration write that would let a call loop with nobody choosing (control-plane spec §3.17): call
 * {@link #lock} first in the write's transaction, then {@link #verify} after its rows are written and before commit.
 * The organisation's call-flow advisory lock makes graph-changing writes take turns, so two concurrent writes cannot
 * each pass alone and together form a loop.
 */
public final class CallFlowGuard {

    private final CallFlowGraphs graphs;

    public CallFlowGuard(CallFlowGraphs graphs) {
        this.graphs = graphs;
    }

    /**
     * Takes the organisation's call-flow lock until the transaction ends. A write that may change the graph takes it
     * as its FIRST lock, before any row lock: otherwise a transaction holding it and waiting on a row (a foreign-key
     * check) and one holding that row and waiting on it would deadlock. Taking it twice is harmless.
     */
    public void lock(DSLContext trx, long organizationId) {
        trx.execute("select pg_advisory_xact_lock(?, ?)", LOCK_CLASS, (int) organizationId);
    }

    /**
     * Throws a 422 on {@code field} spelling out the loop when the organisation's automatic edges (targets,
     * forwards, fallbacks, failovers, business-hours actions) contain a cycle.
     */
    public void verify(DSLContext trx, long organizationId, String field) {
        lock(trx, organizationId);
        graphs.load(trx, organizationId).automaticCycle().ifPresent(cycle -> {
            throw ValidationException.of(field, "This change would create a call-flow loop: " + cycle + ".");
        });
    }

    /** The first key of the two-int advisory lock: "call flows" (any constant no other lock in the product uses). */
    private static final int LOCK_CLASS = 0x0CF1;
}
