package opbx.http;

import io.javalin.http.Context;

/**
 * A free-text query filter (control-plane spec §0.4): trimmed, at most 100 characters, blank = absent. U+0000 cannot
 * match stored text and is dropped before it can reach a statement.
 */
public final class QueryText {

    private static final int MAX_LENGTH = 100;

    private QueryText() {
    }

    /** The trimmed value of {@code name}, or null when absent or blank. */
    public static String of(Context ctx, String name) {
        String raw = ctx.queryParam(name);
        String cleaned = raw == null ? null : raw.replace("\u0000", "").trim();
        if (cleaned == null || cleaned.isEmpty()) {
            return null;
        }
        return cleaned.length() > MAX_LENGTH ? cleaned.substring(0, MAX_LENGTH) : cleaned;
    }
}
