package opbx.cloudonix;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * The outcome of one Cloudonix call: never an exception, so a caller can always commit its local write first and
 * turn a failure into a {@code cloudonix_warning} (control-plane spec §6.4).
 *
 * <p>A success has the HTTP status and the parsed body (null when Cloudonix sent none, e.g. 204). A failure has a
 * {@link Reason}, the HTTP status when one was received, and a human {@code error} text.
 */
public final class CloudonixResult {

    /** The failure reasons of §6.4 that a call itself can produce. */
    public enum Reason {
        API_REQUEST_FAILED, TIMEOUT, RATE_LIMITED, CIRCUIT_OPEN, UNEXPECTED_RESPONSE;

        /** The wire name, e.g. {@code api_request_failed}. */
        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final String operation;
    private final int status;
    private final JsonNode body;
    private final Reason reason;
    private final String error;

    private CloudonixResult(String operation, int status, JsonNode body, Reason reason, String error) {
        this.operation = operation;
        this.status = status;
        this.body = body;
        this.reason = reason;
        this.error = error;
    }

    static CloudonixResult success(String operation, int status, JsonNode body) {
        return new CloudonixResult(operation, status, body, null, null);
    }

    /** {@code status} 0 = no HTTP answer was received. */
    static CloudonixResult failure(String operation, Reason reason, int status, String error) {
        return new CloudonixResult(operation, status, null, Objects.requireNonNull(reason), Objects.requireNonNull(error));
    }

    public boolean ok() {
        return reason == null;
    }

    /** The operation name used in {@link #details()}, e.g. {@code create_subscriber}. */
    public String operation() {
        return operation;
    }

    /** The HTTP status Cloudonix answered; empty when no answer arrived (circuit open, timeout, connection error). */
    public OptionalInt status() {
        return status == 0 ? OptionalInt.empty() : OptionalInt.of(status);
    }

    /**
     * For a lookup ({@code get_subscriber}, {@code get_application}): true when it found the object, false when
     * Cloudonix answered 404. Only meaningful on a success.
     */
    public boolean found() {
        return ok() && status != 404;
    }

    /** True when Cloudonix answered exactly {@code code}. */
    public boolean hasStatus(int code) {
        return status == code;
    }

    /** The parsed body of a success; null for a failure or an empty answer. */
    public JsonNode body() {
        return body;
    }

    /** The failure reason; null for a success. */
    public Reason reason() {
        return reason;
    }

    /** E.g. "Cloudonix request failed with status 500"; null for a success. */
    public String error() {
        return error;
    }

    /**
     * The {@code details} of a §6.4 warning: {@code reason}, {@code operation}, and {@code status} when one was
     * received. A mutable map, so the caller can add e.g. {@code extension_number}.
     */
    public Map<String, Object> details() {
        if (ok()) {
            throw new IllegalStateException("a successful call has no failure details");
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("reason", reason.code());
        details.put("operation", operation);
        if (status != 0) {
            details.put("status", status);
        }
        return details;
    }

    @Override
    public String toString() {
        return ok()
                ? "CloudonixResult[" + operation + " ok " + status + "]"
                : "CloudonixResult[" + operation + " " + reason.code() + (status != 0 ? " " + status : "") + ": " + error + "]";
    }
}
