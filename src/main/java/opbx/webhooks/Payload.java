package opbx.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import opbx.http.Requests;

/**
 * Lenient reads of a webhook payload (execution-plane spec §9.1): an optional field that is absent, null or of the
 * wrong type reads as null, so it is stored as null or its default and never causes an error. Strings are trimmed and
 * an empty string counts as absent.
 */
record Payload(ObjectNode json) {

    /**
     * The body as a payload, or null when it is not a JSON object. NUL characters are removed from every string and
     * field name once, here, so the payload can be stored as {@code jsonb} and in text columns.
     */
    static Payload parse(ObjectMapper mapper, byte[] body) {
        if (!Requests.isUtf8(body)) {
            return null;
        }
        try {
            JsonNode root = mapper.readTree(body);
            return root != null && root.isObject() ? new Payload((ObjectNode) withoutNul(root)) : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static JsonNode withoutNul(JsonNode node) {
        if (node.isTextual() && node.asText().indexOf('\0') >= 0) {
            return TextNode.valueOf(node.asText().replace("\0", ""));
        }
        if (node.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            node.fields().forEachRemaining(field -> copy.set(field.getKey().replace("\0", ""), withoutNul(field.getValue())));
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            node.forEach(element -> copy.add(withoutNul(element)));
            return copy;
        }
        return node;
    }

    JsonNode node(String path) {
        JsonNode node = json;
        for (String part : path.split("\\.")) {
            node = node.path(part);
        }
        return node;
    }

    /** A string, or a number's text; null otherwise. */
    String text(String path) {
        JsonNode node = node(path);
        if (!node.isTextual() && !node.isNumber() && !node.isBoolean()) {
            return null;
        }
        String value = node.asText().trim();
        return value.isEmpty() ? null : value;
    }

    /**
     * A text cut to {@code max} characters: for columns under a btree index (numbers, call ids, dispositions), where
     * an oversized value would fail the insert instead of being stored.
     */
    String text(String path, int max) {
        String value = text(path);
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }

    /** The first present text among {@code paths}. */
    String firstText(String... paths) {
        for (String path : paths) {
            String value = text(path);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    /** A whole number (JSON integer or a string of digits), else null. */
    Long number(String path) {
        JsonNode node = node(path);
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return node.asLong();
        }
        if (node.isFloatingPointNumber() && node.canConvertToLong() && node.asDouble() == Math.rint(node.asDouble())) {
            return node.asLong();
        }
        String text = node.isTextual() ? node.asText().trim() : null;
        if (text != null && text.matches("-?[0-9]{1,18}")) {
            return Long.parseLong(text);
        }
        return null;
    }

    /** A whole number in [min, max], else null. */
    Integer integer(String path, long min, long max) {
        Long value = number(path);
        return value == null || value < min || value > max ? null : value.intValue();
    }

    /** A decimal that fits {@code numeric(10, 4)}, else null. */
    BigDecimal decimal(String path) {
        JsonNode node = node(path);
        try {
            BigDecimal value = node.isNumber() ? node.decimalValue()
                    : node.isTextual() ? new BigDecimal(node.asText().trim()) : null;
            if (value == null || value.abs().compareTo(BigDecimal.valueOf(1_000_000)) >= 0) {
                return null;
            }
            return value.setScale(4, RoundingMode.HALF_UP);
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
    }

    /** An ISO-8601 instant ({@code Z} or an offset), else null. */
    Instant isoInstant(String path) {
        String text = text(path);
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** Epoch milliseconds above 0 as an instant (Cloudonix's {@code callStartTime} and friends), else null. */
    Instant epochMillis(String path) {
        Long millis = number(path);
        return millis == null || millis <= 0 || millis > 32_503_680_000_000L ? null : Instant.ofEpochMilli(millis);
    }

    /** An object node, else null. */
    ObjectNode object(String path) {
        JsonNode node = node(path);
        return node.isObject() ? (ObjectNode) node : null;
    }

    /** An array node, else null. */
    JsonNode array(String path) {
        JsonNode node = node(path);
        return node.isArray() ? node : null;
    }
}
