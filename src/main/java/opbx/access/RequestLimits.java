package opbx.access;

import io.javalin.http.Context;
import opbx.config.Config;
import opbx.ratelimit.RateLimitHeaders;
import opbx.ratelimit.RateLimitKeys;
import opbx.ratelimit.RateLimiter;

/**
 * The control plane's limiters (control-plane spec §0.8) applied to a request: {@code login} per client IP (failed
 * logins per e-mail are {@code opbx.auth.LoginGuard}'s), {@code sensitive} and {@code api} per user, the optional
 * {@code org} ceiling. Counters live in Redis so every instance shares them; limited responses carry the
 * {@code X-RateLimit-*} headers and a 429 adds {@code Retry-After}.
 */
public final class RequestLimits {

    private final RateLimiter limiter;
    private final Config.RateLimits limits;

    public RequestLimits(RateLimiter limiter, Config.RateLimits limits) {
        this.limiter = limiter;
        this.limits = limits;
    }

    public void login(Context ctx, String ip) {
        RateLimitHeaders.apply(ctx, limiter.attempt(RateLimitKeys.login(ip), limits.login()), RateLimitHeaders.LOGIN_MESSAGE);
    }

    /**
     * One request against the caller's {@code sensitive} limit (10 a minute) from a handler that decides per request:
     * a write that tests the current password, or a uniqueness check that says whether a secret exists elsewhere.
     */
    public void sensitive(Context ctx, Caller caller) {
        RateLimitHeaders.apply(ctx, limiter.attempt(RateLimitKeys.sensitive(caller.organizationId(), caller.userId()),
                limits.sensitive()));
    }

    /** Every authenticated request counts here; sensitive routes count against their own limit too. */
    public void authenticated(Context ctx, Caller caller, Permission permission) {
        RateLimitHeaders.apply(ctx, limiter.attempt(RateLimitKeys.api(caller.organizationId(), caller.userId()), limits.api()));
        RateLimitHeaders.apply(ctx, limiter.attempt(RateLimitKeys.org(caller.organizationId()), limits.organization()));
        if (permission.sensitive()) {
            RateLimitHeaders.apply(ctx, limiter.attempt(
                    RateLimitKeys.sensitive(caller.organizationId(), caller.userId()), limits.sensitive()));
        }
    }
}
