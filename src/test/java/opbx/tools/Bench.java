package opbx.tools;

import static opbx.db.gen.Tables.CALL_DETAIL_RECORDS;
import static opbx.db.gen.Tables.CLOUDONIX_SETTINGS;
import static opbx.db.gen.Tables.DID_NUMBERS;
import static opbx.db.gen.Tables.EXTENSIONS;
import static opbx.db.gen.Tables.IVR_MENUS;
import static opbx.db.gen.Tables.ORGANIZATIONS;
import static opbx.db.gen.Tables.RING_GROUPS;
import static opbx.db.gen.Tables.RING_GROUP_MEMBERS;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import opbx.auth.Tokens;
import opbx.support.Fixtures;
import opbx.support.TestApp;
import opbx.support.TestStores;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import redis.clients.jedis.Jedis;

/**
 * {@code make bench}: the server in this JVM on its stores (embedded unless {@code OPBX_TEST_*} say otherwise), driven
 * from other processes: {@code wrk} for closed-loop throughput at 8 and 32 connections, {@link HttpLoad} for latency
 * at a fixed rate, {@code pgbench} for the database's own insert rate, and fresh JVMs for cold starts. Every figure
 * stands beside a baseline measured in the same run, rounds interleaved, and the report says the machine's load:
 * on a shared two-core machine only the ratios mean anything. The report goes to {@code target/bench/report.md};
 * {@code docs/benchmarks.md} is updated from it by hand, from a quiet run.
 */
public final class Bench {

    private static final int ROUNDS = 3;
    private static final int SECONDS = 5;
    static final int WARM_UP = 10;
    private static final int COST_CALLS = 200;
    private static final int OPEN_LOOP_CONNECTIONS = 32;
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Bench() {
    }

    /** An organisation with its requests key and the DIDs of the measured destinations. */
    private record Tenant(long id, String key, String extensionDid, String groupDid, String menuDid) {
    }

    public static void main(String[] args) throws Exception {
        Path output = Path.of(args.length > 0 ? args[0] : "target/bench/report.md");
        long started = System.nanoTime();
        // The server logs every request, as in production; its lines go to a file beside the report.
        Path serverLog = output.toAbsolutePath().getParent().resolve("server.log");
        Files.createDirectories(serverLog.getParent());
        System.setErr(new java.io.PrintStream(Files.newOutputStream(serverLog), true, StandardCharsets.UTF_8));
        TestApp app = TestApp.forBench(TestStores.get().database(), TestStores.get().redis());
        String base = "http://127.0.0.1:" + app.server().port();
        Tenant tenant = seed(app.dsl());
        StringBuilder report = new StringBuilder(header());
        if (!Wrk.installed()) {
            report.append("**wrk is not installed** (`apt-get install wrk`): the closed-loop figures need it, since a "
                    + "generator slower than the server would measure itself. Only the counted costs and the cold start "
                    + "are reported.\n\n");
            report.append(Costs.measure(app, base, tenant.key(), tenant.extensionDid(), tenant.groupDid(),
                    tenant.menuDid(), COST_CALLS));
        } else {
            Routing routing = routing(base, tenant);
            report.append(routing.markdown());
            progress(started, "routing");
            report.append(Costs.measure(app, base, tenant.key(), tenant.extensionDid(), tenant.groupDid(),
                    tenant.menuDid(), COST_CALLS));
            progress(started, "costs");
            report.append(Ingestion.measure(app, base, ingestionTenant(app.dsl())));
            progress(started, "CDR ingestion");
        }
        report.append(ColdStart.measure());
        progress(started, "cold start");
        if (!"0".equals(System.getenv("OPBX_BENCH_QUERIES"))) {
            report.append(new CdrQueryBench(CLIENT, base).run(app, new Fixtures(app.dsl()).organization("Bench Million"))
                    .markdown());
            progress(started, "call-record reads");
        }
        report.append(String.format(Locale.ROOT, "The run took %.0f s; load average at the end: %s.%n",
                (System.nanoTime() - started) / 1e9, loadAverage()));
        Files.createDirectories(output.toAbsolutePath().getParent());
        Files.writeString(output, report);
        System.out.println(report);
        app.close();
        System.exit(0);
    }

