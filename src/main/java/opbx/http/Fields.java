package opbx.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and validates the fields of a JSON body (control-plane spec §0.2, §0.6), collecting every failure so one 422
 * names them all. Strings are trimmed and {@code ""} counts as absent; integers and booleans accept the SPA's string
 * forms. A reader returns {@code null} for an absent, null or invalid value; {@link #has} tells absent from null.
 */
public final class Fields {

    private static final Pattern EMAIL = Pattern.compile(
            "^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$");

    private final ObjectNode body;
    private final Map<String, List<String>> errors = new LinkedHashMap<>();

    public Fields(ObjectNode body) {
        this.body = body;
    }

    /** True when the field is in the body, even as null. */
    public boolean has(String field) {
        return body.has(field);
    }

    /** A trimmed string of min..max characters; {@code ""} is absent. */
    public String string(String field, boolean required, int min, int max) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull() || node.isTextual() && node.asText().trim().isEmpty()) {
            if (required) {
                add(field, "The " + label(field) + " field is required.");
            }
            return null;
        }
        if (!node.isTextual()) {
            add(field, "The " + label(field) + " must be a string.");
            return null;
        }
        String value = node.asText().trim();
        int length = value.codePointCount(0, value.length());
        if (length > max) {
            add(field, "The " + label(field) + " must not be greater than " + max + " characters.");
            return null;
        }
        if (length < min) {
            add(field, "The " + label(field) + " must be at least " + min + " characters.");
            return null;
        }
        return value;
    }

    /** A valid e-mail address of at most 255 characters, lower-cased. */
    public String email(String field, boolean required) {
        String value = string(field, required, 0, 255);
        if (value == null) {
            return null;
        }
        if (!EMAIL.matcher(value).matches()) {
            add(field, "The " + label(field) + " must be a valid email address.");
            return null;
        }
        return value.toLowerCase(Locale.ROOT);
    }

    /** One of the allowed values (enumerations are lower-case strings). */
    public String oneOf(String field, boolean required, Set<String> allowed) {
        String value = string(field, required, 0, 255);
        if (value != null && !allowed.contains(value)) {
            add(field, "The selected " + label(field) + " is invalid.");
            return null;
        }
        return value;
    }

    /** An integer in min..max: a JSON integer or a string of decimal digits. */
    public Long integer(String field, boolean required, long min, long max) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull() || node.isTextual() && node.asText().trim().isEmpty()) {
            if (required) {
                add(field, "The " + label(field) + " field is required.");
            }
            return null;
        }
        Long value = null;
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            value = node.asLong();
        } else if (node.isTextual() && node.asText().trim().matches("-?[0-9]{1,18}")) {
            value = Long.parseLong(node.asText().trim());
        }
        if (value == null) {
            add(field, "The " + label(field) + " must be an integer.");
            return null;
        }
        if (value < min || value > max) {
            add(field, "The " + label(field) + " must be between " + min + " and " + max + ".");
            return null;
        }
        return value;
    }

    /** true/false/1/0/"1"/"0"/"true"/"false". */
    public Boolean bool(String field, boolean required) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                add(field, "The " + label(field) + " field is required.");
            }
            return null;
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        String text = node.isIntegralNumber() || node.isTextual() ? node.asText().trim() : "";
        switch (text) {
            case "1", "true" -> {
                return true;
            }
            case "0", "false" -> {
                return false;
            }
            default -> {
                add(field, "The " + label(field) + " field must be true or false.");
                return null;
            }
        }
    }

    /**
     * An IANA region id ({@code Europe/Berlin}) or {@code UTC}; fixed offsets are refused, also under their
     * {@code Etc/GMT+5} names (control-plane spec §0.3).
     */
    public String timezone(String field, boolean required) {
        String value = string(field, required, 0, 64);
        if (value == null) {
            return null;
        }
        try {
            ZoneId zone = ZoneId.of(value);
            if (value.equals("UTC") || !(zone instanceof ZoneOffset) && value.contains("/") && !value.startsWith("Etc/")) {
                return value;
            }
        } catch (DateTimeException e) {
            // reported below
        }
        add(field, "The " + label(field) + " must be a valid timezone.");
        return null;
    }

    /** A nullable URL of at most {@code max} characters whose scheme is one of {@code schemes} (e.g. http, https). */
    public String url(String field, int max, Set<String> schemes) {
        String value = string(field, false, 0, max);
        if (value == null) {
            return null;
        }
        try {
            URI uri = new URI(value);
            if (uri.getScheme() != null && schemes.contains(uri.getScheme().toLowerCase(Locale.ROOT))
                    && uri.getHost() != null) {
                return value;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        add(field, "The " + label(field) + " must be a valid URL.");
        return null;
    }

    /** A JSON object, or null when absent or null; anything else fails the field. */
    public ObjectNode object(String field, boolean required) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                add(field, "The " + label(field) + " field is required.");
            }
            return null;
        }
        if (!node.isObject()) {
            add(field, "The " + label(field) + " must be an object.");
            return null;
        }
        return (ObjectNode) node;
    }

    /** A JSON array, or null when absent or null; anything else fails the field. */
    public ArrayNode array(String field, boolean required) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                add(field, "The " + label(field) + " field is required.");
            }
            return null;
        }
        if (!node.isArray()) {
            add(field, "The " + label(field) + " must be an array.");
            return null;
        }
        return (ArrayNode) node;
    }

    /** The failures collected so far, by field. */
    public Map<String, List<String>> errors() {
        return errors;
    }

    public void add(String field, String message) {
        errors.computeIfAbsent(field, key -> new ArrayList<>()).add(message);
    }

    public boolean failed(String field) {
        return errors.containsKey(field);
    }

    public boolean valid() {
        return errors.isEmpty();
    }

    /** Throws the 422 when anything failed. */
    public void throwIfInvalid() {
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
    }

    /**
     * The label of a field in messages (control-plane spec §0.6): the last path segment with {@code _} shown as a
     * space, or the full path for array elements ({@code members.0.extension_id}).
     */
    public static String label(String field) {
        for (String segment : field.split("\\.")) {
            if (!segment.isEmpty() && segment.chars().allMatch(Character::isDigit)) {
                return field;
            }
        }
        return field.substring(field.lastIndexOf('.') + 1).replace('_', ' ');
    }
}
