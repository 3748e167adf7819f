package opbx.calllogs;

import static io.javalin.apibuilder.ApiBuilder.get;
import static io.javalin.apibuilder.ApiBuilder.path;

import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import opbx.access.Caller;
import opbx.access.Permission;
import opbx.http.Feature;
import opbx.http.PageRequest;
import opbx.http.QueryText;
import opbx.http.Requests;
import opbx.organizations.LocalDays;

/** GET /api/v1/call-logs and its fixed sub-paths (control-plane spec §3.10; read-only, all roles). */
public final class CallLogsHandler implements Feature {

    private static final List<String> SORTABLE = List.copyOf(CallLogRepository.SORTABLE.keySet());

    /** Statistics without dates cover the last 30 days up to today, in the organisation's timezone. */
    private static final int DEFAULT_STATISTICS_DAYS = 30;

    private final CallLogService callLogs;
    private final LocalDays days;
    private final int maxPerPage;

    public CallLogsHandler(CallLogService callLogs, LocalDays days, int maxPerPage) {
        this.callLogs = callLogs;
        this.days = days;
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
                days.range(ctx, caller.organizationId()));
        ctx.json(callLogs.list(caller.organizationId(), filter, page));
    }

    private void active(Context ctx) {
        ctx.json(Map.of("data", callLogs.active(Caller.of(ctx).organizationId())));
    }

    private void statistics(Context ctx) {
        Caller caller = Caller.of(ctx);
        CallLogRepository.Statistics stats = callLogs.statistics(caller.organizationId(),
                days.rangeOrLast(ctx, caller.organizationId(), DEFAULT_STATISTICS_DAYS));
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
}
