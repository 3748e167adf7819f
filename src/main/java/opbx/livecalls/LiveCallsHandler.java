package opbx.livecalls;

import static io.javalin.apibuilder.ApiBuilder.get;
import static io.javalin.apibuilder.ApiBuilder.path;

import io.javalin.http.Context;
import java.util.Map;
import java.util.Set;
import opbx.access.Caller;
import opbx.access.Permission;
import opbx.http.Feature;
import opbx.http.PageRequest;
import opbx.http.Requests;

/** GET /api/v1/session-updates/... : live calls (control-plane spec §3.13; read-only, all roles). */
public final class LiveCallsHandler implements Feature {

    private final LiveCallService liveCalls;

    public LiveCallsHandler(LiveCallService liveCalls) {
        this.liveCalls = liveCalls;
    }

    @Override
    public void routes() {
        path("session-updates", () -> {
            // Fixed sub-paths before {sessionId} (§0.1).
            get("active", this::active, Permission.CALLS_READ);
            get("active/stats", this::stats, Permission.CALLS_READ);
            get("{sessionId}", this::session, Permission.CALLS_READ);
        });
    }

    private void active(Context ctx) {
        LiveCallRepository.Filter filter = new LiveCallRepository.Filter(
                PageRequest.filter(ctx, "status", Set.copyOf(LiveCallRepository.STATUSES)).orElse(null),
                PageRequest.filter(ctx, "direction", Set.copyOf(LiveCallRepository.DIRECTIONS)).orElse(null));
        ctx.json(liveCalls.active(Caller.of(ctx).organizationId(), filter));
    }

    private void stats(Context ctx) {
        ctx.json(Map.of("data", liveCalls.stats(Caller.of(ctx).organizationId())));
    }

    private void session(Context ctx) {
        long sessionId = Requests.pathId(ctx, "sessionId", "Session");
        ctx.json(Map.of("data", liveCalls.session(Caller.of(ctx).organizationId(), sessionId)));
    }
}
