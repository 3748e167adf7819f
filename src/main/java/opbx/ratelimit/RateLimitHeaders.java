package opbx.ratelimit;

import io.javalin.http.Context;

/**
 * Writes a {@link RateLimiter.Decision} onto the response, for every route family (the API, the webhooks, the voice
 * routes): the {@code X-RateLimit-*} headers on every limited response and, for a refusal, a {@link RateLimited}
 * thrown for the error mapper, which answers it in the family's format with {@code Retry-After}. Headers are set
 * before throwing because the error mapper keeps them.
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
            throw new RateLimited(decision, message);
        }
    }
}
