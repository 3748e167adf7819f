package opbx.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;
import opbx.config.DatabaseTarget;
import opbx.config.RedisTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * The embedded stores take nobody else on the machine (issue 14, item 9): the PostgreSQL superuser has a generated
 * password kept 0600 in the data folder, demanded on every connection; a data folder from before the lock is locked at
 * its next start and keeps its data; the Redis demands its password and listens on loopback only.
 */
class EmbeddedStoresLockedTest {

    private static Connection connect(DatabaseTarget target, String password) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", "postgres");
        if (password != null) {
            properties.setProperty("password", password);
        }
        return DriverManager.getConnection(target.jdbcUrl().replaceFirst("\\?.*$", ""), properties);
    }

    @Test
    void the_embedded_postgresql_demands_its_password_and_a_restart_keeps_working(@TempDir Path data) throws Exception {
        Path directory = data.resolve("postgres");
        Path passwordFile = data.resolve("postgres.password");
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(directory)) {
            DatabaseTarget target = server.target("postgres");
            assertEquals(Files.readString(passwordFile).trim(), target.password());
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile)));
            assertThrows(SQLException.class, () -> connect(target, null).close(), "no password");
            assertThrows(SQLException.class, () -> connect(target, "not-the-password").close(), "a wrong password");
            try (Connection connection = connect(target, target.password())) {
                connection.createStatement().execute("CREATE TABLE kept (id int)");
                connection.createStatement().execute("INSERT INTO kept VALUES (42)");
                ResultSet rows = connection.createStatement().executeQuery("SELECT rolpassword LIKE 'SCRAM-SHA-256$%' "
                        + "FROM pg_authid WHERE rolname = 'postgres'");
                rows.next();
                assertTrue(rows.getBoolean(1), "the password is stored as a SCRAM verifier");
                ResultSet listen = connection.createStatement().executeQuery("SHOW listen_addresses");
                listen.next();
                assertEquals("localhost", listen.getString(1));
            }
        }
        try (EmbeddedPostgresServer again = EmbeddedPostgresServer.start(directory);
             Connection connection = connect(again.target("postgres"), again.target("postgres").password())) {
            ResultSet rows = connection.createStatement().executeQuery("SELECT id FROM kept");
            rows.next();
            assertEquals(42, rows.getInt(1), "a restart on the same data folder");
        }
    }

    @Test
    void a_data_folder_from_before_the_lock_is_locked_in_place_and_keeps_its_data(@TempDir Path data) throws Exception {
        Path directory = data.resolve("postgres");
        Files.createDirectories(directory);
        try (EmbeddedPostgres legacy = EmbeddedPostgres.builder().setDataDirectory(directory)
                .setCleanDataDirectory(false).setPort(FreePort.find()).start();
             Connection connection = legacy.getPostgresDatabase().getConnection()) {
            connection.createStatement().execute("CREATE TABLE legacy (id int)");
            connection.createStatement().execute("INSERT INTO legacy VALUES (7)");
        }
        assertTrue(Files.readString(directory.resolve("pg_hba.conf")).contains("trust"), "the old folder trusted everyone");

        try (EmbeddedPostgresServer upgraded = EmbeddedPostgresServer.start(directory)) {
            DatabaseTarget target = upgraded.target("postgres");
            assertThrows(SQLException.class, () -> connect(target, null).close(), "locked now");
            try (Connection connection = connect(target, target.password())) {
                ResultSet rows = connection.createStatement().executeQuery("SELECT id FROM legacy");
                rows.next();
                assertEquals(7, rows.getInt(1));
            }
            assertEquals(EmbeddedPostgresServer.HBA, Files.readString(directory.resolve("pg_hba.conf")));
        }
    }

    @Test
    void the_embedded_redis_demands_its_password_and_listens_on_loopback_only() {
        try (EmbeddedRedisServer redis = EmbeddedRedisServer.start()) {
            RedisTarget target = redis.target();
            assertTrue(target.password() != null && target.password().length() >= 32);
            try (Jedis anonymous = new Jedis(target.host(), target.port())) {
                JedisDataException refused = assertThrows(JedisDataException.class, () -> anonymous.set("opbx:auth:key:x", "1"));
                assertTrue(refused.getMessage().startsWith("NOAUTH"), refused.getMessage());
                assertThrows(JedisDataException.class, () -> anonymous.auth("not-the-password"));
            }
            try (Jedis jedis = new Jedis(target.host(), target.port())) {
                jedis.auth(target.password());
                assertEquals(List.of("bind", "127.0.0.1"), jedis.configGet("bind").entrySet().stream()
                        .flatMap(entry -> java.util.stream.Stream.of(entry.getKey(), entry.getValue())).toList());
            }
        }
    }
}
