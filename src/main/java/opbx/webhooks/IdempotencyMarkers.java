package opbx.webhooks;

import opbx.cache.RedisKeys;
import opbx.cache.RedisWrites;
import opbx.voice.RoutingCache;
import redis.clients.jedis.params.SetParams;

/**
 * The Redis fast path of webhook idempotency (execution-plane spec §9.1): {@code opbx:{o}:idem:{kind}:{key}}, kept
 * 86400 s. PostgreSQL's unique keys are the guarantee; the marker only spares the database a known repeat.
 *
 * <p>A marker is written {@code pending} before processing and turned {@code done} after commit. Only a {@code done}
 * marker answers "duplicate" without the database: a delivery that finds a {@code pending} one goes on to its
 * {@code INSERT ... ON CONFLICT DO NOTHING}, which waits for the first delivery's transaction and then either
 * conflicts (stored once) or inserts (the first one failed). So a concurrent retry is never told "duplicate" about a
 * write that then rolls back. A failure deletes the marker this delivery wrote, so errors are never remembered.
 */
final class IdempotencyMarkers {

    static final int TTL_SECONDS = 86_400;
    private static final String PENDING = "pending";
    private static final String DONE = "done";

    /** What the marker said. {@code UNKNOWN} means Redis was not usable: the database decides alone. */
    enum Claim { CLAIMED, IN_FLIGHT, DONE, UNKNOWN }

    private final RoutingCache cache;

    IdempotencyMarkers(RoutingCache cache) {
        this.cache = cache;
    }

    Claim claim(long org, String kind, String key) {
        if (!cache.usable()) {
            return Claim.UNKNOWN;
        }
        String marker = marker(org, kind, key);
        try {
            // Two commands rather than SET NX GET, which needs Redis 7; a marker gone in between reads as in flight.
            String set = cache.redis().client().set(marker, PENDING, SetParams.setParams().nx().ex(TTL_SECONDS));
            if ("OK".equals(set)) {
                cache.succeeded();
                return Claim.CLAIMED;
            }
            String previous = cache.redis().client().get(marker);
            cache.succeeded();
            return DONE.equals(previous) ? Claim.DONE : Claim.IN_FLIGHT;
        } catch (RuntimeException e) {
            cache.failed(e);
            return Claim.UNKNOWN;
        }
    }

    /** After commit: later repeats are answered from Redis; sent with the delivery's events in one round trip. */
    void done(long org, String kind, String key, RedisWrites writes) {
        if (cache.usable()) {
            String marker = marker(org, kind, key);
            writes.add(pipeline -> pipeline.setex(marker, TTL_SECONDS, DONE));
        }
    }

    /** Sends what a delivery left to write after its commit (marker, events); a failure is only counted. */
    void flush(RedisWrites writes) {
        if (writes.isEmpty() || !cache.usable()) {
            return;
        }
        try {
            writes.flush(cache.redis());
            cache.succeeded();
        } catch (RuntimeException e) {
            cache.failed(e);
        }
    }

    /** After a failure of the delivery that claimed the marker: a retry is processed. */
    void release(long org, String kind, String key) {
        if (!cache.usable()) {
            return;
        }
        try {
            cache.redis().client().del(marker(org, kind, key));
            cache.succeeded();
        } catch (RuntimeException e) {
            cache.failed(e);
        }
    }

    private static String marker(long org, String kind, String key) {
        return RedisKeys.tenant(org, "idem", kind, key);
    }
}
