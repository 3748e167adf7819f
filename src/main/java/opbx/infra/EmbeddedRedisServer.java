package opbx.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import opbx.config.RedisTarget;
import redis.embedded.RedisServer;

/**
 * The zero-setup Redis: a real redis-server from the embedded-redis binaries on a free loopback port (never 6379).
 * It keeps nothing on disk: Redis holds caches, counters and locks, which PostgreSQL or TTLs recreate. It is locked:
 * bound to loopback and with a password generated for this process ({@code requirepass}, written only to the
 * server's own 0600 configuration file), since anyone who can write a key such as {@code opbx:auth:key:<hash>} could
 * otherwise route calls as another organisation.
 */
public final class EmbeddedRedisServer implements AutoCloseable {

    private final int port;
    private final String password;
    private final RedisServer server;

    private EmbeddedRedisServer(int port) {
        this.port = port;
        this.password = StorePasswords.generate();
        try {
            this.server = RedisServer.newRedisServer()
                    .port(port)
                    .bind("127.0.0.1")
                    .setting("protected-mode yes")
                    .setting("requirepass " + password)
                    .setting("save \"\"")
                    .setting("appendonly no")
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException("the embedded Redis could not be prepared: " + e.getMessage(), e);
        }
    }

    public static EmbeddedRedisServer start() {
        EmbeddedRedisServer redis = new EmbeddedRedisServer(FreePort.find());
        redis.startAgain();
        return redis;
    }

    /** (Re)starts the server on the same port and password; tests use it with {@link #stop()} to simulate an outage. */
    public void startAgain() {
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException("the embedded Redis did not start on port " + port + ": " + e.getMessage(), e);
        }
    }

    public void stop() {
        try {
            server.stop();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public RedisTarget target() {
        return new RedisTarget("127.0.0.1", port, null, password, 0, false);
    }

    @Override
    public void close() {
        if (server.isActive()) {
            stop();
        }
    }
}
