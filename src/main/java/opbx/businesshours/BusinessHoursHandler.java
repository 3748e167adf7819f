package opbx.businesshours;

import static io.javalin.apibuilder.ApiBuilder.delete;
import static io.javalin.apibuilder.ApiBuilder.get;
import static io.javalin.apibuilder.ApiBuilder.patch;
import static io.javalin.apibuilder.ApiBuilder.path;
import static io.javalin.apibuilder.ApiBuilder.post;
import static io.javalin.apibuilder.ApiBuilder.put;

import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import java.util.Set;
import opbx.access.Caller;
import opbx.access.Permission;
import opbx.http.ClientInfo;
import opbx.http.Feature;
import opbx.http.PageRequest;
import opbx.http.Requests;

/** /api/v1/business-hours (control-plane spec §3.8): CRUD plus duplicate and restore. */
public final class BusinessHoursHandler implements Feature {

    private static final List<String> SORTABLE = List.copyOf(BusinessHoursRepository.SORTABLE.keySet());
    /** The SPA's page sends no parameters and filters client-side, so one page holds them all (§3.8). */
    private static final int DEFAULT_PER_PAGE = 100;

    private final BusinessHoursService schedules;
    private final Requests requests;
    private final List<String> trustedProxies;
    private final int maxPerPage;

    public BusinessHoursHandler(BusinessHoursService schedules, Requests requests, List<String> trustedProxies,
                                int maxPerPage) {
        this.schedules = schedules;
        this.requests = requests;
        this.trustedProxies = trustedProxies;
        this.maxPerPage = maxPerPage;
    }

    @Override
    public void routes() {
        path("business-hours", () -> {
            get(this::list, Permission.PBX_READ);
            post(this::create, Permission.PBX_MANAGE);
            path("{id}", () -> {
                get(this::show, Permission.PBX_READ);
                put(this::update, Permission.PBX_MANAGE);
                patch(this::update, Permission.PBX_MANAGE);
                delete(this::remove, Permission.PBX_MANAGE);
                post("duplicate", this::duplicate, Permission.PBX_MANAGE);
                post("restore", this::restore, Permission.PBX_MANAGE);
            });
        });
    }

    private void list(Context ctx) {
        PageRequest page = PageRequest.from(ctx, DEFAULT_PER_PAGE, maxPerPage, SORTABLE, "name", true);
        BusinessHoursRepository.ListFilter filter = new BusinessHoursRepository.ListFilter(
                PageRequest.filter(ctx, "status", BusinessHoursInput.STATUSES).orElse(null),
                PageRequest.filter(ctx, "trashed", Set.of("with", "only")).orElse(null));
        ctx.json(schedules.list(Caller.of(ctx), filter, page));
    }

    private void show(Context ctx) {
        ctx.json(Map.of("data", schedules.show(Caller.of(ctx), id(ctx))));
    }

    private void create(Context ctx) {
        Map<String, Object> schedule = schedules.create(Caller.of(ctx), requests.jsonObject(ctx), client(ctx));
        ctx.status(201).json(Map.of("message", "Business hours schedule created successfully.", "data", schedule));
    }

    private void update(Context ctx) {
        long id = id(ctx);
        Map<String, Object> schedule = schedules.update(Caller.of(ctx), id, requests.jsonObject(ctx), client(ctx));
        ctx.json(Map.of("message", "Business hours schedule updated successfully.", "data", schedule));
    }

    private void remove(Context ctx) {
        schedules.delete(Caller.of(ctx), id(ctx), client(ctx));
        ctx.status(204);
    }

    private void duplicate(Context ctx) {
        Map<String, Object> schedule = schedules.duplicate(Caller.of(ctx), id(ctx), client(ctx));
        ctx.status(201).json(Map.of("message", "Business hours schedule duplicated successfully.", "data", schedule));
    }

    private void restore(Context ctx) {
        Map<String, Object> schedule = schedules.restore(Caller.of(ctx), id(ctx), client(ctx));
        ctx.json(Map.of("message", "Business hours schedule restored successfully.", "data", schedule));
    }

    private static long id(Context ctx) {
        return Requests.pathId(ctx, "id", "Business hours schedule");
    }

    private ClientInfo client(Context ctx) {
        return ClientInfo.of(ctx, trustedProxies);
    }
}
