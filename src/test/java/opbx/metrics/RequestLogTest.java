package opbx.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import opbx.support.HttpTestClient.Response;
import opbx.support.Identity;
import opbx.support.TestApp;
import opbx.support.TestStores;
import org.junit.jupiter.api.Test;

/**
 * One line per request (issue 10): method, route template, status, duration, request id and organisation, in text
 * or JSON, and never a token, a password, a query string or a body. The server writes to System.err, which the test
 * captures around the calls; the shared test server logs at warn, so only the server started here writes lines.
 */
class RequestLogTest {

    private static final long MISSING_ID = 876_543_219L;

    @Test
    void json_lines_name_the_route_template_status_request_id_and_organisation_and_no_secret() throws Exception {
        TestApp server = start("json");
        try {
            Identity.Team team = Identity.team(server, "Request log json");
            String token = team.owner().token();
            String requestId = "rl-" + UUID.randomUUID();
            String queryToken = "QueryTok" + UUID.randomUUID().toString().replace("-", "");

            String logs = capture(requestId, () -> {
                server.http().send("GET", "/api/v1/extensions/" + MISSING_ID + "?token=" + queryToken, null, null,
                        Map.of("Authorization", "Bearer " + token, "X-Request-Id", requestId));
                server.http().send("POST", "/api/v1/auth/login", "{\"email\":\"" + team.owner().email()
                        + "\",\"password\":\"Wrong-" + queryToken + "\"}", "application/json", Map.of());
            });

            JsonNode line = new ObjectMapper().readTree(lineWith(logs, requestId));
            assertEquals("GET", line.path("method").asText());
            assertEquals("/api/v1/extensions/{id}", line.path("route").asText());
            assertEquals(404, line.path("status").asInt());
            assertTrue(line.path("duration_ms").isNumber(), line.toString());
            assertEquals(requestId, line.path("request_id").asText());
            assertEquals(team.organizationId(), line.path("organization_id").asLong());
            assertEquals("INFO", line.path("level").asText());
            assertTrue(logs.contains("\"route\":\"/api/v1/auth/login\""), logs);
            assertFalse(logs.contains(token), "the API token was logged");
            assertFalse(logs.contains(token.substring(token.indexOf('|') + 1)), "the token's secret was logged");
            assertFalse(logs.contains(queryToken), "the token query parameter or a password was logged");
            assertFalse(logs.contains(String.valueOf(MISSING_ID)), "the raw path was logged");
        } finally {
            server.close();
        }
    }

    @Test
    void text_lines_read_method_route_status_duration_and_request_id() {
        TestApp server = start("text");
        try {
            String requestId = "rl-" + UUID.randomUUID();

            String logs = capture(requestId, () -> server.http().send("GET", "/api/health", null, null,
                    Map.of("X-Request-Id", requestId)));

            String line = lineWith(logs, requestId);
            assertTrue(line.matches(".* INFO opbx\\.request - GET /api/health 200 \\d+\\.\\d ms request_id=" + requestId),
                    line);
        } finally {
            server.close();
        }
    }

    @Test
    void at_level_warn_no_request_line_is_written() {
        TestApp shared = TestApp.shared();
        String requestId = "rl-" + UUID.randomUUID();

        String logs = capture(null, () -> shared.http().send("GET", "/api/health", null, null,
                Map.of("X-Request-Id", requestId)));

        assertFalse(logs.contains(requestId), logs);
    }

    private static TestApp start(String format) {
        TestStores stores = TestStores.get();
        return TestApp.start(stores.database(), stores.redis(), Map.of("OPBX_LOG_LEVEL", "info",
                "OPBX_LOG_FORMAT", format));
    }

    private static String lineWith(String logs, String text) {
        List<String> lines = Arrays.stream(logs.split("\n")).filter(line -> line.contains(text)).toList();
        assertEquals(1, lines.size(), logs);
        return lines.get(0);
    }

    /**
     * What the calls write to System.err; the line of a request is written as the request completes, which may be
     * a moment after the client has its answer, so it waits up to two seconds for {@code awaited}.
     */
    private static String capture(String awaited, Runnable calls) {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            calls.run();
            long deadline = System.nanoTime() + 2_000_000_000L;
            while (System.nanoTime() < deadline
                    && (awaited == null || !captured.toString(StandardCharsets.UTF_8).contains(awaited))) {
                Thread.sleep(awaited == null ? 200 : 20);
                if (awaited == null) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            System.setErr(original);
        }
        String logs = captured.toString(StandardCharsets.UTF_8);
        original.print(logs);
        return logs;
    }
}
