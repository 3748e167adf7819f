package opbx.http;

import io.javalin.http.Context;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The request id (control-plane spec §0.7): an incoming {@code X-Request-Id} of 1-64 safe characters is kept,
 * otherwise a UUID is generated; it is echoed in the response header, error bodies, the audit log and log lines.
 */
public final class RequestIds {

    public static final String HEADER = "X-Request-Id";
    private static final String ATTRIBUTE = "opbx.requestId";
    private static final Pattern ACCEPTED = Pattern.compile("^[A-Za-z0-9._-]{1,64}$");

    private RequestIds() {
    }

    /** Runs first for every request. */
    public static void assign(Context ctx) {
        String incoming = ctx.header(HEADER);
        String id = incoming != null && ACCEPTED.matcher(incoming).matches() ? incoming : UUID.randomUUID().toString();
        ctx.attribute(ATTRIBUTE, id);
        ctx.header(HEADER, id);
    }

    /** The id of this request; assigned on first use if the before-handler has not run (e.g. very early errors). */
    public static String of(Context ctx) {
        String id = ctx.attribute(ATTRIBUTE);
        if (id == null) {
            assign(ctx);
            id = ctx.attribute(ATTRIBUTE);
        }
        return id;
    }
}
