package opbx.whitelist;

import io.javalin.http.Context;
import java.util.List;
import opbx.access.Caller;
import opbx.http.Feature;
import opbx.http.PageRequest;
import opbx.http.Requests;
import opbx.resources.ResourceRoutes;

/** /api/v1/outbound-whitelist (control-plane spec §3.7). */
public final class OutboundWhitelistHandler implements Feature {

    private static final List<String> SORTABLE = List.copyOf(OutboundWhitelistRepository.SORTABLE.keySet());

    private final OutboundWhitelistService whitelist;
    private final ResourceRoutes resource;
    private final int maxPerPage;

    public OutboundWhitelistHandler(OutboundWhitelistService whitelist, Requests requests, List<String> trustedProxies,
                                    int maxPerPage) {
        this.whitelist = whitelist;
        this.resource = new ResourceRoutes("Outbound whitelist entry", whitelist, requests, trustedProxies);
        this.maxPerPage = maxPerPage;
    }

    @Override
    public void routes() {
        resource.register("outbound-whitelist", this::list);
    }

    private void list(Context ctx) {
        PageRequest page = PageRequest.from(ctx, 20, maxPerPage, SORTABLE, "created_at", false);
        ctx.json(whitelist.list(Caller.of(ctx), page));
    }

}
