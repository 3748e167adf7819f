package opbx.http;

/**
 * Which protocol a path answers in, errors included: the REST API's JSON error body, the webhooks' own JSON, or CXML
 * for the voice routes Cloudonix reads during a call (it reads CXML whatever the status).
 */
public enum RouteFamily {
    API,
    WEBHOOK,
    VOICE;

    public static RouteFamily of(String path) {
        if (path.startsWith("/api/voice/") || path.startsWith("/api/callbacks/")
                || path.equals("/api/webhooks/cloudonix/call-initiated")) {
            return VOICE;
        }
        if (path.startsWith("/api/webhooks/cloudonix/")) {
            return WEBHOOK;
        }
        return API;
    }
}
