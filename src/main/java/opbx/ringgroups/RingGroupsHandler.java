package opbx.ringgroups;

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

/** /api/v1/ring-groups (control-plane spec §3.4): members are embedded, there are no member sub-routes. */
public final class RingGroupsHandler implements Feature {

    private static final List<String> SORTABLE = List.copyOf(RingGroupRepository.SORTABLE.keySet());

    private final RingGroupService groups;
    private final Requests requests;
    private final List<String> trustedProxies;
    private final int maxPerPage;

    public RingGroupsHandler(RingGroupService groups, Requests requests, List<String> trustedProxies, int maxPerPage) {
        this.groups = groups;
        this.requests = requests;
        this.trustedProxies = trustedProxies;
        this.maxPerPage = maxPerPage;
    }

    @Override
    public void routes() {
        path("ring-groups", () -> {
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
        PageRequest page = PageRequest.from(ctx, 20, maxPerPage, SORTABLE, "name", true);
        RingGroupRepository.ListFilter filter = new RingGroupRepository.ListFilter(
                PageRequest.filter(ctx, "strategy", RingGroupInput.STRATEGIES).orElse(null),
                PageRequest.filter(ctx, "status", RingGroupInput.STATUSES).orElse(null));
        ctx.json(groups.list(Caller.of(ctx), filter, page));
    }

    private void show(Context ctx) {
        ctx.json(Map.of("data", groups.show(Caller.of(ctx), id(ctx))));
    }

    private void create(Context ctx) {
        Map<String, Object> group = groups.create(Caller.of(ctx), requests.jsonObject(ctx), client(ctx));
        ctx.status(201).json(Map.of("message", "Ring group created successfully.", "data", group));
    }

    private void update(Context ctx) {
        long id = id(ctx);
        Map<String, Object> group = groups.update(Caller.of(ctx), id, requests.jsonObject(ctx), client(ctx));
        ctx.json(Map.of("message", "Ring group updated successfully.", "data", group));
    }

    private void remove(Context ctx) {
        groups.delete(Caller.of(ctx), id(ctx), client(ctx));
        ctx.status(204);
    }

    private static long id(Context ctx) {
        return Requests.pathId(ctx, "id", "Ring group");
    }

    private ClientInfo client(Context ctx) {
        return ClientInfo.of(ctx, trustedProxies);
    }
}
