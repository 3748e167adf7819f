package opbx.cdrs;

import static io.javalin.apibuilder.ApiBuilder.get;
import static io.javalin.apibuilder.ApiBuilder.path;

import io.javalin.http.Context;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import opbx.access.Caller;
import opbx.access.Permission;
import opbx.http.ApiException;
import opbx.http.Feature;
import opbx.http.PageRequest;
import opbx.http.QueryText;
import opbx.http.Requests;
import opbx.organizations.LocalDays;

/** GET /api/v1/call-detail-records, its statistics, CSV export and show (control-plane spec §3.11, §3.12). */
public final class CdrsHandler implements Feature {

    private static final List<String> SORTABLE = List.copyOf(CdrRepository.SORTABLE.keySet());
    private static final int DEFAULT_STATISTICS_DAYS = 30;
    private static final DateTimeFormatter FILE_STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final CdrService cdrs;
    private final CdrExport export;
    private final LocalDays days;
    private final Clock clock;
    private final int maxPerPage;

    public CdrsHandler(CdrService cdrs, CdrExport export, LocalDays days, Clock clock, int maxPerPage) {
        this.cdrs = cdrs;
        this.export = export;
        this.days = days;
        this.clock = clock;
        this.maxPerPage = maxPerPage;
    }

    @Override
    public void routes() {
        path("call-detail-records", () -> {
            get(this::list, Permission.CALLS_READ);
            // Fixed sub-paths before {id} (§0.1).
            get("statistics", this::statistics, Permission.CALLS_READ);
            get("export", this::export, Permission.CDR_EXPORT);
            get("{id}", this::show, Permission.CALLS_READ);
        });
    }

    private void list(Context ctx) {
        if ("csv".equalsIgnoreCase(QueryText.of(ctx, "format"))) {
            // The list route is open to every role; the CSV form of it is not (§2.2).
            if (!Permission.CDR_EXPORT.allows(Caller.of(ctx).role())) {
                throw ApiException.forbidden();
            }
            export(ctx);
            return;
        }
        Caller caller = Caller.of(ctx);
        PageRequest page = sort(ctx);
        ctx.json(cdrs.list(caller.organizationId(), filter(ctx, caller), page, includeRaw(ctx)));
    }

    private void export(Context ctx) {
        Caller caller = Caller.of(ctx);
        CdrRepository.Filter filter = filter(ctx, caller);
        PageRequest sort = sort(ctx);
        ctx.status(200);
        ctx.contentType("text/csv; charset=utf-8");
        ctx.header("Content-Disposition", "attachment; filename=\"cdr-export-" + FILE_STAMP.format(clock.instant()) + ".csv\"");
        OutputStream out = ctx.outputStream();
        export.write(caller.organizationId(), filter, sort, out);
    }

    private void statistics(Context ctx) {
        Caller caller = Caller.of(ctx);
        CdrRepository.Statistics stats = cdrs.statistics(caller.organizationId(),
                days.rangeOrLast(ctx, caller.organizationId(), DEFAULT_STATISTICS_DAYS));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("total_calls", stats.totalCalls());
        json.put("total_duration", stats.totalDuration());
        json.put("total_billsec", stats.totalBillsec());
        json.put("average_duration", number(stats.averageDuration()));
        json.put("total_cost", number(stats.totalCost()));
        json.put("by_disposition", stats.byDisposition());
        ctx.json(json);
    }

    private void show(Context ctx) {
        long id = Requests.pathId(ctx, "id", "Call detail record");
        ctx.json(Map.of("data", cdrs.show(Caller.of(ctx).organizationId(), id, includeRaw(ctx))));
    }

    private CdrRepository.Filter filter(Context ctx, Caller caller) {
        return new CdrRepository.Filter(
                QueryText.of(ctx, "from"),
                QueryText.of(ctx, "to"),
                QueryText.of(ctx, "disposition"),
                days.range(ctx, caller.organizationId()));
    }

    private PageRequest sort(Context ctx) {
        return PageRequest.from(ctx, 20, maxPerPage, SORTABLE, "session_timestamp", false);
    }

    /** {@code include=raw_cdr}, alone or in a comma list. */
    private static boolean includeRaw(Context ctx) {
        String include = QueryText.of(ctx, "include");
        return include != null && Arrays.stream(include.split(",")).map(String::trim).anyMatch("raw_cdr"::equals);
    }

    private static Double number(BigDecimal value) {
        return value == null ? null : value.doubleValue();
    }
}
