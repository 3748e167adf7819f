package opbx.infra;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the embedded stores once a second and starts a dead one again on the same data folder, port and password,
 * so the single jar heals itself: the connection pools reconnect to the same address, and everything that depends on
 * the store (health, rate limits, events, routing from Redis) comes back on its own. Each restart is logged and
 * counted ({@code onRestart}); a restart that fails is tried again at the next tick.
 */
public final class StoreSupervisor implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StoreSupervisor.class);
    private static final long PERIOD_MS = 1000;

    private final List<Supervised> stores;
    private final Consumer<String> onRestart;
    private final ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "opbx-store-supervisor");
        thread.setDaemon(true);
        return thread;
    });

    private StoreSupervisor(List<Supervised> stores, Consumer<String> onRestart) {
        this.stores = List.copyOf(stores);
        this.onRestart = onRestart;
    }

    /** Starts watching; {@code onRestart} gets the store's name after each successful restart. */
    public static StoreSupervisor watch(List<Supervised> stores, Consumer<String> onRestart) {
        StoreSupervisor supervisor = new StoreSupervisor(stores, onRestart);
        if (!stores.isEmpty()) {
            supervisor.ticks.scheduleWithFixedDelay(supervisor::check, PERIOD_MS, PERIOD_MS, TimeUnit.MILLISECONDS);
        }
        return supervisor;
    }

    private void check() {
        for (Supervised store : stores) {
            try {
                if (!store.alive()) {
                    log.warn("the embedded {} is not running: starting it again on the same data and port", store.name());
                    store.restart();
                    onRestart.accept(store.name());
                    log.warn("the embedded {} is back", store.name());
                }
            } catch (RuntimeException e) {
                log.error("the embedded {} could not be started again ({}); trying again in {} ms", store.name(),
                        e.toString(), PERIOD_MS);
            }
        }
    }

    @Override
    public void close() {
        ticks.shutdownNow();
        try {
            ticks.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
