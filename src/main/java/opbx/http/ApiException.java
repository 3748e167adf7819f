package opbx.http;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An error answer of the control plane (control-plane spec §0.6): status, {@code error.code}, message, and any extra
 * top-level fields the table lists ({@code references}, {@code retry_after}, {@code troubleshooting}). Handlers and
 * services throw it; {@link ErrorMapper} turns it into the body.
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final String code;
    private final Map<String, Object> extra;

    public ApiException(int status, String code, String message) {
        this(status, code, message, Map.of());
    }

    public ApiException(int status, String code, String message, Map<String, Object> extra) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.extra = new LinkedHashMap<>(extra);
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, "BAD_REQUEST", message);
    }

    public static ApiException malformedJson() {
        return badRequest("Malformed JSON body.");
    }

    public static ApiException unauthenticated() {
        return new ApiException(401, "UNAUTHENTICATED", "Unauthenticated.");
    }

    public static ApiException forbidden() {
        return new ApiException(403, "FORBIDDEN", "This action is unauthorized.");
    }

    /** 404 with "<Resource> not found.", the same whether the id is missing, foreign or soft-deleted. */
    public static ApiException notFound(String resource) {
        return new ApiException(404, "NOT_FOUND", resource + " not found.");
    }

    public static ApiException unsupportedMediaType() {
        return new ApiException(415, "UNSUPPORTED_MEDIA_TYPE", "Request body must be JSON.");
    }

    public static ApiException payloadTooLarge() {
        return new ApiException(413, "PAYLOAD_TOO_LARGE", "Request body too large.");
    }

    public static ApiException serviceUnavailable() {
        return new ApiException(503, "SERVICE_UNAVAILABLE", "Service temporarily unavailable.");
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public Map<String, Object> extra() {
        return extra;
    }
}
