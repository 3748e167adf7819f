package opbx.http;

import io.javalin.http.Context;
import java.util.Optional;

/**
 * The organisation a request acts for, once authentication has found it (the caller's token, a voice requests key, a
 * webhook's credentials), so the request log line can name it.
 */
public final class RequestOrganization {

    private static final String ATTRIBUTE = "opbx.organizationId";

    private RequestOrganization() {
    }

    public static void set(Context ctx, long organizationId) {
        ctx.attribute(ATTRIBUTE, organizationId);
    }

    public static Optional<Long> of(Context ctx) {
        return Optional.ofNullable(ctx.attribute(ATTRIBUTE));
    }
}
