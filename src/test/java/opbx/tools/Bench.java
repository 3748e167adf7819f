package opbx.tools;

import static opbx.db.gen.Tables.CLOUDONIX_SETTINGS;
import static opbx.db.gen.Tables.DID_NUMBERS;
import static opbx.db.gen.Tables.EXTENSIONS;
import static opbx.db.gen.Tables.ORGANIZATIONS;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.UUID;
import opbx.auth.Tokens;
import opbx.support.Fixtures;
import opbx.support.TestApp;
import org.jooq.DSLContext;
import org.jooq.JSONB;

/**
 * {@code make bench}: starts the real server (embedded PostgreSQL and Redis unless OPBX_TEST_* say otherwise) and, in
 * one run, measures the warm routing path beside the trivial {@code GET /api/voice/health}, sustained CDR ingestion
 * ({@link CdrIngestionBench}) and the call-record reads on an organisation holding a million CDRs
 * ({@link CdrQueryBench}); writes every figure beside its baseline to docs/benchmarks.md. On a shared, noisy machine
 * only the ratios are meaningful.
 */
public final class Bench {

    static final int CONCURRENCY = 8;
    private static final long WARMUP_MILLIS = 3_000;
    private static final long RUN_MILLIS = 10_000;

    /** An organisation and the plain requests key Cloudonix would present for it. */
    private record Tenant(long id, String key) {
    }

