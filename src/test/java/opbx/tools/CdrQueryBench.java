package opbx.tools;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.inline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import opbx.access.Role;
import opbx.support.Identity;
import opbx.support.TestApp;

/**
 * List and statistics latency on an organisation holding a million CDRs (issue 7; control-plane spec §3.10, §3.11):
 * each request first alone (one client), then under load ({@link Bench#CONCURRENCY} clients), beside two baselines
 * of the same server in the same run: the trivial voice health check and the cheapest authenticated endpoint.
 */
final class CdrQueryBench {

    /** Clients of the loaded reads. */
    static final int CONCURRENCY = 8;

    private static final long ALONE_MILLIS = 4_000;
    /** Requests the lone client sends at least, however slow: a p50 of three samples says little. */
    private static final int ALONE_MINIMUM = 10;
    private static final long LOADED_MILLIS = 4_000;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** One request to measure; {@code authenticated} sends the reporter's token. */
    record Probe(String label, String path, boolean authenticated) {
    }

    /** A probe's first answer (what it counted) and its two runs. */
    record Measured(Probe probe, String answer, LoadRunner.Result alone, LoadRunner.Result loaded) {
    }

    static final Probe HEALTH = new Probe("GET /api/voice/health (trivial baseline)", "/api/voice/health", false);
    static final Probe ME = new Probe("GET /api/v1/auth/me (authenticated baseline)", "/api/v1/auth/me", true);

    private static final List<Probe> PROBES = List.of(HEALTH, ME,
            new Probe("GET /api/v1/call-detail-records (first page)", "/api/v1/call-detail-records", true),
            new Probe("GET /api/v1/call-detail-records?disposition=BUSY",
                    "/api/v1/call-detail-records?disposition=BUSY", true),
            new Probe("GET /api/v1/call-detail-records?from=2125", "/api/v1/call-detail-records?from=2125", true),
            new Probe("GET /api/v1/call-detail-records/statistics (last 30 days)",
                    "/api/v1/call-detail-records/statistics", true),
            new Probe("GET /api/v1/call-logs/statistics (last 30 days)", "/api/v1/call-logs/statistics", true));

    private final HttpClient client;
    private final String base;

    CdrQueryBench(HttpClient client, String base) {
        this.client = client;
        this.base = base;
    }

