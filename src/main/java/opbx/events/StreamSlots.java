package opbx.events;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import opbx.cache.Redis;
import opbx.cache.RedisKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The open event streams of an organisation across all instances (execution-plane spec §12.2: at most 50), as a
 * sorted set {@code opbx:{o}:events:streams} of stream ids scored by when they lapse. Each heartbeat pushes its
 * stream's lapse further out, so the streams of an instance that crashed drop out within {@code lapseMillis}.
 * Redis unreachable: the limit is not enforced (fail open, as the rate limits), warned at most once a minute.
 */
final class StreamSlots {

    private static final Logger log = LoggerFactory.getLogger(StreamSlots.class);
    private static final long WARN_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

    /* KEYS: the set. ARGV: now ms, limit, stream id, lapse ms. Returns 1 when the stream got a slot. */
    private static final String ACQUIRE = """
            local now = tonumber(ARGV[1])
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
            if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then
                return 0
            end
            redis.call('ZADD', KEYS[1], now + tonumber(ARGV[4]), ARGV[3])
            redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[4]))
            return 1
            """;

    /* KEYS: the set. ARGV: now ms, stream id, lapse ms. */
    private static final String REFRESH = """
            redis.call('ZADD', KEYS[1], tonumber(ARGV[1]) + tonumber(ARGV[3]), ARGV[2])
            redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[3]))
            return 1
            """;

    private final Redis redis;
    private final Clock clock;
    private final int limit;
    private final long lapseMillis;
    private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - 2 * WARN_EVERY_NANOS);

    StreamSlots(Redis redis, Clock clock, int limit, long lapseMillis) {
        this.redis = redis;
        this.clock = clock;
        this.limit = limit;
        this.lapseMillis = lapseMillis;
    }

    int limit() {
        return limit;
    }

    /** True when the stream may open: under the limit, or Redis unreachable. */
    boolean acquire(long organizationId, String streamId) {
        try {
            Object admitted = redis.client().eval(ACQUIRE, List.of(key(organizationId)), List.of(
                    Long.toString(clock.millis()), Integer.toString(limit), streamId, Long.toString(lapseMillis)));
            return Long.valueOf(1).equals(admitted);
        } catch (JedisException e) {
            warn(e);
            return true;
        }
    }

    void refresh(long organizationId, String streamId) {
        try {
            redis.client().eval(REFRESH, List.of(key(organizationId)),
                    List.of(Long.toString(clock.millis()), streamId, Long.toString(lapseMillis)));
        } catch (JedisException e) {
            warn(e);
        }
    }

    void release(long organizationId, String streamId) {
        try {
            redis.client().zrem(key(organizationId), streamId);
        } catch (JedisException e) {
            warn(e);
        }
    }

    private static String key(long organizationId) {
        return RedisKeys.tenant(organizationId, "events", "streams");
    }

    private void warn(JedisException e) {
        long now = System.nanoTime();
        long last = lastWarning.get();
        if (now - last >= WARN_EVERY_NANOS && lastWarning.compareAndSet(last, now)) {
            log.warn("event stream limit not enforced: Redis unreachable ({})", e.toString());
        }
    }
}
