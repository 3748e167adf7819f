package opbx.businesshours;

import static io.javalin.apibuilder.ApiBuilder.post;

import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import java.util.Set;
import opbx.access.Caller;
import opbx.access.Permission;
import opbx.http.Feature;
import opbx.http.PageRequest;
import opbx.http.Requests;
import opbx.resources.ResourceRoutes;

/** /api/v1/business-hours (control-plane spec §3.8): CRUD plus duplicate and restore. */
public final class BusinessHoursHandler implements Feature {

    private static final List<String> SORTABLE = List.copyOf(BusinessHoursRepository.SORTABLE.keySet());
    /** The SPA's page sends no parameters and filters client-side, so one page holds them all (§3.8). */
    private static final int DEFAULT_PER_PAGE = 100;

    private final BusinessHoursService schedules;
    private final ResourceRoutes resource;
    private final int maxPerPage;

    public BusinessHoursHandler(BusinessHoursService schedules, Requests requests, List<String> trustedProxies,
                                int maxPerPage) {
        this.schedules = schedules;
        this.resource = new ResourceRoutes("Business hours schedule", schedules, requests, trustedProxies);
        this.maxPerPage = maxPerPage;
    }

    @Override
    public void routes() {
        resource.register("business-hours", this::list, () -> { }, () -> {
            post("duplicate", ctx -> ctx.status(201).json(Map.of("message", "Business hours schedule duplicated successfully.",
                    "data", schedules.duplicate(Caller.of(ctx), resource.id(ctx), resource.client(ctx)))), Permission.PBX_MANAGE);
            post("restore", ctx -> ctx.json(Map.of("message", "Business hours schedule restored successfully.",
                    "data", schedules.restore(Caller.of(ctx), resource.id(ctx), resource.client(ctx)))), Permission.PBX_MANAGE);
        });
    }

    private void list(Context ctx) {
        PageRequest page = PageRequest.from(ctx, DEFAULT_PER_PAGE, maxPerPage, SORTABLE, "name", true);
        BusinessHoursRepository.ListFilter filter = new BusinessHoursRepository.ListFilter(
                PageRequest.filter(ctx, "status", BusinessHoursInput.STATUSES).orElse(null),
                PageRequest.filter(ctx, "trashed", Set.of("with", "only")).orElse(null));
        ctx.json(schedules.list(Caller.of(ctx), filter, page));
    }

}