    public static void main(String[] args) throws Exception {
        Path output = Path.of(args.length > 0 ? args[0] : "docs/benchmarks.md");
        long started = System.nanoTime();
        TestApp app = TestApp.shared();
        DSLContext dsl = app.dsl();
        String base = "http://127.0.0.1:" + app.server().port();
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        Tenant routingOrg = tenant(dsl, "Bench Org", "{}");
        seedRouting(dsl, routingOrg.id());
        HttpRequest route = HttpRequest.newBuilder(URI.create(base + "/api/voice/route"))
                .header("Authorization", "Bearer " + routingOrg.key())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"CallSid\":\"bench\",\"From\":\"+12125550199\",\"To\":\"+15559990001\",\"Direction\":\"inbound\"}"))
                .build();
        HttpRequest health = HttpRequest.newBuilder(URI.create(base + "/api/voice/health")).GET().build();
        String answer = client.send(route, HttpResponse.BodyHandlers.ofString()).body();
        if (!answer.contains("<Number>1001</Number>")) {
            throw new IllegalStateException("routing did not answer as seeded: " + answer);
        }
        LoadRunner.run(CONCURRENCY, WARMUP_MILLIS, () -> ok(client, health));
        LoadRunner.run(CONCURRENCY, WARMUP_MILLIS, () -> ok(client, route));
        LoadRunner.Result baseline = LoadRunner.run(CONCURRENCY, RUN_MILLIS, () -> ok(client, health))
                .named("GET /api/voice/health (trivial baseline)");
        LoadRunner.Result routing = LoadRunner.run(CONCURRENCY, RUN_MILLIS, () -> ok(client, route))
                .named("POST /api/voice/route (warm cache, DID → user extension)");
        progress(started, "routing");

        Tenant ingestionOrg = tenant(dsl, "Bench Ingestion", "{\"rate_limits\":{\"webhook\":100000000}}");
        CdrIngestionBench.Outcome ingestion = new CdrIngestionBench(client, base, ingestionOrg.key())
                .run(dsl, ingestionOrg.id(), CONCURRENCY, WARMUP_MILLIS, RUN_MILLIS);
        progress(started, "CDR ingestion");

        CdrQueryBench.Report queries = new CdrQueryBench(client, base)
                .run(app, new Fixtures(dsl).organization("Bench Million"));
        progress(started, "call-record reads");

        String report = header((System.nanoTime() - started) / 1e9) + routingSection(baseline, routing)
                + ingestion.markdown(baseline) + queries.markdown();
        Files.createDirectories(output.toAbsolutePath().getParent());
        Files.writeString(output, report);
        System.out.println(report);
        app.close();
        System.exit(0);
    }

    private static void progress(long started, String done) {
        System.out.printf(Locale.ROOT, "[bench] %s done at %.0f s%n", done, (System.nanoTime() - started) / 1e9);
    }

    private static boolean ok(HttpClient client, HttpRequest request) throws IOException, InterruptedException {
        return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    }

    /** An organisation with {@code settings} and a requests key (stored as its hash, as the product does). */
    private static Tenant tenant(DSLContext dsl, String name, String settings) {
        long org = new Fixtures(dsl).organization(name);
        dsl.update(ORGANIZATIONS)
                .set(ORGANIZATIONS.SETTINGS, JSONB.valueOf(settings))
                .where(ORGANIZATIONS.ID.eq(org))
                .execute();
        String key = UUID.randomUUID().toString().replace("-", "");
        dsl.insertInto(CLOUDONIX_SETTINGS).set(CLOUDONIX_SETTINGS.ORGANIZATION_ID, org)
                .set(CLOUDONIX_SETTINGS.DOMAIN_REQUESTS_API_KEY, "v1:x")
                .set(CLOUDONIX_SETTINGS.DOMAIN_REQUESTS_API_KEY_HASH, Tokens.sha256Hex(key)).execute();
        return new Tenant(org, key);
    }

    /** A DID to a user extension, the routing path measured. */
    private static void seedRouting(DSLContext dsl, long org) {
        long extension = dsl.insertInto(EXTENSIONS).set(EXTENSIONS.ORGANIZATION_ID, org)
                .set(EXTENSIONS.EXTENSION_NUMBER, "1001").set(EXTENSIONS.TYPE, "user").set(EXTENSIONS.SIP_PASSWORD, "v1:x")
                .returning(EXTENSIONS.ID).fetchOne(EXTENSIONS.ID);
        dsl.insertInto(DID_NUMBERS).set(DID_NUMBERS.ORGANIZATION_ID, org).set(DID_NUMBERS.PHONE_NUMBER, "+15559990001")
                .set(DID_NUMBERS.ROUTING_TYPE, "extension")
                .set(DID_NUMBERS.ROUTING_CONFIG, JSONB.valueOf("{\"extension_id\":" + extension + "}")).execute();
    }

    private static String header(double seconds) {
        return String.format(Locale.ROOT, "# Benchmarks%n%n`make bench` (`src/test/java/opbx/tools/Bench.java` and its "
                        + "neighbours): one server (embedded PostgreSQL and Redis), closed-loop HTTP clients in the same "
                        + "JVM, run at %s on %d cores; the run took %.0f s after compiling.%n%n"
                        + "The machine is shared and noisy, so each figure stands beside a baseline measured in the same "
                        + "run on the same server. The ratio is the figure that counts.%n%n",
                Instant.now().truncatedTo(ChronoUnit.SECONDS), Runtime.getRuntime().availableProcessors(), seconds);
    }

    private static String routingSection(LoadRunner.Result baseline, LoadRunner.Result routing) {
        StringBuilder md = new StringBuilder("## Routing\n\n");
        md.append(String.format(Locale.ROOT, "%d clients, %d s warm-up, %d s per endpoint.%n%n", CONCURRENCY,
                WARMUP_MILLIS / 1000, RUN_MILLIS / 1000));
        md.append(LoadRunner.table(baseline, routing));
        md.append(String.format(Locale.ROOT, "%nRouting throughput is %.2f× the baseline's; routing p50 latency is %.2f× the "
                        + "baseline's. A warm routing decision reads only Redis (authentication by key hash, organisation, "
                        + "DID, extension), which the warm-path statement-count test under `src/test/java/opbx/voice` "
                        + "proves. The voice rate limit is raised for the run: it measures routing, not limiting.%n%n",
                routing.throughput() / baseline.throughput(),
                (double) routing.percentile(0.50) / Math.max(1, baseline.percentile(0.50))));
        return md.toString();
    }

    private Bench() {
    }
}
