package opbx.whitelist;

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

/** /api/v1/outbound-whitelist (control-plane spec §3.7). */
public final class OutboundWhitelistHandler implements Feature {

    private static final List<String> SORTABLE = List.copyOf(OutboundWhitelistRepository.SORTABLE.keySet());

    private final OutboundWhitelistService whitelist;
    private final Requests requests;
    private final List<String> trustedProxies;
    private final int maxPerPage;

    public OutboundWhitelistHandler(OutboundWhitelistService whitelist, Requests requests, List<String> trustedProxies,
                                    int maxPerPage) {
        this.whitelist = whitelist;
        this.requests = requests;
        this.trustedProxies = trustedProxies;
        this.maxPerPage = maxPerPage;
    }

    @Override
    public void routes() {
        path("outbound-whitelist", () -> {
            get(this::list, Permission.PBX_READ);
            post(this::create, Permission.PBX_MANAGE);
            path("{id}", () -> {
                get(this::show, Permission.PBX_READ);
                put(this::update, Permission.PBX_MANAGE);
                patch(this::update, Permission.PBX_MANAGE);
                delete(this::remove, Permission.PBX_MANAGE);
            });
        });
    }

    private void list(Context ctx) {
        PageRequest page = PageRequest.from(ctx, 20, maxPerPage, SORTABLE, "created_at", false);
        ctx.json(whitelist.list(Caller.of(ctx), page));
    }

    private void show(Context ctx) {
        ctx.json(Map.of("data", whitelist.show(Caller.of(ctx), id(ctx))));
    }

    private void create(Context ctx) {
        Map<String, Object> entry = whitelist.create(Caller.of(ctx), requests.jsonObject(ctx), client(ctx));
        ctx.status(201).json(Map.of("message", "Outbound whitelist entry created successfully.", "data", entry));
    }

    private void update(Context ctx) {
        long id = id(ctx);
        Map<String, Object> entry = whitelist.update(Caller.of(ctx), id, requests.jsonObject(ctx), client(ctx));
        ctx.json(Map.of("message", "Outbound whitelist entry updated successfully.", "data", entry));
    }

    private void remove(Context ctx) {
        whitelist.delete(Caller.of(ctx), id(ctx), client(ctx));
        ctx.status(204);
    }

    private static long id(Context ctx) {
        return Requests.pathId(ctx, "id", OutboundWhitelistService.RESOURCE);
    }

    private ClientInfo client(Context ctx) {
        return ClientInfo.of(ctx, trustedProxies);
    }
}
