package opbx.cloudonix;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One call as {@link CloudonixClient} describes it to {@link CloudonixHttp}.
 *
 * @param operation   the §6.4 operation name, e.g. {@code create_subscriber}
 * @param method      GET, POST, PUT or DELETE
 * @param path        below the base URL, starting with a slash
 * @param body        the JSON to send, or null
 * @param expect      what a 2xx answer must hold
 * @param notFoundOk  a 404 counts as done (a delete of what is already gone)
 * @param secrets     values to scrub from any logged text besides the API key (e.g. the SIP password sent)
 */
record CloudonixRequest(String operation, String method, String path, JsonNode body, Expect expect, boolean notFoundOk,
                        List<String> secrets) {

    /** What a 2xx answer must hold; anything else is {@code unexpected_response}. */
    enum Expect {
        /** Whatever came, including nothing (204) */
        ANYTHING,
        OBJECT,
        ARRAY
    }

    static CloudonixRequest of(String operation, String method, String path, JsonNode body, Expect expect) {
        return new CloudonixRequest(operation, method, path, body, expect, false, List.of());
    }

    CloudonixRequest allowingNotFound() {
        return new CloudonixRequest(operation, method, path, body, expect, true, secrets);
    }

    CloudonixRequest scrubbing(List<String> values) {
        return new CloudonixRequest(operation, method, path, body, expect, notFoundOk, values);
    }
}
