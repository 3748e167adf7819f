package opbx.http;

import io.javalin.http.Context;
import java.util.List;

/**
 * Headers every response carries (control-plane spec §0.1) and CORS on {@code /api/*} (§0.7): any origin by default,
 * or only those of {@code OPBX_CORS_ORIGINS}, echoed with {@code Vary: Origin}. Bearer tokens, never cookies, so no
 * credentials are allowed.
 */
public final class ResponseHeaders {

    private static final String ALLOW_METHODS = "GET, POST, PUT, PATCH, DELETE, OPTIONS";
    private static final String ALLOW_HEADERS = "Authorization, Content-Type, Accept, X-Request-Id, X-Requested-With";
    private static final String EXPOSE_HEADERS =
            "X-Request-Id, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset, Retry-After, Content-Disposition";

    private final List<String> allowedOrigins;

    /** @param allowedOrigins empty = any origin */
    public ResponseHeaders(List<String> allowedOrigins) {
        this.allowedOrigins = List.copyOf(allowedOrigins);
    }

    /** Sets the headers; returns true when the request was a CORS preflight that is now fully answered. */
    public boolean apply(Context ctx) {
        ctx.header("Cache-Control", "no-store");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Referrer-Policy", "strict-origin-when-cross-origin");
        if (!ctx.path().startsWith("/api/")) {
            return false;
        }
        applyCors(ctx);
        boolean preflight = "OPTIONS".equals(ctx.method().name());
        if (preflight) {
            ctx.status(204);
        }
        return preflight;
    }

    private void applyCors(Context ctx) {
        String origin = ctx.header("Origin");
        if (allowedOrigins.isEmpty()) {
            ctx.header("Access-Control-Allow-Origin", "*");
        } else {
            ctx.header("Vary", "Origin");
            if (origin == null || !allowedOrigins.contains(origin)) {
                return;
            }
            ctx.header("Access-Control-Allow-Origin", origin);
        }
        ctx.header("Access-Control-Allow-Methods", ALLOW_METHODS);
        ctx.header("Access-Control-Allow-Headers", ALLOW_HEADERS);
        ctx.header("Access-Control-Expose-Headers", EXPOSE_HEADERS);
        ctx.header("Access-Control-Max-Age", "600");
    }
}
