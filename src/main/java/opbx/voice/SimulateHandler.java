package opbx.voice;

import static io.javalin.apibuilder.ApiBuilder.path;
import static io.javalin.apibuilder.ApiBuilder.post;

import java.time.Clock;
import opbx.access.Caller;
import opbx.access.Permission;
import opbx.http.Feature;
import opbx.http.Requests;

/** POST /api/v1/call-flows/simulate (owner, pbx_admin): the dry run of control-plane spec §3.17. */
public final class SimulateHandler implements Feature {

    private final CallFlowSimulator simulator;
    private final Requests requests;
    private final Clock clock;

    public SimulateHandler(CallFlowSimulator simulator, Requests requests, Clock clock) {
        this.simulator = simulator;
        this.requests = requests;
        this.clock = clock;
    }

    @Override
    public void routes() {
        path("call-flows", () -> post("simulate",
                ctx -> ctx.json(simulator.simulate(Caller.of(ctx).organizationId(), requests.jsonObject(ctx), clock.instant())),
                Permission.PBX_MANAGE));
    }
}
