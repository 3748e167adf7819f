package opbx.badinput;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import opbx.support.HttpTestClient.Response;

/** What every answer to bad input must look like, whatever the case: the checks shared by the bad-input tests. */
final class Answers {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final List<String> TRACE_MARKS = List.of("Exception", "at opbx.", "at java.", "org.jooq", "org.postgresql",
            "SQLState", "<html");

    private Answers() {
    }

    /** Voice routes answer CXML, success or error (execution-plane spec §0.2); everything else answers JSON. */
    static boolean isCxmlRoute(String path) {
        return path.startsWith("/api/voice/") && !path.startsWith("/api/voice/health")
                || path.startsWith("/api/callbacks/") || path.startsWith("/api/webhooks/cloudonix/call-initiated");
    }

    /** No 5xx beyond the route's documented ones, no trace, and the content type of the route's plane. */
    static List<String> clean(String path, Response response, Set<Integer> allowed5xx) {
        return clean(path, response, allowed5xx, isCxmlRoute(path) ? "text/xml" : "application/json");
    }

    /** The same with the content type given: Jetty answers a too-long request line in JSON before any route runs. */
    static List<String> clean(String path, Response response, Set<Integer> allowed5xx, String contentType) {
        List<String> problems = new ArrayList<>();
        int status = response.status();
        if (status >= 500 && !allowed5xx.contains(status)) {
            problems.add("answered " + status);
        }
        String body = response.body() == null ? "" : response.body();
        for (String mark : TRACE_MARKS) {
            if (body.contains(mark)) {
                problems.add("body carries \"" + mark + "\"");
            }
        }
        String type = response.header("Content-Type");
        String expected = !contentType.equals("application/json") ? contentType
                : path.startsWith("/api/v1/call-detail-records/export") && status == 200 ? "text/csv" : "application/json";
        if (type == null || !type.toLowerCase().startsWith(expected)) {
            problems.add("Content-Type " + type + ", expected " + expected);
        }
        return problems;
    }

    /**
     * True when the 422 names {@code field}, a field under it or one it is under (a wrong object may be reported on
     * its parent, a wrong array on its element): control-plane {@code errors}, webhook {@code details}. A
     * {@code x_confirmation} field is reported on {@code x} (control-plane spec §1.4).
     */
    static boolean namesField(Response response, String field) {
        return names(response, field)
                || field.endsWith("_confirmation") && names(response, field.substring(0, field.length() - 13));
    }

    private static boolean names(Response response, String field) {
        JsonNode json;
        try {
            json = MAPPER.readTree(response.body());
        } catch (IOException e) {
            return false;
        }
        JsonNode errors = json.has("errors") ? json.get("errors") : json.path("details");
        for (Iterator<String> keys = errors.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (key.equals(field) || key.startsWith(field + ".") || field.startsWith(key + ".")) {
                return true;
            }
        }
        return false;
    }
}
