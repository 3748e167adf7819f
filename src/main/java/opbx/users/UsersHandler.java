package opbx.users;

import static io.javalin.apibuilder.ApiBuilder.delete;
import static io.javalin.apibuilder.ApiBuilder.get;
import static io.javalin.apibuilder.ApiBuilder.patch;
import static io.javalin.apibuilder.ApiBuilder.path;
import static io.javalin.apibuilder.ApiBuilder.post;
import static io.javalin.apibuilder.ApiBuilder.put;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import java.util.Set;
import opbx.access.Caller;
import opbx.access.RequestLimits;
import opbx.access.Permission;
import opbx.access.Role;
import opbx.http.ClientInfo;
import opbx.http.Feature;
import opbx.http.PageRequest;
import opbx.http.Requests;

/** /api/v1/users (control-plane spec §3.1). */
public final class UsersHandler implements Feature {

    private static final List<String> SORTABLE = List.copyOf(UserRepository.SORTABLE.keySet());

    private final UserService users;
    private final Requests requests;
    private final List<String> trustedProxies;
    private final int maxPerPage;
    private final RequestLimits limits;

    public UsersHandler(UserService users, Requests requests, List<String> trustedProxies, int maxPerPage,
                        RequestLimits limits) {
        this.users = users;
        this.limits = limits;
        this.requests = requests;
        this.trustedProxies = trustedProxies;
        this.maxPerPage = maxPerPage;
    }

    @Override
    public void routes() {
        path("users", () -> {
            get(this::list, Permission.USERS_LIST);
            post(this::create, Permission.USERS_CREATE);
            path("{id}", () -> {
                get(this::show, Permission.USERS_VIEW);
                put(this::update, Permission.USERS_UPDATE);
                patch(this::update, Permission.USERS_UPDATE);
                delete(this::remove, Permission.USERS_DELETE);
                post("restore", this::restore, Permission.USERS_DELETE);
            });
        });
    }

    private void list(Context ctx) {
        Caller caller = Caller.of(ctx);
        PageRequest page = PageRequest.from(ctx, 20, maxPerPage, SORTABLE, "created_at", true);
        UserRepository.ListFilter filter = new UserRepository.ListFilter(
                PageRequest.filter(ctx, "role", Role.WIRE_VALUES).orElse(null),
                PageRequest.filter(ctx, "status", UserInput.STATUSES).orElse(null),
                PageRequest.filter(ctx, "trashed", Set.of("with", "only")).orElse(null));
        ctx.json(users.list(caller, filter, page));
    }

    private void show(Context ctx) {
        ctx.json(Map.of("data", users.show(Caller.of(ctx), id(ctx))));
    }

    private void create(Context ctx) {
        Map<String, Object> user = users.create(Caller.of(ctx), requests.jsonObject(ctx), client(ctx));
        ctx.status(201).json(Map.of("message", "User created successfully.", "data", user));
    }

    private void update(Context ctx) {
        long id = id(ctx);
        ObjectNode body = requests.jsonObject(ctx);
        if (body.has("current_password")) {
            limits.sensitive(ctx, Caller.of(ctx));
        }
        Map<String, Object> user = users.update(Caller.of(ctx), id, body, client(ctx));
        ctx.json(Map.of("message", "User updated successfully.", "data", user));
    }

    private void remove(Context ctx) {
        users.delete(Caller.of(ctx), id(ctx), client(ctx));
        ctx.status(204);
    }

    private void restore(Context ctx) {
        Map<String, Object> user = users.restore(Caller.of(ctx), id(ctx), client(ctx));
        ctx.json(Map.of("message", "User restored successfully.", "data", user));
    }

    private static long id(Context ctx) {
        return Requests.pathId(ctx, "id", "User");
    }

    private ClientInfo client(Context ctx) {
        return ClientInfo.of(ctx, trustedProxies);
    }
}
