package opbx.recordings;

import static io.javalin.apibuilder.ApiBuilder.delete;
import static io.javalin.apibuilder.ApiBuilder.get;
import static io.javalin.apibuilder.ApiBuilder.patch;
import static io.javalin.apibuilder.ApiBuilder.path;
import static io.javalin.apibuilder.ApiBuilder.post;
import static io.javalin.apibuilder.ApiBuilder.put;

import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import opbx.access.Permission;
import opbx.http.ApiException;
import opbx.http.Feature;

/**
 * /api/v1/recordings (control-plane spec §3.16): recordings are out of scope, and these routes exist only so the SPA's
 * pages load. The list is always empty, every single recording is a 404, and writes are 501 once the role check has
 * passed; no handler reads the request (an upload's multipart body is never parsed).
 */
public final class RecordingsHandler implements Feature {

    private static final String RESOURCE = "Recording";

    @Override
    public void routes() {
        path("recordings", () -> {
            get(RecordingsHandler::list, Permission.RECORDINGS_READ);
            post(RecordingsHandler::notImplemented, Permission.RECORDINGS_WRITE);
            get("download", RecordingsHandler::notFound, Permission.RECORDINGS_READ);
            path("{id}", () -> {
                get(RecordingsHandler::notFound, Permission.RECORDINGS_READ);
                put(RecordingsHandler::notImplemented, Permission.RECORDINGS_WRITE);
                patch(RecordingsHandler::notImplemented, Permission.RECORDINGS_WRITE);
                delete(RecordingsHandler::notImplemented, Permission.RECORDINGS_WRITE);
                get("download", RecordingsHandler::notFound, Permission.RECORDINGS_READ);
            });
        });
    }

    /** The envelope of §0.4 with nothing in it, whatever the parameters. */
    private static void list(Context ctx) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("current_page", 1);
        meta.put("per_page", 20);
        meta.put("total", 0);
        meta.put("last_page", 1);
        meta.put("from", null);
        meta.put("to", null);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("data", List.of());
        body.put("meta", meta);
        ctx.json(body);
    }

    private static void notFound(Context ctx) {
        throw ApiException.notFound(RESOURCE);
    }

    private static void notImplemented(Context ctx) {
        throw new ApiException(501, "NOT_IMPLEMENTED", "Recordings are not available in this version.");
    }
}
