package opbx.businesshours;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Set;
import java.util.regex.Pattern;
import opbx.http.Fields;

/**
 * Readers for values inside nested objects and array elements of a body, coerced like {@link Fields} and reported
 * into it under their dotted path ({@code schedule.monday.time_ranges.0.start_time}); messages use the spec's label
 * of that path (control-plane spec §0.6).
 */
final class NestedFields {

    private static final Pattern HH_MM = Pattern.compile("^([01][0-9]|2[0-3]):[0-5][0-9]$");
    private static final Pattern DATE = Pattern.compile("^[0-9]{4}-[0-9]{2}-[0-9]{2}$");

    private NestedFields() {
    }

    static boolean absent(JsonNode node) {
        return node == null || node.isNull() || node.isTextual() && node.asText().trim().isEmpty();
    }

    static String string(Fields fields, JsonNode parent, String key, String path, boolean required, int min, int max) {
        JsonNode node = parent.get(key);
        if (absent(node)) {
            if (required) {
                fields.add(path, "The " + Fields.label(path) + " field is required.");
            }
            return null;
        }
        if (!node.isTextual()) {
            fields.add(path, "The " + Fields.label(path) + " must be a string.");
            return null;
        }
        String value = node.asText().trim();
        int length = value.codePointCount(0, value.length());
        if (length > max) {
            fields.add(path, "The " + Fields.label(path) + " must not be greater than " + max + " characters.");
            return null;
        }
        if (length < min) {
            fields.add(path, "The " + Fields.label(path) + " must be at least " + min + " characters.");
            return null;
        }
        return value;
    }

    static String oneOf(Fields fields, JsonNode parent, String key, String path, boolean required, Set<String> allowed) {
        String value = string(fields, parent, key, path, required, 0, 255);
        if (value != null && !allowed.contains(value)) {
            fields.add(path, "The selected " + Fields.label(path) + " is invalid.");
            return null;
        }
        return value;
    }

    /** true/false/1/0/"1"/"0"/"true"/"false" (control-plane spec §0.2). */
    static Boolean bool(Fields fields, JsonNode parent, String key, String path, boolean required) {
        JsonNode node = parent.get(key);
        if (node == null || node.isNull()) {
            if (required) {
                fields.add(path, "The " + Fields.label(path) + " field is required.");
            }
            return null;
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        String text = node.isIntegralNumber() || node.isTextual() ? node.asText().trim() : "";
        return switch (text) {
            case "1", "true" -> true;
            case "0", "false" -> false;
            default -> {
                fields.add(path, "The " + Fields.label(path) + " field must be true or false.");
                yield null;
            }
        };
    }

    static ArrayNode array(Fields fields, JsonNode parent, String key, String path) {
        JsonNode node = parent.get(key);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isArray()) {
            fields.add(path, "The " + Fields.label(path) + " must be an array.");
            return null;
        }
        return (ArrayNode) node;
    }

    /** A required wall-clock time {@code HH:mm} (24 h). */
    static LocalTime time(Fields fields, JsonNode parent, String key, String path) {
        String value = string(fields, parent, key, path, true, 0, 255);
        if (value == null) {
            return null;
        }
        if (!HH_MM.matcher(value).matches()) {
            fields.add(path, "The " + Fields.label(path) + " format is invalid.");
            return null;
        }
        return LocalTime.parse(value);
    }

    /** A required calendar date {@code YYYY-MM-DD}. */
    static LocalDate date(Fields fields, JsonNode parent, String key, String path) {
        String value = string(fields, parent, key, path, true, 0, 255);
        if (value == null) {
            return null;
        }
        if (DATE.matcher(value).matches()) {
            try {
                return LocalDate.parse(value);
            } catch (DateTimeException e) {
                // reported below
            }
        }
        fields.add(path, "The " + Fields.label(path) + " format is invalid.");
        return null;
    }
}
