package opbx.tools;

import static opbx.db.gen.Tables.CALL_DETAIL_RECORDS;
import static opbx.db.gen.Tables.CALL_LOGS;
import static opbx.db.gen.Tables.CLOUDONIX_SETTINGS;
import static opbx.db.gen.Tables.DID_NUMBERS;
import static opbx.db.gen.Tables.EXTENSIONS;
import static opbx.db.gen.Tables.ORGANIZATIONS;
import static opbx.db.gen.Tables.SESSION_UPDATES;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import opbx.auth.Tokens;
import opbx.config.DatabaseTarget;
import opbx.config.RedisTarget;
import opbx.db.Database;
import opbx.infra.EmbeddedPostgresServer;
import opbx.infra.EmbeddedRedisServer;
import opbx.support.Fixtures;
import opbx.support.ServerProcess;
import opbx.support.TestStores;
import org.jooq.DSLContext;
import org.jooq.JSONB;

/**
 * {@code make soak} (issue 9 item 6; not in CI): two instances of the server, each its own JVM, on one PostgreSQL and
 * one Redis ({@code DATABASE_URL} / {@code REDIS_URL} when set, else embedded ones started here), under routing and
 * CDR webhooks at {@code SOAK_RATE} requests per second for {@code SOAK_SECONDS}. Reports requests, errors, p50/p99
 * per endpoint and instance, each instance's memory at start and end, and CDR rows lost or duplicated; writes the
 * figures into docs/reliability.md between its soak markers. Exits 1 when anything must-be-zero is not.
 */
public final class Soak {

    private static final List<String> JVM_OPTIONS = List.of("-Xmx256m", "-XX:+UseG1GC");

    public static void main(String[] args) throws Exception {
        Path output = Path.of(args.length > 0 ? args[0] : "docs/reliability.md");
        int seconds = positive("SOAK_SECONDS", 120);
        int rate = positive("SOAK_RATE", 100);
        // The "start" memory reading is taken when the warm-up ends: SOAK_WARMUP=60 makes it the heap after a minute.
        Duration warmupTime = Duration.ofSeconds(positive("SOAK_WARMUP", 10));
        List<AutoCloseable> resources = new ArrayList<>();
        int exit = 1;
        try {
            Stores stores = stores(resources);
            Database database = Database.open(stores.database(), 2, List.of());
            resources.add(database);
            String key = "rk-" + UUID.randomUUID().toString().replace("-", "");
            String did = "+1555" + ThreadLocalRandom.current().nextInt(1_000_000, 9_999_999);
            long org = seed(database.dsl(), key, did);

            List<SoakMemory.Instance> instances = new ArrayList<>();
            for (String name : List.of("A", "B")) {
                Set<Long> before = SoakMemory.children();
                ServerProcess server = ServerProcess.start(JVM_OPTIONS, stores.database(), stores.redis());
                resources.add(0, server);
                instances.add(new SoakMemory.Instance(name, server, SoakMemory.newChild(before)));
                log("instance %s up at %s", name, server.baseUrl());
            }
            SoakLoad load = new SoakLoad(instances.stream().map(i -> i.server().baseUrl()).toList(), key, did);
            resources.add(0, load::close);

            log("warm-up: %d s at %d req/s", warmupTime.toSeconds(), rate);
            List<SoakLoad.Stats> warmup = load.run(rate, warmupTime);
            SoakMemory memory = new SoakMemory(instances);
            memory.measure("start");
            log("start: %s", memory.last());

            log("soak: %d s at %d req/s across both instances", seconds, rate);
            Thread sampler = memory.sampleEvery(Duration.ofSeconds(Math.max(5, seconds / 12)), load::progress);
            String loadBefore = SoakMemory.loadAverage();
            long started = System.nanoTime();
            List<SoakLoad.Stats> stats = load.run(rate, Duration.ofSeconds(seconds));
            double elapsed = (System.nanoTime() - started) / 1e9;
            sampler.interrupt();
            String loadAfter = SoakMemory.loadAverage();
            memory.measure("end");
            log("end: %s", memory.last());

            int redelivered = load.redeliverRefused();
            Rows rows = rows(database.dsl(), org, load);
            List<String> serverLog = new ArrayList<>();
            for (SoakMemory.Instance instance : instances) {
                instance.server().output().lines()
                        .filter(line -> line.matches(".*\\b(WARN|ERROR)\\b.*"))
                        .forEach(line -> serverLog.add(instance.name() + ": " + line));
            }
            serverLog.stream().limit(40).forEach(line -> log("server %s", line));
            for (SoakMemory.Instance instance : instances) {
                Path saved = Path.of("target", "soak", "instance-" + instance.name() + ".log");
                Files.createDirectories(saved.getParent());
                Files.writeString(saved, instance.server().output());
                log("instance %s's whole output: %s", instance.name(), saved);
            }
            SoakReport report = new SoakReport((int) warmupTime.toSeconds(), seconds, rate, elapsed, List.of(loadBefore, loadAfter), stores.describe(),
                    JVM_OPTIONS, warmup, stats, memory,
                    rows.lost, rows.duplicated, rows.unexpected, rows.distinct, load.sent.size(), load.acknowledged.size(),
                    load.redeliveries.get(), redelivered, rows.callLogs, rows.finals, serverLog, instances);
            report.writeInto(output);
            System.out.println(report.markdown());
            exit = report.passed() ? 0 : 1;
            log(report.passed() ? "passed" : "FAILED: errors, lost or duplicated rows above");
        } finally {
            for (AutoCloseable resource : resources) {
                try {
                    resource.close();
                } catch (Exception e) {
                    System.err.println("[soak] closing: " + e);
                }
            }
        }
        System.exit(exit);
    }

