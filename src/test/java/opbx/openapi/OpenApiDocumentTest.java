package opbx.openapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import opbx.support.HttpTestClient.Response;
import opbx.support.TestApp;
import org.junit.jupiter.api.Test;

/** The document is well-formed OpenAPI 3.1 as far as the viewer and clients rely on it, and the server serves it. */
class OpenApiDocumentTest {

    private final ApiDocument document = ApiDocument.fromClasspath();

    @Test
    void the_document_is_openapi_3_1_with_a_title_and_a_version() {
        JsonNode root = document.root();

        assertTrue(root.path("openapi").asText().matches("3\\.1\\.\\d+"), "openapi: " + root.path("openapi"));
        assertTrue(!root.path("info").path("title").asText().isBlank() && !root.path("info").path("version").asText().isBlank());
        assertTrue(document.operations().size() > 100, "operations: " + document.operations().size());
    }

    @Test
    void every_operation_has_responses_a_unique_operation_id_and_a_known_tag() {
        Set<String> tags = new HashSet<>();
        root("tags").forEach(tag -> tags.add(tag.path("name").asText()));
        Set<String> ids = new HashSet<>();
        List<String> wrong = new ArrayList<>();
        for (ApiDocument.Operation operation : document.operations()) {
            JsonNode node = operation.node();
            if (!node.path("responses").isObject() || node.path("responses").isEmpty()) {
                wrong.add(operation.key() + ": no responses");
            }
            node.path("responses").fieldNames().forEachRemaining(status -> {
                if (!status.matches("[1-5][0-9][0-9]")) {
                    wrong.add(operation.key() + ": response " + status);
                }
            });
            if (!ids.add(node.path("operationId").asText())) {
                wrong.add(operation.key() + ": operationId missing or taken: " + node.path("operationId"));
            }
            node.path("tags").forEach(tag -> {
                if (!tags.contains(tag.asText())) {
                    wrong.add(operation.key() + ": undeclared tag " + tag);
                }
            });
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void every_path_parameter_is_declared_and_every_reference_resolves() {
        List<String> wrong = new ArrayList<>();
        Pattern template = Pattern.compile("\\{([^}]+)}");
        for (ApiDocument.Operation operation : document.operations()) {
            Set<String> declared = new HashSet<>();
            for (JsonNode parameter : operation.node().path("parameters")) {
                JsonNode resolved = document.resolve(parameter);
                if (resolved.path("in").asText().equals("path")) {
                    declared.add(resolved.path("name").asText());
                }
            }
            Set<String> inPath = new HashSet<>();
            for (Matcher m = template.matcher(operation.path()); m.find(); ) {
                inPath.add(m.group(1));
            }
            if (!inPath.equals(declared)) {
                wrong.add(operation.key() + ": path parameters " + inPath + ", declared " + declared);
            }
        }
        refs(document.root(), wrong);
        assertEquals(List.of(), wrong);
    }

    @Test
    void the_control_plane_takes_the_api_token_and_the_execution_plane_declares_its_own_credentials() {
        assertEquals("bearerToken", root("security").get(0).fieldNames().next(), "the default is the API token");
        Set<String> schemes = new HashSet<>();
        root("components").path("securitySchemes").fieldNames().forEachRemaining(schemes::add);
        assertTrue(schemes.containsAll(Set.of("bearerToken", "requestsKey", "cxApiKey", "hmacSignature", "hmacTimestamp")));

        List<String> wrong = new ArrayList<>();
        for (ApiDocument.Operation operation : document.operations()) {
            JsonNode security = operation.node().get("security");
            boolean v1 = operation.path().startsWith("/api/v1/");
            boolean open = operation.path().equals("/api/v1/auth/login") || operation.path().equals("/api/v1/auth/signup");
            if (v1 && !open && security != null && !security.toString().contains("bearerToken")) {
                wrong.add(operation.key() + ": /api/v1 without the API token");
            }
            if (!v1 && security == null) {
                wrong.add(operation.key() + ": outside /api/v1 without its own security (use [] when open)");
            }
            if (security != null) {
                security.forEach(requirement -> requirement.fieldNames().forEachRemaining(name -> {
                    if (!schemes.contains(name)) {
                        wrong.add(operation.key() + ": unknown scheme " + name);
                    }
                }));
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void the_server_serves_the_document_of_the_repository_without_authentication() {
        Response response = TestApp.shared().http().get("/api/openapi.json");

        assertEquals(200, response.status());
        assertTrue(response.header("Content-Type").startsWith("application/json"), response.header("Content-Type"));
        assertEquals(document.root(), response.json());
    }

    private JsonNode root(String field) {
        return document.root().path(field);
    }

    private void refs(JsonNode node, List<String> wrong) {
        if (node.has("$ref")) {
            try {
                document.resolve(node);
            } catch (AssertionError e) {
                wrong.add(e.getMessage());
            }
        }
        if (node.isContainerNode()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                refs(fields.next().getValue(), wrong);
            }
            if (node.isArray()) {
                node.forEach(element -> refs(element, wrong));
            }
        }
    }
}
