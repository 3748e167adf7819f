package opbx.cache;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes cache keys after a control-plane commit, and again about a second later to close the window in which a
 * concurrent reader reloads the old row (control-plane spec §0.5). Failures (Redis down) are logged and never fail
 * the request; TTLs bound what remains.
 */
public final class CacheInvalidator implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CacheInvalidator.class);
    private static final long SECOND_PASS_MS = 1_000;

    private final Redis redis;
    private final ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "opbx-cache-invalidate");
        thread.setDaemon(true);
        return thread;
    });

    public CacheInvalidator(Redis redis) {
        this.redis = redis;
    }

    /** Call after the transaction has committed. */
    public void afterCommit(String... keys) {
        if (keys.length == 0) {
            return;
        }
        delete(keys);
        later.schedule(() -> delete(keys), SECOND_PASS_MS, TimeUnit.MILLISECONDS);
    }

    private void delete(String[] keys) {
        try {
            redis.client().del(keys);
        } catch (RuntimeException e) {
            log.warn("cache invalidation of {} key(s) failed: {}", keys.length, e.toString());
        }
    }

    @Override
    public void close() {
        later.shutdownNow();
    }
}
