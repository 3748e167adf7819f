package opbx.ivr;

import static io.javalin.apibuilder.ApiBuilder.get;

import io.javalin.http.Context;
import java.util.List;
import opbx.access.Caller;
import opbx.access.Permission;
import opbx.http.Feature;
import opbx.http.PageRequest;
import opbx.http.Requests;
import opbx.resources.ResourceRoutes;

/** /api/v1/ivr-menus (control-plane spec §3.5, §3.6): options are embedded; the fixed voices path comes before {id}. */
public final class IvrMenusHandler implements Feature {

    private static final List<String> SORTABLE = List.copyOf(IvrMenuRepository.SORTABLE.keySet());

    private final IvrMenuService menus;
    private final IvrVoices voices;
    private final ResourceRoutes resource;
    private final int maxPerPage;

    public IvrMenusHandler(IvrMenuService menus, IvrVoices voices, Requests requests, List<String> trustedProxies,
                           int maxPerPage) {
        this.menus = menus;
        this.voices = voices;
        this.resource = new ResourceRoutes("IVR menu", menus, requests, trustedProxies);
        this.maxPerPage = maxPerPage;
    }

    @Override
    public void routes() {
        resource.register("ivr-menus", this::list,
                () -> get("voices", ctx -> ctx.json(voices.list(Caller.of(ctx))), Permission.IVR_VOICES), () -> { });
    }

    private void list(Context ctx) {
        PageRequest page = PageRequest.from(ctx, 20, maxPerPage, SORTABLE, "name", true);
        IvrMenuRepository.ListFilter filter = new IvrMenuRepository.ListFilter(
                PageRequest.filter(ctx, "status", IvrMenuInput.STATUSES).orElse(null));
        ctx.json(menus.list(Caller.of(ctx), filter, page));
    }

}
