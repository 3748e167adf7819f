package opbx.ratelimit;

import java.util.Locale;
import opbx.cache.RedisKeys;

/**
 * The key prefixes of the limiters of control-plane spec §0.8; {@link RateLimiter} appends {@code :<epoch minute>}.
 * Per-address and per-email counters exist before any organisation is known, so they are global keys; the others are
 * tenant keys, which also keeps each pair of buckets in one Redis Cluster slot.
 */
public final class RateLimitKeys {

    private RateLimitKeys() {
    }

    /** {@code login}: login and signup attempts per client address. */
    public static String login(String clientIp) {
        return RedisKeys.global("rl", "login", clientIp);
    }

    /** {@code login_email}: failed logins per lower-cased email, whichever address they come from. */
    public static String loginEmail(String email) {
        return RedisKeys.global("rl", "login_email", email.trim().toLowerCase(Locale.ROOT));
    }

    /** {@code login_pair}: failed logins per lower-cased email and client address. */
    public static String loginPair(String email, String clientIp) {
        return RedisKeys.global("rl", "login_pair", email.trim().toLowerCase(Locale.ROOT), clientIp);
    }

    /** {@code sensitive}: password, secret and organisation changes per user. */
    public static String sensitive(long organizationId, long userId) {
        return RedisKeys.tenant(organizationId, "rl", "sensitive", "u" + userId);
    }

    /** {@code api}: every authenticated {@code /api/v1} request per user. */
    public static String api(long organizationId, long userId) {
        return RedisKeys.tenant(organizationId, "rl", "api", "u" + userId);
    }

    /** {@code org}: every authenticated {@code /api/v1} request of one organisation (off unless configured). */
    public static String org(long organizationId) {
        return RedisKeys.tenant(organizationId, "rl", "org");
    }

    /** {@code voice}: the voice routes of one organisation (execution-plane spec §11). */
    public static String voice(long organizationId) {
        return RedisKeys.tenant(organizationId, "rl", "voice");
    }

    /** {@code webhook}: the webhook routes of one organisation (execution-plane spec §11). */
    public static String webhook(long organizationId) {
        return RedisKeys.tenant(organizationId, "rl", "webhook");
    }

    /** Failed voice or webhook authentications per client address (execution-plane spec §11.2). */
    public static String authFailures(String clientIp) {
        return RedisKeys.global("rl", "authfail", clientIp);
    }
}
