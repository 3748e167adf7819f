package opbx.openapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import opbx.access.Role;
import opbx.support.HttpTestClient.Response;
import opbx.support.Identity;
import opbx.support.TestApp;
import org.junit.jupiter.api.Test;

/**
 * The example requests of the document, run against the server (issue 10): every operation carrying
 * {@code x-opbx-test-example} is called with its documented example body (the one the marker's {@code request} names),
 * its {@code query}, and the credentials of a fresh organisation, and must get the marker's {@code status}, a status the
 * operation documents, with the documented media type and, for JSON, the top-level fields its schema requires.
 */
class OpenApiExamplesTest {

    private static final String MARKER = "x-opbx-test-example";

    private final ApiDocument document = ApiDocument.fromClasspath();
    private final TestApp app = TestApp.shared();

    @Test
    void every_example_request_of_the_document_gets_its_documented_answer() {
        Credentials credentials = Credentials.of(app);
        List<String> failures = new ArrayList<>();
        int ran = 0;
        for (ApiDocument.Operation operation : document.operations()) {
            JsonNode marker = operation.node().get(MARKER);
            if (marker == null) {
                continue;
            }
            ran++;
            String problem = run(operation, marker, credentials);
            if (problem != null) {
                failures.add(operation.key() + ": " + problem);
            }
        }
        assertTrue(ran >= 10, "example requests run: " + ran);
        assertEquals(List.of(), failures, String.join("\n", failures));
    }

    /** Null when the answer is the documented one, else what differs. */
    private String run(ApiDocument.Operation operation, JsonNode marker, Credentials credentials) {
        String path = operation.path() + (marker.has("query") ? "?" + marker.get("query").asText() : "");
        String body = marker.has("request") ? credentials.fillIn(example(operation, marker.get("request").asText())) : null;
        Map<String, String> headers = new HashMap<>();
        String kind = marker.path("credentials").asText(operation.node().has("security") ? "none" : "token");
        switch (kind) {
            case "token" -> headers.put("Authorization", "Bearer " + credentials.token());
            case "requests_key" -> headers.put("Authorization", "Bearer " + credentials.requestsKey());
            case "none" -> { }
            default -> {
                return "unknown credentials " + kind;
            }
        }
        Response response = app.http().send(operation.method(), path, body, body == null ? null : "application/json", headers);

        String status = marker.path("status").asText();
        JsonNode documented = operation.node().path("responses").get(status);
        if (documented == null) {
            return "the example expects " + status + ", which the operation does not document";
        }
        if (!String.valueOf(response.status()).equals(status)) {
            return "expected " + status + ", got " + response.status() + " " + response.body();
        }
        JsonNode content = document.resolve(documented).path("content");
        if (content.isEmpty()) {
            return null;
        }
        String contentType = String.valueOf(response.header("Content-Type"));
        List<String> mediaTypes = new ArrayList<>();
        content.fieldNames().forEachRemaining(mediaTypes::add);
        if (mediaTypes.stream().noneMatch(contentType::startsWith)) {
            return "Content-Type " + contentType + ", documented " + mediaTypes;
        }
        if (contentType.startsWith("application/json")) {
            JsonNode schema = document.resolve(content.path("application/json").path("schema"));
            JsonNode json = response.json();
            for (JsonNode field : schema.path("required")) {
                if (!json.has(field.asText())) {
                    return "no " + field + " in " + response.body();
                }
            }
        }
        return null;
    }

    private JsonNode example(ApiDocument.Operation operation, String name) {
        JsonNode example = operation.node().path("requestBody").path("content").path("application/json")
                .path("examples").path(name);
        if (example.isMissingNode()) {
            throw new AssertionError(operation.key() + ": no request example named " + name);
        }
        return document.resolve(example).path("value");
    }

    /**
     * A fresh organisation's credentials: the owner's token, a requests key saved through the settings API, and a
     * user to log in as (a login revokes that user's other tokens, so not the owner).
     */
    private record Credentials(String token, String requestsKey, String email) {

        static Credentials of(TestApp app) {
            Identity.Team team = Identity.team(app, "OpenAPI Examples");
            String key = "rk-" + UUID.randomUUID().toString().replace("-", "");
            Response saved = team.owner().http().put("/api/v1/settings/cloudonix",
                    "{\"domain_requests_api_key\":\"" + key + "\"}");
            assertEquals(200, saved.status(), saved.body());
            Identity.Member login = Identity.member(app, team.organizationId(), Role.REPORTER);
            return new Credentials(team.owner().token(), key, login.email());
        }

        /** The example body with the login fields, where it has them, set to this organisation's user. */
        String fillIn(JsonNode example) {
            JsonNode body = example.deepCopy();
            if (body instanceof ObjectNode object && object.has("email") && object.has("password")) {
                object.put("email", email);
                object.put("password", Identity.PASSWORD);
            }
            return body.toString();
        }
    }
}
