package opbx.http;

import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import java.sql.SQLException;
import java.util.Arrays;
import java.sql.SQLTransientConnectionException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The REST API's error answers (control-plane spec §0.6): every error body has a top-level {@code message}, an
 * {@code error} object with {@code code}, {@code message} and {@code request_id}, and the top-level
 * {@code request_id}; 422 bodies add {@code errors} and {@code error.details}. Also how the database's refusals are
 * told apart. Which exception gets which answer, in every route family, is {@code opbx.app.ExceptionTable}.
 */
public final class ErrorMapper {

    private ErrorMapper() {
    }

    public static void respond(Context ctx, ApiException e) {
        ctx.status(e.status()).json(body(e, RequestIds.of(ctx)));
    }

    static Map<String, Object> body(ApiException e, String requestId) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", e.code());
        error.put("message", e.getMessage());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("message", e.getMessage());
        if (e instanceof ValidationException validation) {
            body.put("errors", validation.errors());
            error.put("details", validation.errors().entrySet().stream()
                    .flatMap(field -> field.getValue().stream()
                            .map(message -> Map.of("field", field.getKey(), "message", message)))
                    .toList());
        }
        error.put("request_id", requestId);
        body.put("error", error);
        body.put("request_id", requestId);
        body.putAll(e.extra());
        return body;
    }

    /** Javalin's own answers (no route, wrong method, body too large) in the same body shape. */
    public static ApiException fromJavalin(HttpResponseException e) {
        return switch (e.getStatus()) {
            case 404 -> new ApiException(404, "NOT_FOUND", "Route not found.");
            case 405 -> new ApiException(405, "METHOD_NOT_ALLOWED", "Method not allowed.");
            case 413 -> ApiException.payloadTooLarge();
            case 415 -> ApiException.unsupportedMediaType();
            case 400 -> ApiException.badRequest("Bad request.");
            default -> {
                HttpStatus status = HttpStatus.forStatus(e.getStatus());
                yield new ApiException(e.getStatus(), status.name(), status.getMessage() + ".");
            }
        };
    }

    public static boolean hasSqlState(Throwable e, String... states) {
        for (Throwable cause = e; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && Arrays.asList(states).contains(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /** A deadlock or serialization failure: the database refused one of two concurrent writes; retrying succeeds. */
    public static boolean isConcurrentWriteClash(Throwable e) {
        return hasSqlState(e, "40P01", "40001");
    }

    /** Connection failures (pool timeout, refused, server shutting down) rather than a bad statement. */
    public static boolean isDatabaseUnavailable(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLTransientConnectionException) {
                return true;
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P0"))) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }
}
