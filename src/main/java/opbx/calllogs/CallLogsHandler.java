package opbx.calllogs;

import static io.javalin.apibuilder.ApiBuilder.get;
import static io.javalin.apibuilder.ApiBuilder.path;

import io.javalin.http.Context;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import opbx.access.Caller;
import opbx.access.Permission;
import opbx.http.DateRange;
import opbx.http.Feature;
import opbx.http.PageRequest;
import opbx.http.QueryText;
import opbx.http.Requests;
import opbx.organizations.OrganizationRepository;
import org.jooq.DSLContext;

/** GET /api/v1/call-logs and its fixed sub-paths (control-plane spec §3.10; read-only, all roles). */
public final class CallLogsHandler implements Feature {

    private static final List<String> SORTABLE = List.copyOf(CallLogRepository.SORTABLE.keySet());

    /** Statistics without dates cover the last 30 days up to today, in the organisation's timezone. */
    private static final int DEFAULT_STATISTICS_DAYS = 30;

    private final CallLogService callLogs;
    private final DSLContext dsl;
    private final OrganizationRepository organizations;
    private final Clock clock;
    private final int maxPerPage;

    public CallLogsHandler(CallLogService callLogs, DSLContext dsl, OrganizationRepository organizations, Clock clock,
                           int maxPerPage) {
        this.callLogs = callLogs;
        this.dsl = dsl;
        this.organizations = organizations;
        this.clock = clock;
        this.maxPerPage = maxPerPage;
    }

    @Override
    public void routes() {
        path("call-logs", () -> {
            get(this::list, Permission.CALLS_READ);
            // Fixed sub-paths before {id} (§0.1).
            get("active", this::active, Permission.CALLS_READ);
            get("statistics", this::statistics, Permission.CALLS_READ);
            get("{id}", this::show, Permission.CALLS_READ);
        });
    }

    private void list(Context ctx) {
        Caller caller = Caller.of(ctx);
        PageRequest page = PageRequest.from(ctx, 20, maxPerPage, SORTABLE, "created_at", false);
        CallLogRepository.Filter filter = new CallLogRepository.Filter(
                PageRequest.filter(ctx, "status", CallLogRepository.STATUSES).orElse(null),
                PageRequest.filter(ctx, "direction", CallLogRepository.DIRECTIONS).orElse(null),
                QueryText.of(ctx, "from_number"),
                QueryText.of(ctx, "to_number"),
                DateRange.of(ctx, zone(caller)));
        ctx.json(callLogs.list(caller.organizationId(), filter, page));
    }

    private void active(Context ctx) {
        ctx.json(Map.of("data", callLogs.active(Caller.of(ctx).organizationId())));
    }

    private void statistics(Context ctx) {
        Caller caller = Caller.of(ctx);
        ZoneId zone = zone(caller);
        LocalDate today = LocalDate.ofInstant(clock.instant(), zone);
        CallLogRepository.Statistics stats = callLogs.statistics(caller.organizationId(),
                DateRange.of(ctx, zone, today.minusDays(DEFAULT_STATISTICS_DAYS), today));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("total_calls", stats.totalCalls());
        json.put("answered_calls", stats.answeredCalls());
        json.put("missed_calls", stats.missedCalls());
        json.put("average_duration", stats.averageDuration());
        json.put("active_calls", stats.activeCalls());
        ctx.json(json);
    }

    private void show(Context ctx) {
        long id = Requests.pathId(ctx, "id", "Call log");
        ctx.json(Map.of("data", callLogs.show(Caller.of(ctx).organizationId(), id)));
    }

    private ZoneId zone(Caller caller) {
        return ZoneId.of(organizations.find(dsl, caller.organizationId()).orElseThrow().timezone());
    }
}
