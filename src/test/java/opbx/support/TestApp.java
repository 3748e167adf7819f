package opbx.support;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import opbx.app.OpbxServer;
import opbx.config.AppKey;
import opbx.config.Config;
import opbx.config.DatabaseTarget;
import opbx.config.RedisTarget;
import org.jooq.DSLContext;

/**
 * The real server, started through the production wiring ({@link OpbxServer#start}) on a random port against the
 * test stores, with the tenant guard installed and the test-only routes of {@link TestRoutes}. One shared instance
 * serves the whole test JVM; tests that need their own (another Redis, a database they stop) start one with
 * {@link #start(DatabaseTarget, RedisTarget)}.
 */
public final class TestApp {

    private static TestApp shared;

    /** Every statement any test server runs (a warm routing decision must add none). */
    public static final StatementCounter STATEMENTS = new StatementCounter();

    /** The clock every test server reads; see {@link TestClock}. */
    public static final TestClock CLOCK = new TestClock();

    private final OpbxServer server;
    private final HttpTestClient http;

    private TestApp(OpbxServer server) {
        this.server = server;
        this.http = new HttpTestClient("http://127.0.0.1:" + server.port());
    }

    /** The shared server of this test JVM. */
    public static synchronized TestApp shared() {
        if (shared == null) {
            TestStores stores = TestStores.get();
            shared = start(stores.database(), stores.redis());
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
        }
        return shared;
    }

    /** A server of its own on the given stores; the caller closes it. */
    public static TestApp start(DatabaseTarget database, RedisTarget redis) {
        return start(database, redis, Map.of());
    }

    /** A server of its own with some environment variables overridden (e.g. low rate limits). */
    public static TestApp start(DatabaseTarget database, RedisTarget redis, Map<String, String> overrides) {
        return new TestApp(OpbxServer.start(config(database, redis, overrides), options()));
    }

    /**
     * A server of its own on embedded stores it starts itself in {@code dataDir} (what {@code make run} does): for
     * the tests that crash those stores. The caller closes it.
     */
    public static TestApp startEmbedded(Path dataDir, Map<String, String> overrides) {
        Map<String, String> env = environment();
        env.remove("DATABASE_URL");
        env.remove("REDIS_URL");
        env.put("OPBX_DATA_DIR", dataDir.toString());
        env.put("OPBX_DEMO_BOOTSTRAP", "false");
        env.putAll(overrides);
        return new TestApp(OpbxServer.start(Config.fromEnvironment(env), options()));
    }

    public static Config config(DatabaseTarget database, RedisTarget redis, Map<String, String> overrides) {
        Map<String, String> env = environment();
        env.put("DATABASE_URL", jdbcUrlWithCredentials(database));
        env.put("REDIS_URL", redisUrl(redis));
        env.putAll(overrides);
        return Config.fromEnvironment(env);
    }

    private static Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        env.put("PORT", "0");
        env.put("OPBX_APP_KEY", TEST_APP_KEY.toBase64());
        env.put("OPBX_DATA_DIR", Path.of("target", "test-data").toString());
        env.put("OPBX_DB_POOL_SIZE", "8");
        env.put("OPBX_LOG_LEVEL", "warn");
        // Fast hashes, and limits out of the way of the suite; RateLimitTest starts a server with real ones.
        env.put("OPBX_BCRYPT_COST", "4");
        env.put("OPBX_RATE_LIMIT_LOGIN_PER_MIN", "1000000");
        env.put("OPBX_RATE_LIMIT_LOGIN_EMAIL_PER_MIN", "1000000");
        env.put("OPBX_RATE_LIMIT_SENSITIVE_PER_MIN", "1000000");
        env.put("OPBX_RATE_LIMIT_API_PER_MIN", "1000000");
        env.put("OPBX_RATE_LIMIT_VOICE_PER_MIN", "10000000");
        env.put("OPBX_RATE_LIMIT_AUTHFAIL_PER_MIN", "1000000");
        // No test reaches the real Cloudonix (control-plane spec §6.5): tests that call it pass FakeCloudonix's URL.
        env.put("CLOUDONIX_API_BASE_URL", "http://127.0.0.1:9");
        return env;
    }

    private static final AppKey TEST_APP_KEY = AppKey.generate();

    /** {@code DATABASE_URL} for a target, credentials as query parameters (also for servers in their own JVM). */
    public static String jdbcUrlWithCredentials(DatabaseTarget database) {
        StringBuilder url = new StringBuilder(database.jdbcUrl());
        char separator = url.indexOf("?") >= 0 ? '&' : '?';
        if (database.user() != null) {
            url.append(separator).append("user=").append(URLEncoder.encode(database.user(), StandardCharsets.UTF_8));
            separator = '&';
        }
        if (database.password() != null) {
            url.append(separator).append("password=").append(URLEncoder.encode(database.password(), StandardCharsets.UTF_8));
        }
        return url.toString();
    }

    /** {@code REDIS_URL} for a target. */
    public static String redisUrl(RedisTarget redis) {
        String credentials = redis.password() == null ? ""
                : (redis.user() == null ? "" : redis.user()) + ":" + redis.password() + "@";
        return (redis.ssl() ? "rediss://" : "redis://") + credentials + redis.host() + ":" + redis.port() + "/" + redis.database();
    }

    private static OpbxServer.Options options() {
        return new OpbxServer.Options(List.of(new TenantGuard(), STATEMENTS), List.of(new TestRoutes()), List.of(TestRoutes.v1()), CLOCK);
    }

    /**
     * {@code make bench}'s server: what production runs, as far as its cost goes. The request log on (level info, as
     * by default), production's pool size, no tenant guard (a test's check that parses every statement, not part of
     * the product); only the statement counter the bench reads, which counts by thread name.
     */
    public static TestApp forBench(DatabaseTarget database, RedisTarget redis) {
        Map<String, String> production = Map.of("OPBX_LOG_LEVEL", "info", "OPBX_DB_POOL_SIZE", "10");
        return new TestApp(OpbxServer.start(config(database, redis, production),
                new OpbxServer.Options(List.of(STATEMENTS), List.of(new TestRoutes()), List.of(TestRoutes.v1()), CLOCK)));
    }

    public HttpTestClient http() {
        return http;
    }

    public DSLContext dsl() {
        return server.dsl();
    }

    public OpbxServer server() {
        return server;
    }

    public void close() {
        server.close();
    }
}
