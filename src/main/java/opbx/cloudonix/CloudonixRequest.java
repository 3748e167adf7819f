package opbx.cloudonix;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One call as {@link CloudonixClient} describes it to {@link CloudonixHttp}.
 *
 * @param operation   the §6.4 operation name, e.g. {@code create_subscriber}
 * @param method      GET, POST, PUT, PATCH or DELETE
 * @param path        below the base URL, starting with a slash
 * @param body        the JSON to send, or null
 * @param expect      what a 2xx answer must hold
 * @param notFoundOk  a 404 counts as done (a delete of what is already gone, a lookup that found nothing)
 * @param emptyOn404  a 404 is the empty list (Cloudonix answers "No subscribers found" and the like for none)
 * @param secrets     values to scrub from any logged text besides the API key (e.g. the SIP password sent)
 */
record CloudonixRequest(String operation, String method, String path, JsonNode body, Expect expect, boolean notFoundOk,
                        boolean emptyOn404, List<String> secrets) {

    /** What a 2xx answer must hold; anything else is {@code unexpected_response}. */
    enum Expect {
        /** Whatever came, including nothing (204) */
        ANYTHING,
        OBJECT,
        ARRAY
    }

    static CloudonixRequest of(String operation, String method, String path, JsonNode body, Expect expect) {
        return new CloudonixRequest(operation, method, path, body, expect, false, false, List.of());
    }

    CloudonixRequest allowingNotFound() {
        return new CloudonixRequest(operation, method, path, body, expect, true, emptyOn404, secrets);
    }

    CloudonixRequest emptyWhenNotFound() {
        return new CloudonixRequest(operation, method, path, body, expect, notFoundOk, true, secrets);
    }

    CloudonixRequest scrubbing(List<String> values) {
        return new CloudonixRequest(operation, method, path, body, expect, notFoundOk, emptyOn404, values);
    }
}
