package opbx.tools;

import static opbx.db.gen.Tables.CALL_DETAIL_RECORDS;
import static opbx.db.gen.Tables.CALL_LOGS;
import static opbx.db.gen.Tables.SESSION_UPDATES;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.jooq.DSLContext;

/**
 * Sustained CDR ingestion (issue 7): closed-loop clients post distinct CDRs to {@code POST /api/webhooks/cloudonix/cdr}
 * with the organisation's requests key, every tenth request a re-delivery of a CDR already acknowledged. Afterwards
 * the database must hold exactly one row per distinct call id sent, including every CDR answered 200 (execution-plane
 * spec §9.1, §9.3).
 */
final class CdrIngestionBench {

    /** What the run sent and what the database holds afterwards. */
    record Outcome(LoadRunner.Result load, int distinctSent, int acknowledged, long redeliveries,
                   long redeliveriesFlagged, long freshFlagged, int rows, int distinctRows, int lost, int unexpected,
                   int callLogs, int finalSessionUpdates) {

        int duplicated() {
            return rows - distinctRows;
        }

        /** The section of docs/benchmarks.md, against the trivial baseline {@code health} of the same run. */
        String markdown(LoadRunner.Result health) {
            StringBuilder md = new StringBuilder();
            md.append("## CDR ingestion\n\n");
            md.append(String.format(Locale.ROOT, "%d closed-loop clients post CDRs with the organisation's requests "
                    + "key for %.0f s after a warm-up; each is a new call (unique `call_id`, session and token) except "
                    + "every tenth request, which re-delivers a CDR already acknowledged. The organisation's webhook "
                    + "limit is raised for the run (`settings.rate_limits.webhook`).%n%n", load.clients(), load.seconds()));
            md.append(LoadRunner.table(health, load));
            md.append(String.format(Locale.ROOT, "%nIngestion throughput is %.2f× the baseline's; p50 latency %.1f× the "
                            + "baseline's. Each new CDR is one transaction: the CDR row, its call log closed, the "
                            + "session's `cdr-final` update, then the events.%n%n",
                    load.throughput() / health.throughput(),
                    (double) load.percentile(0.50) / Math.max(1, health.percentile(0.50))));
            md.append(String.format(Locale.ROOT, "Checked in the database afterwards (warm-up included): %,d distinct "
                            + "CDRs sent, %,d answered 200; %,d re-deliveries, %,d of them answered `\"duplicate\":true`; "
                            + "%,d first deliveries wrongly flagged duplicate. Rows: %,d for %,d distinct call ids; "
                            + "**lost: %d** (answered 200 without a row), **duplicated: %d** (rows beyond one per call "
                            + "id), %d rows never sent; %,d call logs and %,d `cdr-final` session updates.%n%n",
                    distinctSent, acknowledged, redeliveries, redeliveriesFlagged, freshFlagged, rows, distinctRows,
                    lost, duplicated(), unexpected, callLogs, finalSessionUpdates));
            return md.toString();
        }
    }

    private final HttpClient client;
    private final URI uri;
    private final String key;
    /** Fixed for the run, so a re-delivery is byte for byte the CDR first sent. */
    private final long epochSeconds = Instant.now().getEpochSecond();
    private final AtomicLong sequence = new AtomicLong();
    private final Set<String> sent = ConcurrentHashMap.newKeySet();
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final List<Long> redeliverable = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong redeliveries = new AtomicLong();
    private final AtomicLong redeliveriesFlagged = new AtomicLong();
    private final AtomicLong freshFlagged = new AtomicLong();

    CdrIngestionBench(HttpClient client, String base, String key) {
        this.client = client;
        this.uri = URI.create(base + "/api/webhooks/cloudonix/cdr");
        this.key = key;
    }

    /**
     * {@code clients} closed-loop clients for {@code warmupMillis}, then measured for {@code millis}; then the database
     * is checked for organisation {@code org} against everything both runs sent.
     */
    Outcome run(DSLContext dsl, long org, int clients, long warmupMillis, long millis) throws InterruptedException {
        LoadRunner.run(clients, warmupMillis, this::sendNext);
        LoadRunner.Result load = LoadRunner.run(clients, millis, this::sendNext)
                .named("POST /api/webhooks/cloudonix/cdr (distinct CDRs, every 10th a re-delivery)");
        List<String> stored = dsl.select(CALL_DETAIL_RECORDS.CALL_ID)
                .from(CALL_DETAIL_RECORDS)
                .where(CALL_DETAIL_RECORDS.ORGANIZATION_ID.eq(org))
                .fetch(CALL_DETAIL_RECORDS.CALL_ID);
        Set<String> distinct = new HashSet<>(stored);
        int lost = (int) acknowledged.stream().filter(id -> !distinct.contains(id)).count();
        int unexpected = (int) distinct.stream().filter(id -> !sent.contains(id)).count();
        int callLogs = dsl.fetchCount(CALL_LOGS, CALL_LOGS.ORGANIZATION_ID.eq(org));
        int finals = dsl.fetchCount(SESSION_UPDATES, SESSION_UPDATES.ORGANIZATION_ID.eq(org)
                .and(SESSION_UPDATES.EVENT_ID.eq("cdr-final")));
        return new Outcome(load, sent.size(), acknowledged.size(), redeliveries.get(), redeliveriesFlagged.get(),
                freshFlagged.get(), stored.size(), distinct.size(), lost, unexpected, callLogs, finals);
    }

    /** The next CDR, or every tenth time a CDR already acknowledged; true when answered 200 as the spec says. */
    private boolean sendNext() throws IOException, InterruptedException {
        long n = sequence.incrementAndGet();
        boolean redelivery = n % 10 == 0 && !redeliverable.isEmpty();
        long id = redelivery ? redeliverable.get(ThreadLocalRandom.current().nextInt(redeliverable.size())) : n;
        if (!redelivery) {
            sent.add(callId(id));
        }
        HttpRequest request = HttpRequest.newBuilder(uri)
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(cdr(id)))
                .build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200 || !response.body().contains("CDR Inserted successfully")) {
            return false;
        }
        boolean duplicate = response.body().contains("\"duplicate\":true");
        if (redelivery) {
            redeliveries.incrementAndGet();
            if (duplicate) {
                redeliveriesFlagged.incrementAndGet();
            }
            return duplicate;
        }
        acknowledged.add(callId(id));
        redeliverable.add(id);
        if (duplicate) {
            // A first delivery taken for a repeat: harmless only if a row backs it, which run() checks.
            freshFlagged.incrementAndGet();
            return false;
        }
        return true;
    }

    private static String callId(long n) {
        return "bench-" + n + "@10.0.0.1";
    }

    private String cdr(long n) {
        return String.format(Locale.ROOT, "{\"call_id\":\"%s\",\"session\":{\"id\":%d,\"token\":\"bt-%d\"},"
                        + "\"from\":\"+12125550199\",\"to\":\"1001\",\"disposition\":\"ANSWERED\",\"duration\":30,"
                        + "\"billsec\":25,\"timestamp\":%d}", callId(n), n, n, epochSeconds);
    }
}
