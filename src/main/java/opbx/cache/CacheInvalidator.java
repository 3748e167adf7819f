package opbx.cache;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;
import org.slf4j.LoggerFactory;

/**
 * After a control-plane commit: raises the configuration version of each organisation the keys belong to (routing
 * then reads the new configuration on its next call), and deletes the keys themselves (global lookups such as a
 * requests key's owner, round-robin pointers), again about a second later to close the window in which a concurrent
 * reader reloads the old row (control-plane spec §0.5). Failures (Redis down) are logged and never fail the request:
 * the periodic version sync and the lookups' own checks repair what a lost step leaves behind.
 */
public final class CacheInvalidator implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CacheInvalidator.class);
    private static final long SECOND_PASS_MS = 1_000;

    private static final Pattern TENANT_KEY = Pattern.compile("^opbx:\\{([0-9]{1,18})\\}:");

    private final Redis redis;
    private volatile LongConsumer organizationChanged = org -> { };
    private final ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "opbx-cache-invalidate");
        thread.setDaemon(true);
        return thread;
    });

    public CacheInvalidator(Redis redis) {
        this.redis = redis;
    }

    /** Who raises an organisation's configuration version (the routing path's {@code ConfigVersions}). */
    public void onOrganizationChanged(LongConsumer listener) {
        this.organizationChanged = listener;
    }

    /** Call after the transaction has committed. */
    public void afterCommit(String... keys) {
        if (keys.length == 0) {
            return;
        }
        Set<Long> organizations = new LinkedHashSet<>();
        for (String key : keys) {
            Matcher tenant = TENANT_KEY.matcher(key);
            if (tenant.find()) {
                organizations.add(Long.parseLong(tenant.group(1)));
            }
        }
        for (long organization : organizations) {
            try {
                organizationChanged.accept(organization);
            } catch (RuntimeException e) {
                log.warn("configuration version of organisation {} not raised: {}", organization, e.toString());
            }
        }
        delete(keys);
        later.schedule(() -> delete(keys), SECOND_PASS_MS, TimeUnit.MILLISECONDS);
    }

    /**
     * Removes every key of an organisation ({@code opbx:{o}:*}: its version, round-robin pointers, call state,
     * counters), for an organisation that is deleted; returns how many went.
     */
    public long forgetOrganization(long organizationId) {
        long removed = 0;
        try {
            ScanParams params = new ScanParams().match(RedisKeys.tenantPattern(organizationId)).count(500);
            String cursor = ScanParams.SCAN_POINTER_START;
            do {
                ScanResult<String> page = redis.client().scan(cursor, params);
                if (!page.getResult().isEmpty()) {
                    removed += redis.client().unlink(page.getResult().toArray(String[]::new));
                }
                cursor = page.getCursor();
            } while (!ScanParams.SCAN_POINTER_START.equals(cursor));
        } catch (RuntimeException e) {
            log.warn("keys of deleted organisation {} not all removed: {}", organizationId, e.toString());
        }
        return removed;
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
