package opbx.ratelimit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import opbx.cache.Redis;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * A decaying window limiter shared by all instances through Redis (control-plane spec §0.8, execution-plane spec
 * §11.1): two fixed one-minute buckets, estimate = previous × (1 − elapsed fraction of the current minute) + current,
 * and a request is admitted when estimate + 1 ≤ limit. Only admitted requests are counted, so a client that stops is
 * released as the previous bucket decays. Check and increment are one Lua script, so concurrent instances never
 * admit more than the limit between them.
 *
 * <p>Redis down means fail open: limiting is a protection, not a reason to refuse service.
 */
public final class RateLimiter {

    private static final Logger log = LoggerFactory.getLogger(RateLimiter.class);

    static final long BUCKET_MS = 60_000;
    private static final int BUCKET_TTL_SECONDS = 120;
    private static final int MAX_RETRY_AFTER_SECONDS = 60;

    /*
     * KEYS: current bucket, previous bucket. ARGV: mode, limit, ms into the current bucket, bucket ms, ttl seconds.
     * The comparison is multiplied out by the bucket length so it stays in integers (exact in Lua's doubles).
     * Returns {admitted 0|1, previous count, current count after any increment}.
     */
    private static final String SCRIPT = """
            local cur = tonumber(redis.call('GET', KEYS[1]) or '0')
            local prev = tonumber(redis.call('GET', KEYS[2]) or '0')
            local mode = ARGV[1]
            local admitted = 1
            if mode ~= 'count' then
                local limit = tonumber(ARGV[2])
                local elapsed = tonumber(ARGV[3])
                local bucket = tonumber(ARGV[4])
                if prev * (bucket - elapsed) + (cur + 1) * bucket > limit * bucket then
                    admitted = 0
                end
            end
            if admitted == 1 and mode ~= 'check' then
                cur = redis.call('INCR', KEYS[1])
                redis.call('EXPIRE', KEYS[1], tonumber(ARGV[5]))
            end
            return {admitted, prev, cur}
            """;
    private static final String SCRIPT_SHA = sha1(SCRIPT);

    /*
     * The same window, plus KEYS[3] read in the same round trip: the organisation's configuration version, so a voice
     * request learns whether it may go on and whether its configuration is current with one call to Redis. Returns
     * {admitted, previous, current, version or -1 when there is none}.
     */
    private static final String GATE_SCRIPT = SCRIPT.replace("return {admitted, prev, cur}",
            "return {admitted, prev, cur, tonumber(redis.call('GET', KEYS[3]) or '-1')}");
    private static final String GATE_SHA = sha1(GATE_SCRIPT);

