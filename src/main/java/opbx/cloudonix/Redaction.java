package opbx.cloudonix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * Makes Cloudonix traffic safe to log (control-plane spec §6.1): keys as their first 4 characters, secret fields of
 * JSON bodies masked, and any known secret value scrubbed from free text (an error body may echo the request).
 */
final class Redaction {

    static final String MASK = "****";

    private Redaction() {
    }

    /** "abcd…" for a key long enough that 4 characters give nothing away; otherwise only the mask. */
    static String key(String apiKey) {
        if (apiKey == null || apiKey.length() < 12) {
            return MASK;
        }
        return apiKey.substring(0, 4) + "…";
    }

    /** A copy of {@code body} with every secret-looking field, at any depth, replaced by the mask. */
    static JsonNode maskBody(JsonNode body) {
        if (body == null) {
            return null;
        }
        JsonNode copy = body.deepCopy();
        mask(copy);
        return copy;
    }

    /** {@code text} with each of {@code secrets} (blank ones ignored) replaced by the mask. */
    static String scrub(String text, Collection<String> secrets) {
        String result = text;
        for (String secret : secrets) {
            if (secret != null && !secret.isBlank()) {
                result = result.replace(secret, MASK);
            }
        }
        return result;
    }

    private static void mask(JsonNode node) {
        if (node instanceof ObjectNode object) {
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (isSecret(field.getKey()) && field.getValue().isValueNode() && !field.getValue().isNull()) {
                    field.setValue(object.textNode(MASK));
                } else {
                    mask(field.getValue());
                }
            }
        } else if (node instanceof ArrayNode array) {
            array.forEach(Redaction::mask);
        }
    }

    /** sipPassword and authorization-api-key (§6.1), and their obvious relatives. */
    private static boolean isSecret(String fieldName) {
        String name = fieldName.toLowerCase(Locale.ROOT).replace("_", "-");
        return name.contains("password") || name.contains("secret") || name.contains("api-key")
                || name.contains("apikey") || name.equals("authorization") || name.contains("token");
    }
}
