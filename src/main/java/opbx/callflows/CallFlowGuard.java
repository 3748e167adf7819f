package opbx.callflows;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import opbx.callflows.CallFlowGraph.Key;
import opbx.http.ValidationException;
import org.jooq.DSLContext;

/**
 * Refuses a configuration write that would break calls (control-plane spec §3.17): a loop a call could go round with
 * nobody choosing, or a destination reachable from an active DID that can only end in "not available" (see
 * {@link DeadEnds}), however many extensions, fallbacks, menus or schedules lie between. A graph-changing write calls
 * {@link #before} first in its transaction (it takes the organisation's call-flow lock, so such writes take turns and
 * two concurrent writes cannot each pass alone and together break a flow), then {@link #verify} after its rows are
 * written and before commit. Only what the write breaks is refused: a dead end that was already there (rows written
 * before this check existed, or inserted by hand) does not block unrelated edits.
 *
 * <p>Deletes and restores need no check: a target with references cannot be deleted (§3.15), so deleting one never
 * leaves a reference dangling, and a restored row is referenced by nothing yet.
 */
public final class CallFlowGuard {

    /** What was broken before the write: the loop found then, if any, and the dead ends reachable, by node and reason. */
    public record Before(Optional<String> cycle, Map<Key, String> deadEnds) {
    }

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

    /** Takes the lock, then notes what is broken already. */
    public Before before(DSLContext trx, long organizationId) {
        lock(trx, organizationId);
        CallFlowGraph graph = graphs.load(trx, organizationId);
        return new Before(graph.automaticCycle(), reasons(DeadEnds.fromActiveNumbers(graph)));
    }

    /**
     * Throws a 422 on {@code field} spelling out the loop when the organisation's automatic edges contain a cycle, or
     * the path to the first destination this write left with nowhere to go.
     */
    public void verify(DSLContext trx, long organizationId, String field, Before before) {
        lock(trx, organizationId);
        CallFlowGraph graph = graphs.load(trx, organizationId);
        graph.automaticCycle().filter(cycle -> !before.cycle().equals(Optional.of(cycle))).ifPresent(cycle -> {
            throw ValidationException.of(field, "This change would create a call-flow loop: " + cycle + ".");
        });
        for (DeadEnds.DeadEnd deadEnd : broken(graph, before)) {
            throw ValidationException.of(field, "This change would leave calls with nowhere to go: "
                    + deadEnd.describe() + ".");
        }
    }

    /**
     * For a write that must not be refused (an outbound whitelist entry removed or narrowed: refusing it would keep a
     * number open to toll fraud): what it broke, each spelled as a path, for a warning in its answer.
     */
    public List<String> warnings(DSLContext trx, long organizationId, Before before) {
        return broken(graphs.load(trx, organizationId), before).stream().map(DeadEnds.DeadEnd::describe).toList();
    }

    private static List<DeadEnds.DeadEnd> broken(CallFlowGraph graph, Before before) {
        return DeadEnds.fromActiveNumbers(graph).values().stream()
                .filter(deadEnd -> !deadEnd.reason().equals(before.deadEnds().get(deadEnd.node())))
                .toList();
    }

    private static Map<Key, String> reasons(Map<Key, DeadEnds.DeadEnd> deadEnds) {
        Map<Key, String> reasons = new java.util.HashMap<>();
        deadEnds.forEach((key, deadEnd) -> reasons.put(key, deadEnd.reason()));
        return reasons;
    }

    /** The first key of the two-int advisory lock: "call flows" (any constant no other lock in the product uses). */
    private static final int LOCK_CLASS = 0x0CF1;
}
