package opbx.ringgroups;

import io.javalin.http.Context;
import java.util.List;
import opbx.access.Caller;
import opbx.http.Feature;
import opbx.http.PageRequest;
import opbx.http.Requests;
import opbx.resources.ResourceRoutes;

/** /api/v1/ring-groups (control-plane spec §3.4): members are embedded, there are no member sub-routes. */
public final class RingGroupsHandler implements Feature {

    private static final List<String> SORTABLE = List.copyOf(RingGroupRepository.SORTABLE.keySet());

    private final RingGroupService groups;
    private final ResourceRoutes resource;
    private final int maxPerPage;

    public RingGroupsHandler(RingGroupService groups, Requests requests, List<String> trustedProxies, int maxPerPage) {
        this.groups = groups;
        this.resource = new ResourceRoutes("Ring group", groups, requests, trustedProxies);
        this.maxPerPage = maxPerPage;
    }

    @Override
    public void routes() {
        resource.register("ring-groups", this::list);
    }

    private void list(Context ctx) {
        PageRequest page = PageRequest.from(ctx, 20, maxPerPage, SORTABLE, "name", true);
        RingGroupRepository.ListFilter filter = new RingGroupRepository.ListFilter(
                PageRequest.filter(ctx, "strategy", RingGroupInput.STRATEGIES).orElse(null),
                PageRequest.filter(ctx, "status", RingGroupInput.STATUSES).orElse(null));
        ctx.json(groups.list(Caller.of(ctx), filter, page));
    }

}
