package opbx.callflows;

import static io.javalin.apibuilder.ApiBuilder.get;
import static io.javalin.apibuilder.ApiBuilder.path;

import io.javalin.http.Context;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import opbx.access.Caller;
import opbx.access.Permission;
import opbx.callflows.CallFlowGraph.Key;
import opbx.http.ApiException;
import opbx.http.Feature;
import opbx.http.Requests;
import org.jooq.DSLContext;

/**
 * The call-flow view (control-plane spec §3.17): what a call to a phone number or an extension can reach, as a
 * finite tree (all roles), with a warning on each node where such a call could only hear "not available".
 */
public final class CallFlowsHandler implements Feature {

    private final DSLContext dsl;
    private final CallFlowGraphs graphs;

    public CallFlowsHandler(DSLContext dsl, CallFlowGraphs graphs) {
        this.dsl = dsl;
        this.graphs = graphs;
    }

    @Override
    public void routes() {
        path("call-flows", () -> {
            get("phone-numbers/{id}", ctx -> view(ctx, "phone_number", "Phone number"), Permission.PBX_READ);
            get("extensions/{id}", ctx -> view(ctx, "extension", "Extension"), Permission.PBX_READ);
        });
    }

    private void view(Context ctx, String type, String resource) {
        long id = Requests.pathId(ctx, "id", resource);
        Caller caller = Caller.of(ctx);
        CallFlowGraph graph = graphs.load(dsl, caller.organizationId(), true);
        Key root = Key.of(type, id);
        if (graph.node(root).isEmpty()) {
            throw ApiException.notFound(resource);
        }
        // Whatever a call entering here could only hear "not available" at is marked where it appears.
        Map<Key, String> warnings = new HashMap<>();
        DeadEnds.from(graph, List.of(root)).forEach((key, deadEnd) -> warnings.put(key, deadEnd.describe()));
        graph.warn(warnings);
        ctx.json(Map.of("data", graph.tree(root)));
    }
}
