package opbx.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import opbx.config.RedisTarget;
import redis.embedded.RedisServer;

/**
 * The zero-setup Redis: a real redis-server from the embedded-redis binaries on a free loopback port (never 6379).
 * It keeps nothing on disk: Redis holds caches, counters and locks, which PostgreSQL or TTLs recreate. It is locked:
 * bound to loopback and with a password generated for this process ({@code requirepass}, written only to the
 * server's own 0600 configuration file), since anyone who can write a key such as {@code opbx:auth:key:<hash>} could
 * otherwise route calls as another organisation.
 */
public final class EmbeddedRedisServer implements AutoCloseable, Supervised {

    private final int port;
    private final String password;
    private final RedisServer server;
    /** The running redis-server, found when it started (it rewrites its own command line, so it cannot be found later). */
    private volatile ProcessHandle process;
    /** One start at a time in this JVM, so the new redis-server child is told apart from the others. */
    private static final Object STARTING = new Object();

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
            synchronized (STARTING) {
                Set<Long> before = redisChildren().map(ProcessHandle::pid).collect(Collectors.toSet());
                server.start();
                process = redisChildren().filter(child -> !before.contains(child.pid())).findFirst().orElse(null);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the embedded Redis did not start on port " + port + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String name() {
        return "redis";
    }

    /**
     * Whether its redis-server process runs (the library's own flag outlives a killed process); a process that could
     * not be identified at start is not judged.
     */
    @Override
    public boolean alive() {
        ProcessHandle running = process;
        return running == null || running.isAlive();
    }

    /** After a crash: the same port and password; Redis kept nothing, so everything in it is rebuilt on demand. */
    @Override
    public synchronized void restart() {
        try {
            server.stop();
        } catch (IOException | RuntimeException e) {
            // already dead
        }
        startAgain();
    }

    /** The redis-server process of this instance, while it runs. */
    public Optional<ProcessHandle> process() {
        return Optional.ofNullable(process).filter(ProcessHandle::isAlive);
    }

    private static Stream<ProcessHandle> redisChildren() {
        return ProcessHandle.current().children()
                .filter(child -> child.info().command().map(command -> command.contains("redis-server")).orElse(false));
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