    /** Seeds {@code org} with {@link CdrSeed#ROWS} CDRs, logs a reporter in, and measures every probe. */
    Report run(TestApp app, long org) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        CdrSeed.seed(app.dsl(), org);
        long seedMillis = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf(Locale.ROOT, "[bench] %,d CDRs seeded in %.1f s%n", CdrSeed.ROWS, seedMillis / 1000.0);
        String token = Identity.member(app, org, Role.REPORTER).token();
        List<Measured> rows = new ArrayList<>();
        for (Probe probe : PROBES) {
            HttpRequest request = request(probe, token);
            HttpResponse<String> first = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (first.statusCode() != 200) {
                throw new IllegalStateException(probe.path() + " answered " + first.statusCode() + ": " + first.body());
            }
            LoadRunner.Call call = () -> client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            LoadRunner.Result alone = LoadRunner.run(1, ALONE_MILLIS, ALONE_MINIMUM, call).named(probe.label());
            LoadRunner.Result loaded = LoadRunner.run(CONCURRENCY, LOADED_MILLIS, call).named(probe.label());
            rows.add(new Measured(probe, answer(first.body()), alone, loaded));
        }
        return new Report(seedMillis, megabytes(app, "call_detail_records"), megabytes(app, "call_logs"), rows);
    }

    private static long megabytes(TestApp app, String table) {
        return app.dsl().fetchValue(field("pg_relation_size({0}::regclass) / (1024 * 1024)", Long.class, inline(table)));
    }

    private HttpRequest request(Probe probe, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + probe.path())).GET();
        if (probe.authenticated()) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder.build();
    }

    /** What the answer counted, so the table shows each query did its work: {@code meta.total} or {@code total_calls}. */
    private static String answer(String body) throws IOException {
        JsonNode json = MAPPER.readTree(body);
        if (json.path("meta").has("total")) {
            return String.format(Locale.ROOT, "total %,d", json.path("meta").path("total").asLong());
        }
        if (json.has("total_calls")) {
            return String.format(Locale.ROOT, "total_calls %,d", json.path("total_calls").asLong());
        }
        return "—";
    }

    /** The measurements, and the section of docs/benchmarks.md they make. */
    record Report(long seedMillis, long cdrMegabytes, long callLogMegabytes, List<Measured> rows) {

        Measured row(Probe probe) {
            return rows.stream().filter(row -> row.probe().equals(probe)).findFirst().orElseThrow();
        }

        String markdown() {
            LoadRunner.Result me = row(ME).alone();
            LoadRunner.Result meLoaded = row(ME).loaded();
            StringBuilder md = new StringBuilder();
            md.append(String.format(Locale.ROOT, "## Call records: an organisation holding %,d CDRs%n%n", CdrSeed.ROWS));
            md.append(String.format(Locale.ROOT, "Seeded in %.0f s by one `INSERT … SELECT … FROM generate_series` "
                    + "(arrivals spread over 60 days, callers from eight area codes, twenty DIDs, 65 %% answered, 10 %% "
                    + "busy), the call log each CDR closed derived from it, then `VACUUM ANALYZE` (`CdrSeed.java`); "
                    + "the tables hold %d MB of CDRs and %d MB of call logs. A reporter of that organisation calls each "
                    + "endpoint alone for %d s (at least %d times), then with %d clients for %d s. Ratios are p50 "
                    + "against `GET /api/v1/auth/me` (token check, user and organisation status), the same run's "
                    + "authenticated baseline; a p99 of fewer than 100 requests is their slowest.%n%n",
                    seedMillis / 1000.0, cdrMegabytes, callLogMegabytes, ALONE_MILLIS / 1000, ALONE_MINIMUM,
                    CONCURRENCY, LOADED_MILLIS / 1000));
            md.append("| Request | Answer | 1 client: requests | p50 (ms) | p99 (ms) | p50 ÷ /auth/me | ")
                    .append(CONCURRENCY).append(" clients: requests | req/s | p50 (ms) | p99 (ms) | p50 ÷ /auth/me "
                            + "| Errors |\n")
                    .append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
            for (Measured row : rows) {
                LoadRunner.Result alone = row.alone();
                LoadRunner.Result loaded = row.loaded();
                md.append(String.format(Locale.ROOT, "| %s | %s | %d | %s | %s | %s | %d | %.1f | %s | %s | %s | %d |%n",
                        row.probe().label(), row.answer(), alone.requests(), alone.millis(0.50), alone.millis(0.99),
                        LoadRunner.times((double) alone.percentile(0.50) / Math.max(1, me.percentile(0.50))),
                        loaded.requests(), loaded.throughput(), loaded.millis(0.50), loaded.millis(0.99),
                        LoadRunner.times((double) loaded.percentile(0.50) / Math.max(1, meLoaded.percentile(0.50))),
                        alone.errors() + loaded.errors()));
            }
            md.append("""

                    Where the time goes (`EXPLAIN ANALYZE` of the same statements on this data set): a list page \
                    itself is an index scan on `(organization_id, session_timestamp DESC, id DESC)` and takes a \
                    millisecond or two, filtered or not; the rest is `meta.total`, a `count(*)` of every matching \
                    row (a million index entries for the first page; `lower(disposition)` is served by its own \
                    index since migration V2; `from` is an `ILIKE '%…%'` that no B-tree serves). The statistics read \
                    the 30-day range from the covering indexes of migration V2 (`(organization_id, \
                    session_timestamp) INCLUDE (duration, billsec, rated_cost, disposition)`, and `(organization_id, \
                    created_at) INCLUDE (status, duration)` for call logs), CDR statistics in one grouped statement; \
                    before V2 they scanned the table, twice for CDRs, and took about 1.5 s (CDRs) and 0.75 s (call \
                    logs) for one client on this data set. On a shared two-core machine eight such readers queue \
                    behind each other. Not done yet, and what would help further: a `pg_trgm` GIN index on \
                    `"from"`/`"to"` for substring filters, and a capped or estimated total for unfiltered lists.
                    """);
            return md.toString();
        }
    }
}
