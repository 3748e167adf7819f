package opbx.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The OpenAPI document as the tests read it: parsed JSON, its operations, and {@code $ref} resolution. */
final class ApiDocument {

    static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

    /** One operation: upper-case method, path as written in the document, and its JSON. */
    record Operation(String method, String path, JsonNode node) {

        String key() {
            return method + " " + path;
        }
    }

    private final JsonNode root;

    private ApiDocument(JsonNode root) {
        this.root = root;
    }

    /** The document the jar serves, read from the classpath. */
    static ApiDocument fromClasspath() {
        return parse(new String(OpenApiHandler.read(OpenApiHandler.DOCUMENT), java.nio.charset.StandardCharsets.UTF_8));
    }

    static ApiDocument parse(String json) {
        try {
            return new ApiDocument(new ObjectMapper().readTree(json));
        } catch (IOException e) {
            throw new UncheckedIOException("the OpenAPI document is not valid JSON", e);
        }
    }

    JsonNode root() {
        return root;
    }

    List<Operation> operations() {
        List<Operation> operations = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = root.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> items = path.getValue().fields(); items.hasNext(); ) {
                Map.Entry<String, JsonNode> item = items.next();
                if (METHODS.contains(item.getKey())) {
                    operations.add(new Operation(item.getKey().toUpperCase(), path.getKey(), item.getValue()));
                }
            }
        }
        return operations;
    }

    /** The node itself, or the one its {@code $ref} (a local {@code #/...} pointer) names, followed to the end. */
    JsonNode resolve(JsonNode node) {
        JsonNode current = node;
        for (int depth = 0; current.has("$ref"); depth++) {
            String ref = current.get("$ref").asText();
            if (!ref.startsWith("#/") || depth > 10) {
                throw new AssertionError("unresolvable $ref " + ref);
            }
            current = root.at(ref.substring(1));
            if (current.isMissingNode()) {
                throw new AssertionError("$ref to nothing: " + ref);
            }
        }
        return current;
    }
}