    /** Last fail-open warning of this process, in nanoTime; shared so many limiters still warn once a minute. */
    private static final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - 2 * BUCKET_MS * 1_000_000);

    private final Redis redis;
    private final Clock clock;

    public RateLimiter(Redis redis, Clock clock) {
        this.redis = redis;
        this.clock = clock;
    }

    /**
     * The answer for one request. {@code remaining} is floor(limit − estimate), at least 0, after counting this
     * request when it was admitted; {@code retryAfterSeconds} is 0 when allowed, otherwise 1–60.
     * A {@code limit} of 0 means the limiter is off and no header should be written.
     */
    public record Decision(boolean allowed, int limit, long remaining, long resetEpochSeconds, long retryAfterSeconds) {

        static Decision unlimited() {
            return new Decision(true, 0, 0, 0, 0);
        }
    }

    /** Admits and counts the request, or refuses it uncounted. {@code keyPrefix} comes from {@link RateLimitKeys}. */
    public Decision attempt(String keyPrefix, int limit) {
        return run("attempt", keyPrefix, limit);
    }

    /** {@link #attempt} and the value of {@code versionKey}, in one round trip; see {@link Gate}. */
    public Gate attemptWithVersion(String keyPrefix, int limit, String versionKey) {
        long now = clock.millis();
        long bucket = Math.floorDiv(now, BUCKET_MS);
        long elapsed = Math.floorMod(now, BUCKET_MS);
        List<String> keys = List.of(keyPrefix + ":" + bucket, keyPrefix + ":" + (bucket - 1), versionKey);
        // A limit of 0 (off) still reads the version: the script counts, but nothing refuses.
        int effective = limit <= 0 ? Integer.MAX_VALUE : limit;
        List<?> result;
        try {
            result = (List<?>) eval(GATE_SHA, GATE_SCRIPT, keys, arguments("attempt", effective, elapsed));
        } catch (JedisException e) {
            warnFailOpen(e);
            return new Gate(limit <= 0 ? Decision.unlimited()
                    : new Decision(true, limit, limit - 1, (bucket + 1) * BUCKET_MS / 1000, 0), null, true);
        }
        long version = (Long) result.get(3);
        Decision decision = limit <= 0 ? Decision.unlimited() : decision(result, limit, bucket, elapsed);
        return new Gate(decision, version < 0 ? null : version, false);
    }

    /**
     * A rate decision and the configuration version read with it: {@code version} null when Redis holds none (or was
     * unreachable, {@code redisFailed}), so the caller reads PostgreSQL's.
     */
    public record Gate(Decision decision, Long version, boolean redisFailed) {
    }

    /** What {@link #attempt} would answer, without counting: for limiters that count only failures. */
    public Decision peek(String keyPrefix, int limit) {
        return run("check", keyPrefix, limit);
    }

    /** True when one more counted event would go over the limit (the {@code login_email} check before a login). */
    public boolean isBlocked(String keyPrefix, int limit) {
        return !peek(keyPrefix, limit).allowed();
    }

    /**
     * The current estimate of the window (previous bucket decayed plus current), rounded up; 0 when Redis is
     * unreachable. For counters that inform rather than refuse (failures per e-mail).
     */
    public long estimate(String keyPrefix) {
        Decision probe = run("check", keyPrefix, Integer.MAX_VALUE);
        return probe.limit() == 0 ? 0 : Math.max(0, Integer.MAX_VALUE - probe.remaining());
    }

    /** Counts one event regardless of the limit (a failed login for {@code login_email}). */
    public void countFailure(String keyPrefix) {
        run("count", keyPrefix, Integer.MAX_VALUE);
    }

    private Decision run(String mode, String keyPrefix, int limit) {
        if (limit <= 0) {
            return Decision.unlimited();
        }
        long now = clock.millis();
        long bucket = Math.floorDiv(now, BUCKET_MS);
        long elapsed = Math.floorMod(now, BUCKET_MS);
        List<String> keys = List.of(keyPrefix + ":" + bucket, keyPrefix + ":" + (bucket - 1));
        List<?> result;
        try {
            result = (List<?>) eval(SCRIPT_SHA, SCRIPT, keys, arguments(mode, limit, elapsed));
        } catch (JedisException e) {
            warnFailOpen(e);
            return new Decision(true, limit, limit - 1, (bucket + 1) * BUCKET_MS / 1000, 0);
        }
        return decision(result, limit, bucket, elapsed);
    }

    private static List<String> arguments(String mode, int limit, long elapsed) {
        return List.of(mode, Integer.toString(limit), Long.toString(elapsed), Long.toString(BUCKET_MS),
                Integer.toString(BUCKET_TTL_SECONDS));
    }

    private static Decision decision(List<?> result, int limit, long bucket, long elapsed) {
        long reset = (bucket + 1) * BUCKET_MS / 1000;
        boolean admitted = ((Long) result.get(0)) == 1L;
        long previous = (Long) result.get(1);
        long current = (Long) result.get(2);
        // floor(limit − estimate), with estimate = (previous × (B − e) + current × B) / B kept in integers.
        long headroom = (long) limit * BUCKET_MS - previous * (BUCKET_MS - elapsed) - current * BUCKET_MS;
        long remaining = Math.max(0, Math.floorDiv(headroom, BUCKET_MS));
        long retryAfter = admitted ? 0 : retryAfterSeconds(previous, current, limit, elapsed);
        return new Decision(admitted, limit, remaining, reset, retryAfter);
    }

    private Object eval(String sha, String script, List<String> keys, List<String> args) {
        try {
            return redis.client().evalsha(sha, keys, args);
        } catch (JedisNoScriptException e) {
            // First use on this Redis (or after a restart / SCRIPT FLUSH): EVAL also caches the script.
            return redis.client().eval(script, keys, args);
        }
    }

    /**
     * Seconds until estimate + 1 ≤ limit, assuming no other request is admitted meanwhile. Either the previous bucket
     * decays enough within this minute, or (current already at the limit) the current bucket must decay in the next
     * one. Capped at 60 s: the client then asks again and gets a fresh answer.
     */
    static long retryAfterSeconds(long previous, long current, int limit, long elapsed) {
        long spare = limit - 1 - current;
        long waitMs;
        if (spare >= 0 && previous > 0) {
            // previous × (B − e') ≤ spare × B  ⇔  e' ≥ B − spare × B / previous; the floor makes e' never early.
            long at = BUCKET_MS - Math.floorDiv(spare * BUCKET_MS, previous);
            waitMs = at - elapsed;
        } else if (spare < 0 && current > 0) {
            long at = BUCKET_MS - Math.floorDiv((limit - 1) * BUCKET_MS, current);
            waitMs = BUCKET_MS - elapsed + at;
        } else {
            waitMs = 1000;
        }
        long seconds = Math.floorDiv(waitMs + 999, 1000);
        return Math.max(1, Math.min(MAX_RETRY_AFTER_SECONDS, seconds));
    }

    private static void warnFailOpen(JedisException e) {
        long now = System.nanoTime();
        long last = lastWarning.get();
        if (now - last >= BUCKET_MS * 1_000_000 && lastWarning.compareAndSet(last, now)) {
            log.warn("rate limits not enforced: Redis unreachable ({}); letting requests through", e.toString());
        }
    }

    private static String sha1(String script) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(script.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every JRE", e);
        }
    }
}
