package opbx.ivr;

import static io.javalin.apibuilder.ApiBuilder.delete;
import static io.javalin.apibuilder.ApiBuilder.get;
import static io.javalin.apibuilder.ApiBuilder.patch;
import static io.javalin.apibuilder.ApiBuilder.path;
import static io.javalin.apibuilder.ApiBuilder.post;
import static io.javalin.apibuilder.ApiBuilder.put;

import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import opbx.access.Caller;
import opbx.access.Permission;
import opbx.http.ClientInfo;
import opbx.http.Feature;
import opbx.http.PageRequest;
import opbx.http.Requests;

/** /api/v1/ivr-menus (control-plane spec §3.5, §3.6): options are embedded; the fixed voices path comes before {id}. */
public final class IvrMenusHandler implements Feature {

    private static final List<String> SORTABLE = List.copyOf(IvrMenuRepository.SORTABLE.keySet());

    private final IvrMenuService menus;
    private final IvrVoices voices;
    private final Requests requests;
    private final List<String> trustedProxies;
    private final int maxPerPage;

    public IvrMenusHandler(IvrMenuService menus, IvrVoices voices, Requests requests, List<String> trustedProxies,
                           int maxPerPage) {
        this.menus = menus;
        this.voices = voices;
        this.requests = requests;
        this.trustedProxies = trustedProxies;
        this.maxPerPage = maxPerPage;
    }

    @Override
    public void routes() {
        path("ivr-menus", () -> {
            get(this::list, Permission.PBX_READ);
            post(this::create, Permission.PBX_MANAGE);
            get("voices", ctx -> ctx.json(voices.list(Caller.of(ctx))), Permission.IVR_VOICES);
            path("{id}", () -> {
                get(this::show, Permission.PBX_READ);
                put(this::update, Permission.PBX_MANAGE);
                patch(this::update, Permission.PBX_MANAGE);
                delete(this::remove, Permission.PBX_MANAGE);
            });
        });
    }

    private void list(Context ctx) {
        PageRequest page = PageRequest.from(ctx, 20, maxPerPage, SORTABLE, "name", true);
        IvrMenuRepository.ListFilter filter = new IvrMenuRepository.ListFilter(
                PageRequest.filter(ctx, "status", IvrMenuInput.STATUSES).orElse(null));
        ctx.json(menus.list(Caller.of(ctx), filter, page));
    }

    private void show(Context ctx) {
        ctx.json(Map.of("data", menus.show(Caller.of(ctx), id(ctx))));
    }

    private void create(Context ctx) {
        Map<String, Object> menu = menus.create(Caller.of(ctx), requests.jsonObject(ctx), client(ctx));
        ctx.status(201).json(Map.of("message", "IVR menu created successfully.", "data", menu));
    }

    private void update(Context ctx) {
        long id = id(ctx);
        Map<String, Object> menu = menus.update(Caller.of(ctx), id, requests.jsonObject(ctx), client(ctx));
        ctx.json(Map.of("message", "IVR menu updated successfully.", "data", menu));
    }

    private void remove(Context ctx) {
        menus.delete(Caller.of(ctx), id(ctx), client(ctx));
        ctx.status(204);
    }

    private static long id(Context ctx) {
        return Requests.pathId(ctx, "id", "IVR menu");
    }

    private ClientInfo client(Context ctx) {
        return ClientInfo.of(ctx, trustedProxies);
    }
}
