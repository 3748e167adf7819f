package opbx.webhooks;

import java.util.LinkedHashMap;
import java.util.Map;

/** The JSON bodies of the webhook endpoints (execution-plane spec §0.3, §9.1): {@code {"error", "message"}}. */
public final class WebhookResponses {

    private WebhookResponses() {
    }

    public static Map<String, Object> error(String error, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("message", message);
        return body;
    }

    static Map<String, Object> message(String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("message", message);
        return body;
    }

    /** 422: {@code {"error":"Validation failed","details":{field: reason}}}. */
    static Map<String, Object> validation(Map<String, String> details) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", "Validation failed");
        body.put("message", "The given data was invalid.");
        body.put("details", details);
        return body;
    }
}
