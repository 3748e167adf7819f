package opbx.cloudonix;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import opbx.cache.Redis;
import opbx.cache.RedisKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each organisation's domain under Cloudonix's request limit: at most 10 requests in any 10 s. Cloudonix's
 * published API description says 10 per 3 s and its developer pages 10 per 10 s; the stricter one is kept. A sliding
 * log in Redis ({@code opbx:{org}:cloudonix:pace}, the send times of the last 10 s) rather than a token bucket, which
 * would let 19 through in 10 s; all instances draw from the same log. After a 429, {@link #hold} keeps every instance
 * from sending to the domain until the time Cloudonix gave ({@code opbx:{org}:cloudonix:hold}). Both use the app
 * clock; waiting uses real time, so a pinned test clock cannot make a caller wait forever.
 *
 * <p>Redis away means the call proceeds: pacing protects Cloudonix's quota, it is not a reason to refuse service.
 */
public final class DomainPacer {

    private static final Logger log = LoggerFactory.getLogger(DomainPacer.class);

    public static final int CAPACITY = 10;
    public static final Duration WINDOW = Duration.ofSeconds(10);

    /*
     * KEYS: the send log (zset: member per send, score = ms), the hold (ms until which nothing is sent).
     * ARGV: mode (take|hold), now ms, window ms, limit, hold ms, a member unique to this send.
     * Returns 0 when the send may go now (and logs it), otherwise the ms to wait before asking again.
     */
    private static final RedisScript SCRIPT = new RedisScript("""
            local now = tonumber(ARGV[2])
            local window = tonumber(ARGV[3])
            local hold = tonumber(redis.call('GET', KEYS[2]) or '0')
            if ARGV[1] == 'hold' then
                local untilMs = now + tonumber(ARGV[5])
                if untilMs > hold then
                    redis.call('SET', KEYS[2], tostring(untilMs), 'PX', tonumber(ARGV[5]))
                end
                return 0
            end
            if hold > now then
                return hold - now
            end
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
            if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[4]) then
                redis.call('ZADD', KEYS[1], now, ARGV[6])
                redis.call('PEXPIRE', KEYS[1], window)
                return 0
            end
            local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
            return math.max(1, tonumber(oldest[2]) + window - now)
            """);

    private final Redis redis;
    private final Clock clock;
    private final FailOpenWarning redisDown = new FailOpenWarning(log, "Cloudonix pacing");

    public DomainPacer(Redis redis, Clock clock) {
        this.redis = redis;
        this.clock = clock;
    }

    /**
     * Takes a place in the domain's window, waiting at most {@code maxWait}. False when none came in time: the caller
     * must not send.
     *
     * @throws InterruptedException when the waiting thread is interrupted
     */
    public boolean acquire(long organizationId, Duration maxWait) throws InterruptedException {
        long deadline = System.nanoTime() + maxWait.toNanos();
        while (true) {
            long waitMs = run("take", organizationId, 0);
            if (waitMs <= 0) {
                return true;
            }
            long leftMs = (deadline - System.nanoTime()) / 1_000_000;
            if (leftMs <= 0) {
                return false;
            }
            Thread.sleep(Math.min(waitMs, leftMs));
        }
    }

    /** After Cloudonix answered 429: nothing is sent to the domain, from any instance, for {@code wait}. */
    public void hold(long organizationId, Duration wait) {
        run("hold", organizationId, Math.max(1, wait.toMillis()));
    }

    private long run(String mode, long organizationId, long holdMs) {
        try {
            Object wait = SCRIPT.eval(redis, List.of(key(organizationId), holdKey(organizationId)), List.of(mode,
                    Long.toString(clock.millis()), Long.toString(WINDOW.toMillis()), Integer.toString(CAPACITY),
                    Long.toString(holdMs), UUID.randomUUID().toString()));
            return (Long) wait;
        } catch (RuntimeException e) {
            redisDown.warn(e);
            return 0;
        }
    }

    static String holdKey(long organizationId) {
        return RedisKeys.tenant(organizationId, "cloudonix", "hold");
    }

    static String key(long organizationId) {
        return RedisKeys.tenant(organizationId, "cloudonix", "pace");
    }
}
