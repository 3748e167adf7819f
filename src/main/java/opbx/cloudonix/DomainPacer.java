package opbx.cloudonix;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import opbx.cache.Redis;
import opbx.cache.RedisKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each organisation's domain under Cloudonix's 10 requests per 10 s (control-plane spec §6.2): a token bucket of
 * 10, refilled 1 per second, in Redis ({@code opbx:{org}:cloudonix:pace}) so all instances draw from the same bucket.
 * Refill uses the app clock; waiting uses real time, so a pinned test clock cannot make a caller wait forever.
 *
 * <p>Redis away means the call proceeds: pacing protects Cloudonix's quota, it is not a reason to refuse service.
 */
public final class DomainPacer {

    private static final Logger log = LoggerFactory.getLogger(DomainPacer.class);

    public static final int CAPACITY = 10;
    private static final long MS_PER_TOKEN = 1000;
    /** A full refill takes 10 s; an idle bucket after that is just a full one. */
    private static final long STATE_TTL_MS = 20_000;

    /*
     * KEYS: bucket hash {tokens, at}. ARGV: mode (take|drain), now ms, capacity, ms per token, ttl ms.
     * Returns 0 when a token was taken, otherwise the ms until one will be there. Tokens are kept as a fraction so a
     * partly refilled token is not lost; `at` only moves forward, so instances with slightly different clocks agree.
     */
    private static final RedisScript SCRIPT = new RedisScript("""
            local now = tonumber(ARGV[2])
            local capacity = tonumber(ARGV[3])
            local per = tonumber(ARGV[4])
            local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
            local tokens = tonumber(state[1])
            local at = tonumber(state[2])
            if tokens == nil or at == nil then
                tokens = capacity
                at = now
            end
            if now > at then
                tokens = math.min(capacity, tokens + (now - at) / per)
                at = now
            end
            local wait = 0
            if ARGV[1] == 'drain' then
                tokens = 0
            elseif tokens >= 1 then
                tokens = tokens - 1
            else
                wait = math.ceil((1 - tokens) * per)
            end
            redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(at))
            redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[5]))
            return wait
            """);

    private final Redis redis;
    private final Clock clock;
    private final FailOpenWarning redisDown = new FailOpenWarning(log, "Cloudonix pacing");

    public DomainPacer(Redis redis, Clock clock) {
        this.redis = redis;
        this.clock = clock;
    }

    /**
     * Takes a token, waiting at most {@code maxWait}. False when none came in time: the caller must not send.
     *
     * @throws InterruptedException when the waiting thread is interrupted
     */
    public boolean acquire(long organizationId, Duration maxWait) throws InterruptedException {
        long deadline = System.nanoTime() + maxWait.toNanos();
        while (true) {
            long waitMs = run("take", organizationId);
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

    /** Empties the bucket after Cloudonix answered 429, so the next calls back off for a token's time. */
    public void drain(long organizationId) {
        run("drain", organizationId);
    }

    private long run(String mode, long organizationId) {
        try {
            Object wait = SCRIPT.eval(redis, List.of(key(organizationId)), List.of(mode, Long.toString(clock.millis()),
                    Integer.toString(CAPACITY), Long.toString(MS_PER_TOKEN), Long.toString(STATE_TTL_MS)));
            return (Long) wait;
        } catch (RuntimeException e) {
            redisDown.warn(e);
            return 0;
        }
    }

    static String key(long organizationId) {
        return RedisKeys.tenant(organizationId, "cloudonix", "pace");
    }
}
