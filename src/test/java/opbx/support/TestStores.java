package opbx.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.UUID;
import opbx.config.DatabaseTarget;
import opbx.config.RedisTarget;
import opbx.infra.EmbeddedPostgresServer;
import opbx.infra.EmbeddedRedisServer;
import redis.clients.jedis.Jedis;

/**
 * The PostgreSQL and Redis the tests run on, started once per test JVM: the servers named by
 * {@code OPBX_TEST_DATABASE_URL} / {@code OPBX_TEST_REDIS_URL} when set, otherwise embedded ones. Each run gets a
 * fresh database; the configured Redis database is flushed at start (point it at a database of its own).
 */
public final class TestStores {

    private static TestStores instance;

    private final DatabaseTarget server;
    private final boolean external;
    private final DatabaseTarget database;
    private final RedisTarget redis;
    private final String mode;

    private TestStores(DatabaseTarget server, boolean external, RedisTarget redis, String mode) {
        this.server = server;
        this.external = external;
        this.database = freshDatabase();
        this.redis = redis;
        this.mode = mode;
    }

    /** Another empty database on the test server, for a test that needs one of its own; dropped at exit. */
    public DatabaseTarget freshDatabase() {
        DatabaseTarget fresh = freshDatabase(server);
        if (external) {
            // A shared server keeps nothing of ours: the database goes when the JVM does.
            Runtime.getRuntime().addShutdownHook(new Thread(() -> drop(server, fresh)));
        }
        return fresh;
    }

    /**
     * A database outage without stopping the server: refuses new connections to {@code database} and ends the open
     * ones (the app's pool sees what it sees when PostgreSQL goes away), or lets connections in again.
     */
    public void allowConnections(DatabaseTarget database, boolean allowed) {
        String name = database.jdbcUrl().replaceFirst("^.*/([^/?]+)(\\?.*)?$", "$1");
        try (Connection connection = connect(server); Statement statement = connection.createStatement()) {
            statement.execute("ALTER DATABASE " + name + " WITH ALLOW_CONNECTIONS " + allowed);
            if (!allowed) {
                statement.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name + "'");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot change connections to " + name, e);
        }
    }

    public static synchronized TestStores get() {
        if (instance == null) {
            instance = start();
        }
        return instance;
    }

    private static TestStores start() {
        String databaseUrl = System.getenv("OPBX_TEST_DATABASE_URL");
        String redisUrl = System.getenv("OPBX_TEST_REDIS_URL");
        DatabaseTarget server;
        if (databaseUrl == null || databaseUrl.isBlank()) {
            EmbeddedPostgresServer postgres = EmbeddedPostgresServer.startTemporary();
            Runtime.getRuntime().addShutdownHook(new Thread(postgres::close));
            server = postgres.target("postgres");
        } else {
            server = DatabaseTarget.parse(databaseUrl);
        }
        RedisTarget redis;
        if (redisUrl == null || redisUrl.isBlank()) {
            EmbeddedRedisServer embedded = EmbeddedRedisServer.start();
            Runtime.getRuntime().addShutdownHook(new Thread(embedded::close));
            redis = embedded.target();
        } else {
            redis = RedisTarget.parse(redisUrl);
            flush(redis);
        }
        String mode = "database " + (databaseUrl == null ? "embedded" : server.describe())
                + ", redis " + (redisUrl == null ? "embedded" : redis.describe());
        System.out.println("[opbx tests] " + mode);
        return new TestStores(server, databaseUrl != null && !databaseUrl.isBlank(), redis, mode);
    }

    /** Creates an empty database on the given server and returns its target. */
    public static DatabaseTarget freshDatabase(DatabaseTarget server) {
        String name = "opbx_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection connection = connect(server); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the test database on " + server.describe(), e);
        }
        String jdbcUrl = server.jdbcUrl().replaceFirst("/[^/?]+(\\?|$)", "/" + name + "$1");
        return new DatabaseTarget(jdbcUrl, server.user(), server.password());
    }

    private static void drop(DatabaseTarget server, DatabaseTarget database) {
        String name = database.jdbcUrl().replaceFirst("^.*/([^/?]+)(\\?.*)?$", "$1");
        try (Connection connection = connect(server); Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            System.err.println("[opbx tests] could not drop " + name + ": " + e.getMessage());
        }
    }

    private static Connection connect(DatabaseTarget target) throws SQLException {
        Properties properties = new Properties();
        if (target.user() != null) {
            properties.setProperty("user", target.user());
        }
        if (target.password() != null) {
            properties.setProperty("password", target.password());
        }
        return DriverManager.getConnection(target.jdbcUrl(), properties);
    }

    private static void flush(RedisTarget target) {
        try (Jedis jedis = new Jedis(target.host(), target.port())) {
            if (target.password() != null) {
                jedis.auth(target.password());
            }
            jedis.select(target.database());
            jedis.flushDB();
        }
    }

    public DatabaseTarget database() {
        return database;
    }

    public RedisTarget redis() {
        return redis;
    }

    public String mode() {
        return mode;
    }
}
