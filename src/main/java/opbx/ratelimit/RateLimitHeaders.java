package opbx.ratelimit;

import io.javalin.http.Context;
import java.util.Map;
import opbx.http.ApiException;

/**
 * Writes a {@link RateLimiter.Decision} onto the response (control-plane spec §0.8): the {@code X-RateLimit-*}
 * headers on every limited response, and for a refusal {@code Retry-After} plus a 429 thrown for the error mapper.
 * Headers are set before throwing because the error mapper keeps them.
 */
public final class RateLimitHeaders {

    public static final String DEFAULT_MESSAGE = "Too many requests. Please try again later.";
    public static final String LOGIN_MESSAGE = "Too many login attempts. Please try again later.";

    private RateLimitHeaders() {
    }

    /** Writes the headers; throws the 429 when the decision refused the request. */
    public static void apply(Context ctx, RateLimiter.Decision decision) {
        apply(ctx, decision, DEFAULT_MESSAGE);
    }

    /** As {@link #apply(Context, RateLimiter.Decision)}, with the 429's message (e.g. {@link #LOGIN_MESSAGE}). */
    public static void apply(Context ctx, RateLimiter.Decision decision, String message) {
        if (decision.limit() <= 0) {
            return; // limiter off: nothing to advertise
        }
        ctx.header("X-RateLimit-Limit", Integer.toString(decision.limit()));
        ctx.header("X-RateLimit-Remaining", Long.toString(decision.remaining()));
        ctx.header("X-RateLimit-Reset", Long.toString(decision.resetEpochSeconds()));
        if (!decision.allowed()) {
            long seconds = decision.retryAfterSeconds();
            ctx.header("Retry-After", Long.toString(seconds));
            throw new ApiException(429, "RATE_LIMITED", message, Map.of("retry_after", seconds));
        }
    }
}