    /** Closed-loop (wrk, 8 and 32 connections, rounds interleaved) and open-loop (HttpLoad at half the saturation). */
    private static Routing routing(String base, Tenant tenant) throws IOException, InterruptedException {
        Path script = script("route.lua");
        Map<String, String> env = Map.of("OPBX_BENCH_KEY", tenant.key(), "OPBX_BENCH_TO", tenant.extensionDid());
        Map<Integer, List<Wrk.Run>> health = new HashMap<>();
        Map<Integer, List<Wrk.Run>> route = new HashMap<>();
        // Warm-ups long enough for the JIT to finish with each path (JFR: C2 still took a third of the CPU after 3 s).
        Wrk.run(base + "/api/voice/health", 32, WARM_UP, null, Map.of());
        Wrk.run(base + "/", 32, WARM_UP, script, env);
        CpuMeter.Reading healthCpu = CpuMeter.ZERO;
        CpuMeter.Reading routeCpu = CpuMeter.ZERO;
        for (int connections : new int[] {8, 32}) {
            for (int round = 0; round < ROUNDS; round++) {
                CpuMeter.Reading start = CpuMeter.now();
                health.computeIfAbsent(connections, c -> new ArrayList<>())
                        .add(Wrk.run(base + "/api/voice/health", connections, SECONDS, null, Map.of()));
                CpuMeter.Reading middle = CpuMeter.now();
                route.computeIfAbsent(connections, c -> new ArrayList<>())
                        .add(Wrk.run(base + "/", connections, SECONDS, script, env));
                healthCpu = healthCpu.plus(middle.minus(start));
                routeCpu = routeCpu.plus(CpuMeter.now().minus(middle));
            }
        }
        int rate = (int) Math.max(50, median(route.get(32), Wrk.Run::rate) / 2);
        int port = URI.create(base).getPort();
        String healthOpen = httpLoad(port, "health", rate, 10, null, null);
        String routeOpen = httpLoad(port, "route", rate, 10, tenant.key(), tenant.extensionDid());
        return new Routing(health, route, rate, healthOpen, routeOpen, healthCpu, routeCpu);
    }

    private record Routing(Map<Integer, List<Wrk.Run>> health, Map<Integer, List<Wrk.Run>> route, int openRate,
                           String healthOpen, String routeOpen, CpuMeter.Reading healthCpu,
                           CpuMeter.Reading routeCpu) {

        String markdown() {
            StringBuilder md = new StringBuilder("## Routing\n\n");
            md.append("`wrk -t2` from its own process, after ").append(WARM_UP).append(" s of warm-up per endpoint, ")
                    .append(ROUNDS).append(" rounds of ").append(SECONDS)
                    .append(" s per endpoint and connection count, health and route rounds interleaved; medians. "
                            + "`POST /api/voice/route` is an inbound call to a DID → user extension, with a new "
                            + "`CallSid` on every request and `From` alternating between callers never seen before and "
                            + "100 repeat callers (`src/test/resources/bench/route.lua`). The baseline is "
                            + "`GET /api/voice/health`, the server's trivial endpoint; the generator is wrk itself, so "
                            + "it is not the bottleneck.\n\n");
            md.append("| Connections | health req/s | route req/s | route ÷ health | health p99 | route p99 | errors |\n");
            md.append("|---|---|---|---|---|---|---|\n");
            for (int connections : new int[] {8, 32}) {
                double h = median(health.get(connections), Wrk.Run::rate);
                double r = median(route.get(connections), Wrk.Run::rate);
                md.append(String.format(Locale.ROOT, "| %d | %.0f | %.0f | **%.2f×** | %.2f ms | %.2f ms | %d |%n",
                        connections, h, r, r / h, median(health.get(connections), Wrk.Run::p99Micros) / 1000.0,
                        median(route.get(connections), Wrk.Run::p99Micros) / 1000.0,
                        route.get(connections).stream().mapToLong(Wrk.Run::errors).sum()));
            }
            long healthRequests = requests(health);
            long routeRequests = requests(route);
            md.append(String.format(Locale.ROOT, "%nCPU per request over all closed-loop rounds: health %s; route %s. "
                            + "**Route ÷ health CPU per request: %.2f×** — on a machine whose cores are all busy (wrk, the "
                            + "server, Redis), its inverse bounds the throughput ratio.%n",
                    healthCpu.perRequest(healthRequests), routeCpu.perRequest(routeRequests),
                    routeCpu.totalMicros(routeRequests) / healthCpu.totalMicros(healthRequests)));
            md.append("\nEach round (req/s): ");
            for (int connections : new int[] {8, 32}) {
                md.append("c").append(connections).append(" health ").append(rates(health.get(connections)))
                        .append(", route ").append(rates(route.get(connections))).append("; ");
            }
            long healthP99 = field(healthOpen, "p99_us");
            long routeP99 = field(routeOpen, "p99_us");
            md.append(String.format(Locale.ROOT, "%n%nOpen loop at a fixed %d req/s (half of routing's saturation at "
                            + "32 connections), 10 s each, from `HttpLoad` in its own JVM (32 keep-alive connections, each on a "
                            + "fixed schedule), latency from when each request was due: health `%s`; route `%s`. **Route p99 ÷ health p99: %.2f×.**%n%n", openRate,
                    healthOpen, routeOpen, (double) routeP99 / Math.max(1, healthP99)));
            return md.toString();
        }
    }

