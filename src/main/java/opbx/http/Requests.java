package opbx.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Parses what a request carries into typed values, once, at the edge (style: "validate at the edge"). Everything
 * behind a handler works with valid values only.
 */
public final class Requests {

    private static final int MAX_ID_DIGITS = 18;

    private final ObjectMapper mapper;

    public Requests(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * The body as a JSON object (control-plane spec §0.1): empty = {@code {}}; a body that is not declared as JSON is
     * 415; a body that is not JSON, or not an object, is 400.
     */
    public ObjectNode jsonObject(Context ctx) {
        byte[] body = ctx.bodyAsBytes();
        if (isBlank(body)) {
            return mapper.createObjectNode();
        }
        if (!isJson(ctx.contentType())) {
            throw ApiException.unsupportedMediaType();
        }
        if (!isUtf8(body)) {
            throw ApiException.malformedJson();
        }
        JsonNode node;
        try {
            node = mapper.readTree(body);
        } catch (IOException e) {
            // Includes undecodable bytes (invalid UTF-8, bad UTF-32): the body is not JSON.
            throw ApiException.malformedJson();
        }
        if (node == null || !node.isObject()) {
            throw ApiException.badRequest("The request body must be a JSON object.");
        }
        rejectNul(node, "");
        return (ObjectNode) node;
    }

    /** PostgreSQL text cannot hold U+0000: a field carrying one is invalid, before it can reach a statement. */
    private static void rejectNul(JsonNode node, String path) {
        if (node.isTextual() && node.asText().indexOf('\u0000') >= 0) {
            throw ValidationException.of(path, "The " + Fields.label(path) + " format is invalid.");
        }
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> {
                String child = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                if (field.getKey().indexOf('\u0000') >= 0) {
                    throw ApiException.malformedJson();
                }
                rejectNul(field.getValue(), child);
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                rejectNul(node.get(i), (path.isEmpty() ? "" : path + ".") + i);
            }
        }
    }

    /**
     * A positive integer path parameter; anything else is the resource's 404 (control-plane spec §0.1), never a 500.
     */
    public static long pathId(Context ctx, String name, String resource) {
        String raw = ctx.pathParam(name);
        if (raw.isEmpty() || raw.length() > MAX_ID_DIGITS || !raw.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw ApiException.notFound(resource);
        }
        long id = Long.parseLong(raw);
        if (id <= 0) {
            throw ApiException.notFound(resource);
        }
        return id;
    }

    /**
     * JSON bodies are UTF-8 (RFC 8259 §8.1). Jackson alone reads some invalid forms, such as the overlong {@code C0 AF}
     * as {@code "/"}, so bytes that are not strictly UTF-8 are refused before parsing.
     */
    public static boolean isUtf8(byte[] body) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return mediaType.equals("application/json") || mediaType.endsWith("+json");
    }

    private static boolean isBlank(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return true;
    }
}
