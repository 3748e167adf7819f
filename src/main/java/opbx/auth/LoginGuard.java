package opbx.auth;

import io.javalin.http.Context;
import java.time.Duration;
import java.util.Locale;
import opbx.cache.Redis;
import opbx.cache.RedisKeys;
import opbx.metrics.Meters;
import opbx.ratelimit.RateLimitHeaders;
import opbx.ratelimit.RateLimitKeys;
import opbx.ratelimit.RateLimiter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.SetParams;

/**
 * Password guessing without lock-outs (issue 14, item 2). Three counters, all in Redis so every instance shares them:
 * <ul>
 * <li>every attempt per client address ({@code login}, 5 a minute, in {@code RequestLimits}): an address guesses
 *     slowly whichever e-mails it tries;</li>
 * <li>failures per (e-mail, address) ({@code login_pair}, {@code OPBX_RATE_LIMIT_LOGIN_EMAIL_PER_MIN}, 10): past it
 *     that address gets 429 for that e-mail, and only that address;</li>
 * <li>failures per e-mail from any address ({@code login_email}): never a refusal. Past the same limit the e-mail is
 *     under attack: answers to addresses that have not logged in to it before are held back, longer as failures grow
 *     (up to {@link #MAX_DELAY}), and the attack shows in the log and in {@code opbx_auth_logins_total}.</li>
 * </ul>
 * A correct password from an address that has not itself failed too often is therefore always accepted: a campaign
 * from many addresses is slowed, never turned into a lock-out of the owner. Redis down: nothing is limited.
 */
public final class LoginGuard {

    private static final Logger log = LoggerFactory.getLogger(LoginGuard.class);
    static final Duration STEP = Duration.ofMillis(200);
    static final Duration MAX_DELAY = Duration.ofSeconds(3);
    private static final long KNOWN_TTL_SECONDS = 30L * 24 * 3600;
    private static final long ALERT_EVERY_SECONDS = 60;

    private final RateLimiter limiter;
    private final Redis redis;
    private final int failureLimit;
    private final Meters meters;

    public LoginGuard(RateLimiter limiter, Redis redis, int failureLimit, Meters meters) {
        this.limiter = limiter;
        this.redis = redis;
        this.failureLimit = failureLimit;
        this.meters = meters;
    }

    /**
     * Before the password is checked: a 429 (thrown) when this address failed too often for this e-mail; otherwise how
     * long to hold the answer back (zero unless the e-mail is under attack and the address is new to it).
     */
    public Duration admit(Context ctx, String email, String ip) {
        RateLimiter.Decision pair = limiter.peek(RateLimitKeys.loginPair(email, ip), failureLimit);
        if (!pair.allowed()) {
            meters.login("throttled");
            RateLimitHeaders.apply(ctx, pair, RateLimitHeaders.LOGIN_MESSAGE);
        }
        if (failureLimit <= 0) {
            return Duration.ZERO;
        }
        long failures = limiter.estimate(RateLimitKeys.loginEmail(email));
        if (failures < failureLimit || known(email, ip)) {
            return Duration.ZERO;
        }
        alert(email, failures);
        meters.login("delayed");
        long steps = failures - failureLimit + 1;
        return STEP.multipliedBy(steps).compareTo(MAX_DELAY) > 0 ? MAX_DELAY : STEP.multipliedBy(steps);
    }

    public void failed(String email, String ip) {
        meters.login("failed");
        if (failureLimit > 0) {
            limiter.countFailure(RateLimitKeys.loginPair(email, ip));
            limiter.countFailure(RateLimitKeys.loginEmail(email));
        }
    }

    /** The address becomes known to the e-mail for 30 days: it is never held back while the e-mail is under attack. */
    public void succeeded(String email, String ip) {
        meters.login("succeeded");
        try {
            redis.client().setex(knownKey(email, ip), KNOWN_TTL_SECONDS, "1");
        } catch (JedisException e) {
            log.debug("login address not remembered: {}", e.toString());
        }
    }

    private boolean known(String email, String ip) {
        try {
            return redis.client().exists(knownKey(email, ip));
        } catch (JedisException e) {
            return false;
        }
    }

    /** One warning a minute per e-mail under attack, whichever instance sees it first. */
    private void alert(String email, long failures) {
        try {
            String key = RedisKeys.global("login", "alert", Tokens.sha256Hex(normalized(email)));
            if ("OK".equals(redis.client().set(key, "1", SetParams.setParams().nx()
                    .ex(ALERT_EVERY_SECONDS)))) {
                log.warn("login_under_attack: {} failed logins in the last minute for {} from several addresses; "
                        + "answers to new addresses are delayed", failures, masked(email));
            }
        } catch (JedisException e) {
            log.debug("login alert not deduplicated: {}", e.toString());
        }
    }

    private static String knownKey(String email, String ip) {
        return RedisKeys.global("login", "ok", Tokens.sha256Hex(normalized(email)), ip);
    }

    private static String normalized(String email) {
        return email.trim().toLowerCase(Locale.ROOT);
    }

    /** {@code j***@example.com}: enough for the engineer on call to find the account, not to copy the address. */
    static String masked(String email) {
        String value = normalized(email);
        int at = value.indexOf('@');
        return at <= 0 ? "***" : value.charAt(0) + "***" + value.substring(at);
    }
}