    private static long requests(Map<Integer, List<Wrk.Run>> runs) {
        return runs.values().stream().flatMap(List::stream).mapToLong(Wrk.Run::requests).sum();
    }

    private static String rates(List<Wrk.Run> runs) {
        return String.join("/", runs.stream().map(run -> String.format(Locale.ROOT, "%.0f", run.rate())).toList());
    }

    static <T> double median(List<T> values, java.util.function.ToDoubleFunction<T> of) {
        double[] sorted = values.stream().mapToDouble(of).sorted().toArray();
        return sorted.length == 0 ? 0 : sorted[sorted.length / 2];
    }

    static long field(String line, String name) {
        for (String part : line.trim().split(" ")) {
            if (part.startsWith(name + "=")) {
                return Long.parseLong(part.substring(name.length() + 1));
            }
        }
        return 0;
    }

    /** {@link HttpLoad} in a JVM of its own, with this JVM's java and classpath; its one line of output. */
    static String httpLoad(int port, String kind, int rate, int seconds, String key, String to)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(java(), "-cp", System.getProperty("java.class.path"),
                HttpLoad.class.getName(), String.valueOf(port), kind, String.valueOf(rate), String.valueOf(seconds),
                String.valueOf(OPEN_LOOP_CONNECTIONS)));
        if (key != null) {
            command.add(key);
            command.add(to);
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        process.waitFor();
        String[] lines = out.split("\n");
        return lines[lines.length - 1];
    }

    static String java() {
        return ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString());
    }

    /** A bench resource copied to a file, for a tool that reads files. */
    static Path script(String name) throws IOException {
        Path file = Files.createTempFile("opbx-bench-", "-" + name);
        try (var in = Bench.class.getResourceAsStream("/bench/" + name)) {
            Files.write(file, in.readAllBytes());
        }
        file.toFile().deleteOnExit();
        return file;
    }

    /** The routing organisation: a DID to user extension 1001, one to a simultaneous group, one to an IVR menu. */
    private static Tenant seed(DSLContext dsl) {
        long org = organization(dsl, "Bench Org", "{\"rate_limits\":{\"voice\":100000000}}");
        String key = key(dsl, org);
        long extension = dsl.insertInto(EXTENSIONS).set(EXTENSIONS.ORGANIZATION_ID, org)
                .set(EXTENSIONS.EXTENSION_NUMBER, "1001").set(EXTENSIONS.TYPE, "user").set(EXTENSIONS.SIP_PASSWORD, "v1:x")
                .returning(EXTENSIONS.ID).fetchOne(EXTENSIONS.ID);
        long group = dsl.insertInto(RING_GROUPS).set(RING_GROUPS.ORGANIZATION_ID, org).set(RING_GROUPS.NAME, "Bench group")
                .returning(RING_GROUPS.ID).fetchOne(RING_GROUPS.ID);
        dsl.insertInto(RING_GROUP_MEMBERS).set(RING_GROUP_MEMBERS.ORGANIZATION_ID, org)
                .set(RING_GROUP_MEMBERS.RING_GROUP_ID, group).set(RING_GROUP_MEMBERS.EXTENSION_ID, extension)
                .set(RING_GROUP_MEMBERS.PRIORITY, (short) 1).execute();
        long menu = dsl.insertInto(IVR_MENUS).set(IVR_MENUS.ORGANIZATION_ID, org).set(IVR_MENUS.NAME, "Bench menu")
                .set(IVR_MENUS.TTS_TEXT, "Press 1").returning(IVR_MENUS.ID).fetchOne(IVR_MENUS.ID);
        String block = String.valueOf(100 + (int) (Math.random() * 800));
        did(dsl, org, "+1555" + block + "0001", "extension", "extension_id", extension);
        did(dsl, org, "+1555" + block + "0002", "ring_group", "ring_group_id", group);
        did(dsl, org, "+1555" + block + "0003", "ivr_menu", "ivr_menu_id", menu);
        return new Tenant(org, key, "+1555" + block + "0001", "+1555" + block + "0002", "+1555" + block + "0003");
    }

    private static long ingestionTenant(DSLContext dsl) {
        return organization(dsl, "Bench Ingestion", "{\"rate_limits\":{\"webhook\":100000000}}");
    }

    static long organization(DSLContext dsl, String name, String settings) {
        long org = new Fixtures(dsl).organization(name);
        dsl.update(ORGANIZATIONS).set(ORGANIZATIONS.SETTINGS, JSONB.valueOf(settings)).where(ORGANIZATIONS.ID.eq(org)).execute();
        return org;
    }

    /** A requests key for the organisation, stored as its hash (as the product stores it); the plain key. */
    static String key(DSLContext dsl, long org) {
        String key = UUID.randomUUID().toString().replace("-", "");
        dsl.insertInto(CLOUDONIX_SETTINGS).set(CLOUDONIX_SETTINGS.ORGANIZATION_ID, org)
                .set(CLOUDONIX_SETTINGS.DOMAIN_REQUESTS_API_KEY, "v1:x")
                .set(CLOUDONIX_SETTINGS.DOMAIN_REQUESTS_API_KEY_HASH, Tokens.sha256Hex(key)).execute();
        return key;
    }

    private static void did(DSLContext dsl, long org, String number, String type, String configKey, long target) {
        dsl.insertInto(DID_NUMBERS).set(DID_NUMBERS.ORGANIZATION_ID, org).set(DID_NUMBERS.PHONE_NUMBER, number)
                .set(DID_NUMBERS.ROUTING_TYPE, type)
                .set(DID_NUMBERS.ROUTING_CONFIG, JSONB.valueOf("{\"" + configKey + "\":" + target + "}")).execute();
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String header() {
        return String.format(Locale.ROOT, "# Benchmarks%n%n`make bench` (`src/test/java/opbx/tools/Bench.java`), run at "
                        + "%s on %d cores, load average at the start %s; stores: %s.%n%n"
                        + "The server runs in the bench's JVM as production runs it (request log on, at level info, "
                        + "into `target/bench/server.log`; no test-only statement checks); every load comes from another "
                        + "process. The machine is "
                        + "shared and noisy, so each figure stands beside a baseline measured in the same run, and the "
                        + "ratio is the figure that counts.%n%n",
                Instant.now().truncatedTo(ChronoUnit.SECONDS), Runtime.getRuntime().availableProcessors(), loadAverage(),
                TestStores.get().mode());
    }

    static void progress(long started, String done) {
        System.out.printf(Locale.ROOT, "[bench] %s done at %.0f s%n", done, (System.nanoTime() - started) / 1e9);
    }

    /** GET {@code url}; true on 200. */
    static boolean ok(String url) {
        try {
            return CLIENT.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static Jedis jedis(opbx.config.RedisTarget target) {
        Jedis jedis = new Jedis(target.host(), target.port());
        if (target.password() != null) {
            jedis.auth(target.password());
        }
        jedis.select(target.database());
        return jedis;
    }

    static long rows(DSLContext dsl, long org) {
        return dsl.fetchCount(CALL_DETAIL_RECORDS, CALL_DETAIL_RECORDS.ORGANIZATION_ID.eq(org));
    }
}
