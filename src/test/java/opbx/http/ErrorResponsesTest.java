package opbx.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import opbx.support.HttpTestClient;
import opbx.support.HttpTestClient.Response;
import opbx.support.TestApp;
import org.junit.jupiter.api.Test;

class ErrorResponsesTest {

    private final HttpTestClient http = TestApp.shared().http();

    @Test
    void malformed_json_is_400_with_the_request_id_in_body_and_header() {
        Response response = http.postJson("/api/test/echo", "{\"name\": ");

        assertEquals(400, response.status());
        assertErrorBody(response, "BAD_REQUEST", "Malformed JSON body.");
    }

    @Test
    void json_that_is_not_an_object_is_400() {
        Response response = http.postJson("/api/test/echo", "[1,2,3]");

        assertEquals(400, response.status());
        assertErrorBody(response, "BAD_REQUEST", "The request body must be a JSON object.");
    }

    @Test
    void invalid_utf8_is_400_not_500() {
        byte[] body = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        Response response = http.sendBytes("POST", "/api/test/echo", body, "application/json");

        assertEquals(400, response.status());
        assertErrorBody(response, "BAD_REQUEST", "Malformed JSON body.");
    }

    @Test
    void a_body_that_is_not_declared_json_is_415() {
        Response response = http.send("POST", "/api/test/echo", "name=ada", "application/x-www-form-urlencoded", Map.of());

        assertEquals(415, response.status());
        assertErrorBody(response, "UNSUPPORTED_MEDIA_TYPE", "Request body must be JSON.");
    }

    @Test
    void an_empty_body_counts_as_an_empty_object() {
        Response response = http.send("POST", "/api/test/echo", null, null, Map.of());

        assertEquals(200, response.status());
        assertEquals("{}", response.body());
    }

    @Test
    void a_valid_json_object_passes_through() {
        Response response = http.postJson("/api/test/echo", "{\"name\":\"Ada\"}");

        assertEquals(200, response.status());
        assertEquals("Ada", response.json().path("name").asText());
    }

    @Test
    void a_body_over_one_mebibyte_is_413() {
        String huge = "{\"a\":\"" + "x".repeat(1024 * 1024 + 10) + "\"}";
        Response response = http.sendBytes("POST", "/api/test/echo", huge.getBytes(StandardCharsets.UTF_8), "application/json");

        assertEquals(413, response.status());
        assertErrorBody(response, "PAYLOAD_TOO_LARGE", "Request body too large.");
    }

    @Test
    void unknown_route_is_a_json_404() {
        Response response = http.get("/api/v1/no-such-thing");

        assertEquals(404, response.status());
        assertErrorBody(response, "NOT_FOUND", "Route not found.");
    }

    @Test
    void wrong_method_on_a_known_route_is_a_json_405() {
        Response response = http.send("DELETE", "/api/health", null, null, Map.of());

        assertEquals(405, response.status());
        assertErrorBody(response, "METHOD_NOT_ALLOWED", "Method not allowed.");
    }

    @Test
    void a_non_numeric_or_oversized_path_id_is_the_resource_404() {
        for (String id : new String[] {"abc", "0", "-1", "99999999999999999999", "1%27%20OR%201=1"}) {
            Response response = http.get("/api/test/items/" + id);
            assertEquals(404, response.status(), "id " + id);
            assertErrorBody(response, "NOT_FOUND", "Item not found.");
        }
        assertEquals(7, http.get("/api/test/items/7").json().path("id").asLong());
    }

    @Test
    void an_unexpected_error_is_500_with_request_id_and_no_internals() {
        Response response = http.get("/api/test/boom");

        assertEquals(500, response.status());
        assertErrorBody(response, "INTERNAL_ERROR", "An unexpected error occurred.");
        assertFalse(response.body().contains("hunter2"), response.body());
        assertFalse(response.body().contains("IllegalStateException"), response.body());
        assertFalse(response.body().contains("jdbc"), response.body());
    }

    @Test
    void a_valid_incoming_request_id_is_kept_and_an_invalid_one_replaced() {
        Response kept = http.send("GET", "/api/v1/nothing", null, null, Map.of("X-Request-Id", "abc-123.def_4"));
        assertEquals("abc-123.def_4", kept.header("X-Request-Id"));
        assertEquals("abc-123.def_4", kept.json().path("request_id").asText());

        Response replaced = http.send("GET", "/api/v1/nothing", null, null, Map.of("X-Request-Id", "bad id <script>"));
        assertNotEquals("bad id <script>", replaced.header("X-Request-Id"));
        assertTrue(replaced.header("X-Request-Id").matches("[0-9a-f-]{36}"), replaced.header("X-Request-Id"));
    }

    @Test
    void every_response_carries_the_security_headers_and_cors() {
        Response response = http.get("/api/health");

        assertEquals("no-store", response.header("Cache-Control"));
        assertEquals("nosniff", response.header("X-Content-Type-Options"));
        assertEquals("DENY", response.header("X-Frame-Options"));
        assertEquals("strict-origin-when-cross-origin", response.header("Referrer-Policy"));
        assertEquals("*", response.header("Access-Control-Allow-Origin"));
        assertNotNull(response.header("X-Request-Id"));
    }

    @Test
    void a_cors_preflight_is_answered_204_before_any_route() {
        Response response = http.send("OPTIONS", "/api/v1/users", null, null,
                Map.of("Origin", "https://spa.example.com", "Access-Control-Request-Method", "POST"));

        assertEquals(204, response.status());
        assertEquals("*", response.header("Access-Control-Allow-Origin"));
        assertTrue(response.header("Access-Control-Allow-Methods").contains("PATCH"));
        assertTrue(response.header("Access-Control-Allow-Headers").contains("Authorization"));
        assertEquals("600", response.header("Access-Control-Max-Age"));
    }

    private static void assertErrorBody(Response response, String code, String message) {
        JsonNode body = response.json();
        String requestId = response.header("X-Request-Id");
        assertNotNull(requestId, "X-Request-Id header");
        assertEquals(message, body.path("message").asText());
        assertEquals(code, body.path("error").path("code").asText());
        assertEquals(message, body.path("error").path("message").asText());
        assertEquals(requestId, body.path("request_id").asText());
        assertEquals(requestId, body.path("error").path("request_id").asText());
        assertFalse(body.has("errors"), "only 422 bodies carry errors");
    }
}
