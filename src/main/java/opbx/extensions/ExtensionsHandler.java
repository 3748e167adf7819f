package opbx.extensions;

import static io.javalin.apibuilder.ApiBuilder.delete;
import static io.javalin.apibuilder.ApiBuilder.get;
import static io.javalin.apibuilder.ApiBuilder.patch;
import static io.javalin.apibuilder.ApiBuilder.path;
import static io.javalin.apibuilder.ApiBuilder.post;
import static io.javalin.apibuilder.ApiBuilder.put;

import io.javalin.http.Context;
import java.util.List;
import opbx.access.Caller;
import opbx.access.Permission;
import opbx.http.ClientInfo;
import opbx.http.Feature;
import opbx.http.PageRequest;
import opbx.http.Requests;

/** /api/v1/extensions (control-plane spec §3.2); the fixed sync paths come before {id}. */
public final class ExtensionsHandler implements Feature {

    private final ExtensionService extensions;
    private final SubscriberComparison comparison;
    private final SubscriberReconciler reconciler;
    private final Requests requests;
    private final List<String> trustedProxies;
    private final int maxPerPage;

    public ExtensionsHandler(ExtensionService extensions, SubscriberComparison comparison, SubscriberReconciler reconciler,
                             Requests requests, List<String> trustedProxies, int maxPerPage) {
        this.extensions = extensions;
        this.comparison = comparison;
        this.reconciler = reconciler;
        this.requests = requests;
        this.trustedProxies = trustedProxies;
        this.maxPerPage = maxPerPage;
    }

    @Override
    public void routes() {
        path("extensions", () -> {
            get(this::list, Permission.EXTENSIONS_READ);
            post(this::create, Permission.EXTENSIONS_MANAGE);
            path("sync", () -> {
                get("compare", ctx -> ctx.json(comparison.compare(Caller.of(ctx).organizationId())),
                        Permission.EXTENSIONS_READ);
                post(ctx -> ctx.json(reconciler.sync(Caller.of(ctx), client(ctx))), Permission.EXTENSIONS_MANAGE);
            });
            path("{id}", () -> {
                get(ctx -> ctx.json(extensions.show(Caller.of(ctx), id(ctx))), Permission.EXTENSIONS_READ);
                put(this::update, Permission.EXTENSIONS_UPDATE);
                patch(this::update, Permission.EXTENSIONS_UPDATE);
                delete(this::remove, Permission.EXTENSIONS_MANAGE);
                post("restore", ctx -> ctx.json(extensions.restore(Caller.of(ctx), id(ctx), client(ctx))),
                        Permission.EXTENSIONS_MANAGE);
                get("password", ctx -> ctx.json(extensions.password(Caller.of(ctx), id(ctx), client(ctx))),
                        Permission.EXTENSIONS_SECRETS);
                put("reset-password", ctx -> ctx.json(extensions.resetPassword(Caller.of(ctx), id(ctx), client(ctx))),
                        Permission.EXTENSIONS_SECRETS);
            });
        });
    }

    private void list(Context ctx) {
        PageRequest page = PageRequest.from(ctx, 20, maxPerPage, ExtensionRepository.SORTABLE, "extension_number", true);
        String userId = ctx.queryParam("user_id");
        ExtensionRepository.ListFilter filter = new ExtensionRepository.ListFilter(
                PageRequest.filter(ctx, "type", ExtensionValidator.TYPES).orElse(null),
                PageRequest.filter(ctx, "status", ExtensionValidator.STATUSES).orElse(null),
                userId != null && userId.trim().matches("[0-9]{1,18}") ? Long.valueOf(userId.trim()) : null);
        ctx.json(extensions.list(Caller.of(ctx), filter, page));
    }

    private void create(Context ctx) {
        ctx.status(201).json(extensions.create(Caller.of(ctx), requests.jsonObject(ctx), client(ctx)));
    }

    private void update(Context ctx) {
        long id = id(ctx);
        ctx.json(extensions.update(Caller.of(ctx), id, requests.jsonObject(ctx), client(ctx)));
    }

    private void remove(Context ctx) {
        extensions.delete(Caller.of(ctx), id(ctx), client(ctx));
        ctx.status(204);
    }

    private static long id(Context ctx) {
        return Requests.pathId(ctx, "id", "Extension");
    }

    private ClientInfo client(Context ctx) {
        return ClientInfo.of(ctx, trustedProxies);
    }
}