    /** The stores both instances share, and how to describe them in the report. */
    record Stores(DatabaseTarget database, RedisTarget redis, String describe) {
    }

    private static Stores stores(List<AutoCloseable> resources) {
        String databaseUrl = System.getenv("DATABASE_URL");
        String redisUrl = System.getenv("REDIS_URL");
        DatabaseTarget database;
        String describe;
        if (databaseUrl == null || databaseUrl.isBlank()) {
            EmbeddedPostgresServer postgres = EmbeddedPostgresServer.startTemporary();
            resources.add(postgres);
            database = TestStores.freshDatabase(postgres.target("postgres"));
            describe = "embedded PostgreSQL";
        } else {
            database = DatabaseTarget.parse(databaseUrl);
            describe = "PostgreSQL " + database.describe();
        }
        RedisTarget redis;
        if (redisUrl == null || redisUrl.isBlank()) {
            EmbeddedRedisServer embedded = EmbeddedRedisServer.start();
            resources.add(embedded);
            redis = embedded.target();
            describe += ", embedded Redis";
        } else {
            redis = RedisTarget.parse(redisUrl);
            describe += ", Redis " + redis.describe();
        }
        return new Stores(database, redis, describe);
    }

    /**
     * A new organisation (so a shared database is checked for this run only): requests key by its hash, extension
     * 1001, the DID routed to it, limits raised (the soak measures routing and ingestion, not limiting).
     */
    private static long seed(DSLContext dsl, String key, String did) {
        long org = new Fixtures(dsl).organization("Soak " + UUID.randomUUID().toString().substring(0, 8));
        dsl.update(ORGANIZATIONS)
                .set(ORGANIZATIONS.SETTINGS, JSONB.valueOf("{\"rate_limits\":{\"voice\":100000000,\"webhook\":100000000}}"))
                .where(ORGANIZATIONS.ID.eq(org))
                .execute();
        dsl.insertInto(CLOUDONIX_SETTINGS)
                .set(CLOUDONIX_SETTINGS.ORGANIZATION_ID, org)
                .set(CLOUDONIX_SETTINGS.DOMAIN_REQUESTS_API_KEY, "v1:unused")
                .set(CLOUDONIX_SETTINGS.DOMAIN_REQUESTS_API_KEY_HASH, Tokens.sha256Hex(key))
                .execute();
        long extension = dsl.insertInto(EXTENSIONS)
                .set(EXTENSIONS.ORGANIZATION_ID, org)
                .set(EXTENSIONS.EXTENSION_NUMBER, "1001")
                .set(EXTENSIONS.TYPE, "user")
                .set(EXTENSIONS.SIP_PASSWORD, "v1:unused")
                .returning(EXTENSIONS.ID)
                .fetchOne(EXTENSIONS.ID);
        dsl.insertInto(DID_NUMBERS)
                .set(DID_NUMBERS.ORGANIZATION_ID, org)
                .set(DID_NUMBERS.PHONE_NUMBER, did)
                .set(DID_NUMBERS.ROUTING_TYPE, "extension")
                .set(DID_NUMBERS.ROUTING_CONFIG, JSONB.valueOf("{\"extension_id\":" + extension + "}"))
                .execute();
        return org;
    }

    /** What the database holds for the run's organisation against what was sent (warm-up included). */
    private record Rows(int lost, int duplicated, int unexpected, int distinct, int callLogs, int finals) {
    }

    private static Rows rows(DSLContext dsl, long org, SoakLoad load) {
        List<String> stored = dsl.select(CALL_DETAIL_RECORDS.CALL_ID)
                .from(CALL_DETAIL_RECORDS)
                .where(CALL_DETAIL_RECORDS.ORGANIZATION_ID.eq(org))
                .fetch(CALL_DETAIL_RECORDS.CALL_ID);
        Set<String> distinct = new HashSet<>(stored);
        // After the re-deliveries every CDR sent must be stored: one without a row is lost.
        int lost = (int) load.sent.stream().filter(id -> !distinct.contains(id)).count();
        int unexpected = (int) distinct.stream().filter(id -> !load.sent.contains(id)).count();
        int callLogs = dsl.fetchCount(CALL_LOGS, CALL_LOGS.ORGANIZATION_ID.eq(org));
        int finals = dsl.fetchCount(SESSION_UPDATES, SESSION_UPDATES.ORGANIZATION_ID.eq(org)
                .and(SESSION_UPDATES.EVENT_ID.eq("cdr-final")));
        return new Rows(lost, stored.size() - distinct.size(), unexpected, distinct.size(), callLogs, finals);
    }

    private static int positive(String name, int fallback) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed > 0) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be a positive whole number, got '" + value + "'");
    }

    static void log(String format, Object... args) {
        System.out.printf(Locale.ROOT, "[soak] " + format + "%n", args);
    }

    private Soak() {
    }
}
