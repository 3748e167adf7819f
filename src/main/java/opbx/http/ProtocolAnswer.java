package opbx.http;

import java.util.Map;

/**
 * A refusal already in its route family's own format: a CXML document for the voice routes, a webhook JSON body for
 * the webhooks. Thrown by a handler that stops a request; {@link ErrorMapper} writes it, with its headers.
 */
public final class ProtocolAnswer extends RuntimeException {

    /** The request attribute holding a webhook endpoint's 500 body, for an unexpected failure of that endpoint. */
    public static final String WEBHOOK_FAILURE_BODY = "opbx.webhookFailureBody";

    private final int status;
    private final Object body;
    private final Map<String, String> headers;

    private ProtocolAnswer(int status, Object body, Map<String, String> headers) {
        super(null, null, false, false);
        this.status = status;
        this.body = body;
        this.headers = headers;
    }

    /** A CXML document with this status. */
    public static ProtocolAnswer cxml(int status, String document) {
        return new ProtocolAnswer(status, document, Map.of());
    }

    /** A JSON body with this status and headers. */
    public static ProtocolAnswer json(int status, Map<String, Object> body, Map<String, String> headers) {
        return new ProtocolAnswer(status, body, headers);
    }

    public int status() {
        return status;
    }

    /** A CXML {@code String}, or a JSON {@code Map}. */
    public Object body() {
        return body;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
