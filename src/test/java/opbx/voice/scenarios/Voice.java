package opbx.voice.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import opbx.support.HttpTestClient;
import opbx.support.HttpTestClient.Response;
import opbx.support.TestApp;

/** Voice requests as Cloudonix sends them (JSON body, {@code Authorization: Bearer <key>}) and their checks. */
final class Voice {

    static final String CXML = "text/xml; charset=UTF-8";

    /**
     * The spec's {@code text/xml; charset=UTF-8}, compared as HTTP compares it (RFC 9110 §8.3: media type and charset
     * are case-insensitive; Jetty writes its canonical {@code text/xml;charset=utf-8}).
     */
    static boolean isCxmlContentType(String value) {
        return value != null && value.replace(" ", "").equalsIgnoreCase(CXML.replace(" ", ""));
    }
    static final String ROUTE = "/api/voice/route";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final TestApp app;
    private final String key;

    Voice(TestApp app, String key) {
        this.app = app;
        this.key = key;
    }

    HttpTestClient http() {
        return app.http();
    }

    /** POST {@code path} with a JSON body and the organisation's key. */
    Response post(String path, String json) {
        return app.http().send("POST", path, json, "application/json", Map.of("Authorization", "Bearer " + key));
    }

    /** POST {@code path} with a JSON body and exactly the given headers. */
    Response postWith(String path, String json, Map<String, String> headers) {
        return app.http().send("POST", path, json, "application/json", headers);
    }

    Response route(String json) {
        return post(ROUTE, json);
    }

    /** Inbound from a trunk to {@code to}. */
    Response inbound(String callSid, String to) {
        return route("{\"CallSid\":\"" + callSid + "\",\"From\":\"+12125550199\",\"To\":\"" + to + "\",\"Direction\":\"inbound\"}");
    }

    /** A subscriber call from {@code from} to {@code to}. */
    Response subscriber(String callSid, String from, String to) {
        return route("{\"CallSid\":\"" + callSid + "\",\"From\":\"" + from + "\",\"To\":\"" + to
                + "\",\"Direction\":\"subscriber\"}");
    }

    Response ivrInput(long menuId, int hops, String json) {
        return post("/api/voice/ivr-input?menu_id=" + menuId + "&hops=" + hops, json);
    }

    Response callback(String query, String json) {
        return post("/api/callbacks/voice/ring-group-callback?" + query, json);
    }

    Response pin(String query, String json) {
        return post("/api/voice/conference-pin?" + query, json);
    }

    /**
     * Exact document and status, then the exact CXML content type (a wrong content type fails the test when it ends,
     * see {@link ContentTypeCheck}, so the rest of the scenario still runs).
     */
    static void assertCxml(int status, String expected, Response response) {
        assertEquals(expected, response.body(), "document (HTTP " + response.status() + ")");
        assertEquals(status, response.status(), "status");
        String contentType = response.header("Content-Type");
        if (!isCxmlContentType(contentType)) {
            ContentTypeCheck.record(String.valueOf(contentType));
        }
    }

    static void assertCxml(String expected, Response response) {
        assertCxml(200, expected, response);
    }

    /** A Redis value parsed as JSON, or null when the key is absent. */
    static JsonNode redisJson(TestApp app, String key) {
        String value = app.server().redis().client().get(key);
        if (value == null) {
            return null;
        }
        try {
            return MAPPER.readTree(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String ivrKey(long org, String callSid) {
        return "opbx:{" + org + "}:ivr:" + callSid;
    }

    static String rrKey(long org, long group) {
        return "opbx:{" + org + "}:rg:" + group + ":rr";
    }
}
