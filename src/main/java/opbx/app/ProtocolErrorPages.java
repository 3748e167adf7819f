package opbx.app;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import opbx.voice.Cxml;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors Jetty answers before the app sees the request (a URI too long, an ambiguous path): no HTML page and no
 * trace (control-plane spec §0.6, execution-plane spec §0.3). Voice paths get CXML, everything else the JSON error body.
 */
final class ProtocolErrorPages extends ErrorHandler {

    /** Paths Cloudonix calls during a live call, which answer CXML whatever happens. */
    static boolean isVoicePath(String path) {
        return path.startsWith("/api/voice/") || path.startsWith("/api/callbacks/")
                || path.equals("/api/webhooks/cloudonix/call-initiated");
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) throws IOException {
        String path = request.getHttpURI() == null ? "" : String.valueOf(request.getHttpURI().getPath());
        boolean voice = isVoicePath(path);
        String requestId = UUID.randomUUID().toString();
        String text = code == 414 || code == 431 ? "Request too large." : "Bad request.";
        String body;
        if (voice) {
            body = Cxml.authError("Bad request. " + text);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, Cxml.CONTENT_TYPE);
        } else {
            body = "{\"message\":\"" + text + "\",\"error\":{\"code\":\"BAD_REQUEST\",\"message\":\"" + text
                    + "\",\"request_id\":\"" + requestId + "\"},\"request_id\":\"" + requestId + "\"}";
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        }
        response.getHeaders().put("X-Request-Id", requestId);
        response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
    }
}
