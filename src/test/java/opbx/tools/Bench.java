package opbx.tools;

import static opbx.db.gen.Tables.CLOUDONIX_SETTINGS;
import static opbx.db.gen.Tables.DID_NUMBERS;
import static opbx.db.gen.Tables.EXTENSIONS;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import opbx.auth.Tokens;
import opbx.support.Fixtures;
import opbx.support.TestApp;
import org.jooq.DSLContext;
import org.jooq.JSONB;

/**
 * {@code make bench}: starts the real server (embedded PostgreSQL and Redis unless OPBX_TEST_* say otherwise), seeds
 * an organisation with a DID to a user extension, warms the cache, then drives {@code POST /api/voice/route} and the
 * trivial {@code GET /api/voice/health} of the same server in the same run with the same load, and writes both
 * results and their ratio to docs/benchmarks.md. On a shared, noisy machine only the ratio is meaningful.
 */
public final class Bench {

    private static final int CONCURRENCY = 8;
    private static final Duration WARMUP = Duration.ofSeconds(3);
    private static final Duration RUN = Duration.ofSeconds(10);

    private record Result(String name, long requests, double seconds, List<Long> latenciesMicros, long errors) {

        Result withName(String label) {
            return new Result(label, requests, seconds, latenciesMicros, errors);
        }

        double throughput() {
            return requests / seconds;
        }

        long percentile(double p) {
            if (latenciesMicros.isEmpty()) {
                return 0;
            }
            return latenciesMicros.get(Math.min(latenciesMicros.size() - 1, (int) Math.ceil(p * latenciesMicros.size()) - 1));
        }
    }

    public static void main(String[] args) throws Exception {
        Path output = Path.of(args.length > 0 ? args[0] : "docs/benchmarks.md");
        TestApp app = TestApp.shared();
        String key = seed(app.dsl());
        String base = "http://127.0.0.1:" + app.server().port();
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest route = HttpRequest.newBuilder(URI.create(base + "/api/voice/route"))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"CallSid\":\"bench\",\"From\":\"+12125550199\",\"To\":\"+15559990001\",\"Direction\":\"inbound\"}"))
                .build();
        HttpRequest health = HttpRequest.newBuilder(URI.create(base + "/api/voice/health")).GET().build();
        String answer = client.send(route, HttpResponse.BodyHandlers.ofString()).body();
        if (!answer.contains("<Number>1001</Number>")) {
            throw new IllegalStateException("routing did not answer as seeded: " + answer);
        }
        load(client, health, WARMUP);
        load(client, route, WARMUP);
        Result baseline = load(client, health, RUN).withName("GET /api/voice/health (trivial baseline)");
        Result routing = load(client, route, RUN).withName("POST /api/voice/route (warm cache, DID → user extension)");
        String report = report(baseline, routing);
        Files.createDirectories(output.toAbsolutePath().getParent());
        Files.writeString(output, report);
        System.out.println(report);
        app.close();
        System.exit(0);
    }

    /** An organisation with a requests key and a DID to a user extension; returns the key. */
    private static String seed(DSLContext dsl) {
        long org = new Fixtures(dsl).organization("Bench Org");
        String key = UUID.randomUUID().toString().replace("-", "");
        dsl.insertInto(CLOUDONIX_SETTINGS).set(CLOUDONIX_SETTINGS.ORGANIZATION_ID, org)
                .set(CLOUDONIX_SETTINGS.DOMAIN_REQUESTS_API_KEY, "v1:x")
                .set(CLOUDONIX_SETTINGS.DOMAIN_REQUESTS_API_KEY_HASH, Tokens.sha256Hex(key)).execute();
        long extension = dsl.insertInto(EXTENSIONS).set(EXTENSIONS.ORGANIZATION_ID, org)
                .set(EXTENSIONS.EXTENSION_NUMBER, "1001").set(EXTENSIONS.TYPE, "user").set(EXTENSIONS.SIP_PASSWORD, "v1:x")
                .returning(EXTENSIONS.ID).fetchOne(EXTENSIONS.ID);
        dsl.insertInto(DID_NUMBERS).set(DID_NUMBERS.ORGANIZATION_ID, org).set(DID_NUMBERS.PHONE_NUMBER, "+15559990001")
                .set(DID_NUMBERS.ROUTING_TYPE, "extension")
                .set(DID_NUMBERS.ROUTING_CONFIG, JSONB.valueOf("{\"extension_id\":" + extension + "}")).execute();
        return key;
    }

    /** {@link #CONCURRENCY} closed-loop clients for a fixed time; every latency recorded. */
    private static Result load(HttpClient client, HttpRequest request, Duration duration) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CONCURRENCY);
        Instant end = Instant.now().plus(duration);
        long started = System.nanoTime();
        List<Future<long[]>> workers = new ArrayList<>();
        List<List<Long>> latencies = new ArrayList<>();
        for (int i = 0; i < CONCURRENCY; i++) {
            List<Long> mine = new ArrayList<>();
            latencies.add(mine);
            workers.add(pool.submit(() -> {
                long errors = 0;
                while (Instant.now().isBefore(end)) {
                    long t0 = System.nanoTime();
                    try {
                        HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
                        if (response.statusCode() != 200) {
                            errors++;
                        }
                    } catch (IOException e) {
                        errors++;
                    }
                    mine.add((System.nanoTime() - t0) / 1_000);
                }
                return new long[] {errors};
            }));
        }
        long errors = 0;
        for (Future<long[]> worker : workers) {
            errors += worker.get()[0];
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        pool.shutdown();
        List<Long> all = new ArrayList<>();
        latencies.forEach(all::addAll);
        Collections.sort(all);
        return new Result("", all.size(), seconds, all, errors);
    }

    private static String report(Result baseline, Result routing) {
        StringBuilder md = new StringBuilder();
        md.append("# Benchmarks\n\n");
        md.append("`make bench` (`src/test/java/opbx/tools/Bench.java`): one server (embedded PostgreSQL and Redis), ")
                .append(CONCURRENCY).append(" closed-loop HTTP clients in the same JVM, ")
                .append(WARMUP.toSeconds()).append(" s warm-up, ").append(RUN.toSeconds())
                .append(" s per endpoint, run at ").append(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS))
                .append(" on ").append(Runtime.getRuntime().availableProcessors()).append(" cores.\n\n");
        md.append("The machine is shared and noisy, so each figure stands beside a baseline measured in the same run on ")
                .append("the same server: the trivial voice health endpoint. The ratio is the figure that counts.\n\n");
        md.append("| Endpoint | Requests | Throughput (req/s) | p50 (µs) | p99 (µs) | Errors |\n|---|---|---|---|---|---|\n");
        for (Result result : List.of(baseline, routing)) {
            md.append(String.format(Locale.ROOT, "| %s | %d | %.0f | %d | %d | %d |%n", result.name(), result.requests(),
                    result.throughput(), result.percentile(0.50), result.percentile(0.99), result.errors()));
        }
        md.append(String.format(Locale.ROOT, "%nRouting throughput is %.2f× the baseline's; routing p50 latency is %.2f× the "
                        + "baseline's. A warm routing decision reads only Redis (authentication by key hash, organisation, "
                        + "DID, extension), which the warm-path statement-count test under `src/test/java/opbx/voice` proves. The voice rate limit is raised for the run: it measures routing, not limiting.%n",
                routing.throughput() / baseline.throughput(),
                (double) routing.percentile(0.50) / Math.max(1, baseline.percentile(0.50))));
        return md.toString();
    }

    private Bench() {
    }
}
