package opbx.health;

import java.sql.Connection;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import javax.sql.DataSource;
import opbx.cache.Redis;

/**
 * Pings PostgreSQL and Redis, each bounded to 200 ms (execution-plane spec §1.4): Redis down is "degraded" (the
 * product still works from PostgreSQL), PostgreSQL down is "unhealthy".
 */
public final class HealthService implements AutoCloseable {

    private static final long PING_TIMEOUT_MS = 200;

    private final DataSource dataSource;
    private final Redis redis;
    private final Clock clock;
    private volatile Supplier<String> events = () -> "idle";
    // Pings run here so a hung connection attempt costs the caller 200 ms, not the pool's connection timeout.
    private final ExecutorService pings = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "opbx-health-ping");
        thread.setDaemon(true);
        return thread;
    });

    public HealthService(DataSource dataSource, Redis redis, Clock clock) {
        this.dataSource = dataSource;
        this.redis = redis;
        this.clock = clock;
    }

    public HealthReport check() {
        CompletableFuture<Boolean> database = ping(this::databaseAnswers);
        CompletableFuture<Boolean> cache = ping(redis::ping);
        return HealthReport.of(result(database), result(cache), events.get(), clock.instant());
    }

    /**
     * Where {@code services.events} comes from: the event subscription's state ({@code idle}, {@code subscribed},
     * {@code reconnecting}). Informative only: events are at most once, so they never change {@code status}.
     */
    public void watchEvents(Supplier<String> state) {
        this.events = state;
    }

    private boolean databaseAnswers() {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(1);
        } catch (Exception e) {
            return false;
        }
    }

    private CompletableFuture<Boolean> ping(BooleanSupplier probe) {
        return CompletableFuture.supplyAsync(probe::getAsBoolean, pings);
    }

    private static boolean result(CompletableFuture<Boolean> ping) {
        try {
            return ping.get(PING_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            return false;
        }
    }

    @Override
    public void close() {
        pings.shutdownNow();
    }
}
