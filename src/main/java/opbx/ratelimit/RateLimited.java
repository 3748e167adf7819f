package opbx.ratelimit;

/**
 * A request a limiter refused. The error mapper answers it in the route family's format: the API's
 * {@code RATE_LIMITED} JSON with {@code retry_after}, the webhooks' "Rate limit exceeded" body, or a busy CXML for
 * the voice routes; always with {@code Retry-After}.
 */
public final class RateLimited extends RuntimeException {

    private final RateLimiter.Decision decision;

    public RateLimited(RateLimiter.Decision decision, String message) {
        super(message, null, false, false);
        this.decision = decision;
    }

    public RateLimiter.Decision decision() {
        return decision;
    }
}
