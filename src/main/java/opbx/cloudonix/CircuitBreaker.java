package opbx.cloudonix;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import opbx.cache.Redis;
import opbx.cache.RedisKeys;
import opbx.metrics.Meters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.params.SetParams;

/**
 * The per-organisation circuit breaker of control-plane spec §6.3, kept in Redis so every instance sees the same state.
 * The hash {@code opbx:{org}:cloudonix:breaker} holds {@code failures} (consecutive) and, while open,
 * {@code open_until} in the app clock's epoch millis; the half-open trial is a {@code SET NX} lock beside it.
 *
 * <p>Redis away means fail open: every call proceeds, with a warning once a minute.
 */
public final class CircuitBreaker {

    private static final Logger log = LoggerFactory.getLogger(CircuitBreaker.class);

    public static final int FAILURE_THRESHOLD = 5;
    public static final Duration OPEN_FOR = Duration.ofSeconds(60);
    /** Idle breaker state is garbage after this (real time); it never decides anything by expiring. */
    private static final int STATE_TTL_SECONDS = 3600;

    /** What a caller may do now. */
    public enum Permit {
        /** Closed: send. */
        PROCEED,
        /** Half-open: send; this call alone decides whether the breaker closes. */
        TRIAL,
        /** Open: fail with {@code circuit_open} and send nothing. */
        REJECT
    }

    /*
     * KEYS: breaker hash, trial lock. ARGV: was trial (0|1), now ms, threshold, open ms, ttl s.
     * A failure of a call that started before the breaker opened adds nothing; a trial's failure re-opens at once.
     * Returns 1 when this failure opened the breaker.
     */
    private static final RedisScript FAILURE = new RedisScript("""
            local open = redis.call('HGET', KEYS[1], 'open_until')
            local opened = 0
            if ARGV[1] == '1' then
                opened = 1
            elseif not open then
                if redis.call('HINCRBY', KEYS[1], 'failures', 1) >= tonumber(ARGV[3]) then
                    opened = 1
                end
            end
            if opened == 1 then
                redis.call('HSET', KEYS[1], 'open_until', tonumber(ARGV[2]) + tonumber(ARGV[4]), 'failures', 0)
                redis.call('DEL', KEYS[2])
            end
            redis.call('EXPIRE', KEYS[1], tonumber(ARGV[5]))
            return opened
            """);

    /*
     * KEYS: breaker hash, trial lock. ARGV: was trial (0|1). A trial's success closes the breaker; any other success
     * resets the count unless the breaker opened meanwhile (only the trial may close it).
     */
    private static final RedisScript SUCCESS = new RedisScript("""
            if ARGV[1] == '1' or redis.call('HEXISTS', KEYS[1], 'open_until') == 0 then
                redis.call('DEL', KEYS[1], KEYS[2])
            end
            return 0
            """);

    private final Redis redis;
    private final Clock clock;
    private final Duration trialLease;
    private final Meters meters;
    private final FailOpenWarning redisDown = new FailOpenWarning(log, "Cloudonix circuit breaker");

    /**
     * @param trialLease how long a trial lock outlives a crashed instance: longer than the longest call (pacing wait
     *                   plus request timeout), so two trials never overlap
     */
    public CircuitBreaker(Redis redis, Clock clock, Duration trialLease) {
        this(redis, clock, trialLease, Meters.NONE);
    }

    public CircuitBreaker(Redis redis, Clock clock, Duration trialLease, Meters meters) {
        this.redis = redis;
        this.clock = clock;
        this.trialLease = trialLease;
        this.meters = meters;
    }

    public Permit acquire(long organizationId) {
        try {
            String openUntil = redis.client().hget(stateKey(organizationId), "open_until");
            if (openUntil == null) {
                return Permit.PROCEED;
            }
            if (clock.millis() < Long.parseLong(openUntil)) {
                return Permit.REJECT;
            }
            String locked = redis.client().set(trialKey(organizationId), "1",
                    SetParams.setParams().nx().px(trialLease.toMillis()));
            return "OK".equals(locked) ? Permit.TRIAL : Permit.REJECT;
        } catch (RuntimeException e) {
            redisDown.warn(e);
            return Permit.PROCEED;
        }
    }

    /** Cloudonix answered as it should. */
    public void recordSuccess(long organizationId, Permit permit) {
        run(SUCCESS, organizationId, List.of(flag(permit)));
        if (permit == Permit.TRIAL) {
            log.info("Cloudonix circuit closed for organization {}: the trial call succeeded", organizationId);
        }
    }

    /** A connection error, timeout or 5xx (§6.3). */
    public void recordFailure(long organizationId, Permit permit) {
        Object opened = run(FAILURE, organizationId, List.of(flag(permit), Long.toString(clock.millis()),
                Integer.toString(FAILURE_THRESHOLD), Long.toString(OPEN_FOR.toMillis()), Integer.toString(STATE_TTL_SECONDS)));
        if (Long.valueOf(1).equals(opened)) {
            meters.circuitOpened();
            log.warn("Cloudonix circuit opened for organization {} for {} s: {}", organizationId, OPEN_FOR.toSeconds(),
                    permit == Permit.TRIAL ? "the trial call failed" : FAILURE_THRESHOLD + " consecutive failures");
        }
    }

    /**
     * An outcome that says nothing about Cloudonix's health (4xx, 429, a malformed answer, no pacing token): a trial
     * gives its lock back so the next call can be the trial.
     */
    public void recordNeutral(long organizationId, Permit permit) {
        if (permit != Permit.TRIAL) {
            return;
        }
        try {
            redis.client().del(trialKey(organizationId));
        } catch (RuntimeException e) {
            redisDown.warn(e);
        }
    }

    private Object run(RedisScript script, long organizationId, List<String> args) {
        try {
            return script.eval(redis, List.of(stateKey(organizationId), trialKey(organizationId)), args);
        } catch (RuntimeException e) {
            redisDown.warn(e);
            return null;
        }
    }

    private static String flag(Permit permit) {
        return permit == Permit.TRIAL ? "1" : "0";
    }

    static String stateKey(long organizationId) {
        return RedisKeys.tenant(organizationId, "cloudonix", "breaker");
    }

    private static String trialKey(long organizationId) {
        return RedisKeys.tenant(organizationId, "cloudonix", "breaker", "trial");
    }
}
