package opbx.badinput;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import opbx.badinput.WriteRoutes.Plane;
import opbx.badinput.WriteRoutes.Write;

/**
 * Malformed variants of one valid body: every field (nested ones too, first array element) with wrong JSON types,
 * out-of-range and overflowing numbers, hostile strings and huge values; required fields left out; unknown fields
 * added; and whole bodies that are not JSON, not UTF-8, not declared as JSON, or too large.
 */
final class Mutations {

    /** What a case must get, beyond "never a 5xx, never a trace, nothing written when refused". */
    enum Expect {
        /** A 4xx; on the JSON planes a 422 whose errors name the field (or a parent or child of it). */
        FIELD,
        /** Exactly {@link Case#status}. */
        STATUS,
        /** Anything below 500: the input may be valid (an unknown field, a name with quotes in it). */
        ANY
    }

    record Case(Write write, String kind, String field, byte[] body, String contentType, Expect expect, int status) {

        String describe() {
            String text = new String(body, StandardCharsets.UTF_8);
            return write.key() + " [" + kind + (field == null ? "" : " " + field) + "] "
                    + (text.length() > 120 ? text.substring(0, 120) + "..." : text);
        }
    }

    static final String HUGE = "x".repeat(100_000);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final List<String> HOSTILE_STRINGS = List.of("' OR 1=1 --", "\"; DROP TABLE users; --", "<x>&amp;</x>",
            "]]><!--", "../../../etc/passwd", "%00%2e%2e", "${jndi:ldap://x}", "\u202e\ud83d\ude00");

    private Mutations() {
    }

    static List<Case> of(Write write, String validBody) {
        ObjectNode valid = parse(validBody);
        List<Case> cases = new ArrayList<>();
        fields(write, valid, valid, "", cases);
        for (String field : write.required()) {
            ObjectNode copy = valid.deepCopy();
            copy.remove(field);
            cases.add(json(write, "missing", field, copy, write.plane() == Plane.VOICE ? Expect.ANY : Expect.FIELD));
        }
        for (Map.Entry<String, Object> extra : Map.<String, Object>of("zzz_unknown", "x", "organization_id", 1,
                "id", 999_999_999, "created_at", "1970-01-01T00:00:00Z", "__proto__", Map.of("admin", true)).entrySet()) {
            ObjectNode copy = valid.deepCopy();
            copy.set(extra.getKey(), MAPPER.valueToTree(extra.getValue()));
            cases.add(json(write, "extra", extra.getKey(), copy, Expect.ANY));
        }
        wholeBodies(write, validBody, cases);
        return cases;
    }

    /** Every field of {@code node} at {@code path}, recursively; {@code root} is the body the variants are made of. */
    private static void fields(Write write, ObjectNode root, JsonNode node, String path, List<Case> cases) {
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> field = it.next();
            String child = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
            value(write, root, field.getValue(), child, cases);
        }
    }

    private static void value(Write write, ObjectNode root, JsonNode value, String path, List<Case> cases) {
        Expect strict = strictness(write, path);
        List<Object> wrong = new ArrayList<>();
        if (value.isTextual()) {
            wrong.addAll(List.of(true, Map.of(), List.of(1)));
            for (String hostile : HOSTILE_STRINGS) {
                cases.add(replaced(write, root, path, "hostile string", hostile, Expect.ANY));
            }
            cases.add(replaced(write, root, path, "nul", "a\u0000b", strict));
            cases.add(replaced(write, root, path, "huge string", HUGE, strict));
        } else if (value.isIntegralNumber()) {
            wrong.addAll(List.of("abc", true, Map.of(), List.of(1), 1.5));
            for (String number : List.of("-1", "0", "1e400", "99999999999999999999", "-99999999999999999999", "1.0e-400")) {
                cases.add(raw(write, root, path, "number " + number, number, number.equals("1.0e-400") ? Expect.ANY : strict));
            }
        } else if (value.isBoolean()) {
            wrong.addAll(List.of("maybe", 2, Map.of(), List.of()));
        } else if (value.isObject()) {
            wrong.addAll(List.of("x", 1, List.of()));
            fields(write, root, value, path, cases);
        } else if (value.isArray()) {
            wrong.addAll(List.of("x", 1, Map.of()));
            if (!value.isEmpty()) {
                ArrayNode huge = MAPPER.createArrayNode();
                for (int i = 0; i < 1_000; i++) {
                    huge.add(value.get(0));
                }
                cases.add(replaced(write, root, path, "huge array", huge, strict));
                value(write, root, value.get(0), path + ".0", cases);
            }
        }
        for (Object type : wrong) {
            cases.add(replaced(write, root, path, "wrong type", type, strict));
        }
    }

    /**
     * Control-plane fields are all validated, bar the route's lenient ones; webhooks read fields leniently (execution-plane
     * spec §9.1: mistyped optional fields are stored as null; HostileWebhookInputTest covers the mistyped required
     * ones) and refuse a missing required field; voice routes answer everything in CXML.
     */
    private static Expect strictness(Write write, String path) {
        boolean lenient = write.lenient().stream().anyMatch(field -> path.equals(field) || path.startsWith(field + "."));
        return write.plane() == Plane.CONTROL && !lenient ? Expect.FIELD : Expect.ANY;
    }

    private static void wholeBodies(Write write, String validBody, List<Case> cases) {
        boolean json = write.plane() != Plane.VOICE;
        String first = validBody.substring(0, validBody.indexOf(':') + 1);
        for (byte[] bad : List.of(new byte[] {(byte) 0xC3, 0x28}, new byte[] {(byte) 0xC0, (byte) 0xAF},
                new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, new byte[] {(byte) 0xFF})) {
            byte[] prefix = (first + "\"").getBytes(StandardCharsets.UTF_8);
            byte[] body = new byte[prefix.length + bad.length + 2];
            System.arraycopy(prefix, 0, body, 0, prefix.length);
            System.arraycopy(bad, 0, body, prefix.length, bad.length);
            body[body.length - 2] = '"';
            body[body.length - 1] = '}';
            cases.add(new Case(write, "invalid utf-8 " + java.util.HexFormat.of().formatHex(bad), null, body, "application/json", json ? Expect.STATUS : Expect.ANY, 400));
        }
        for (String type : List.of("text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data",
                "application/jsonx", "text/html; charset=utf-8")) {
            boolean control = write.plane() == Plane.CONTROL;
            cases.add(new Case(write, "content type " + type, null, validBody.getBytes(StandardCharsets.UTF_8), type,
                    control ? Expect.STATUS : Expect.ANY, 415));
        }
        for (String malformed : List.of("[]", "[1,2]", "\"text\"", "42", "null", "true", "{", "{\"a\":", "{'a':1}",
                "{\"a\":1,}", "not json", "[".repeat(5_000), "{\"a\":".repeat(3_000) + "1" + "}".repeat(3_000))) {
            cases.add(new Case(write, "malformed", null, malformed.getBytes(StandardCharsets.UTF_8), "application/json",
                    json ? Expect.STATUS : Expect.ANY, 400));
        }
        String large = first + "\"" + "z".repeat(1_100_000) + "\"}";
        cases.add(new Case(write, "over 1 MiB", null, large.getBytes(StandardCharsets.UTF_8), "application/json",
                Expect.STATUS, 413));
        String duplicateKeys = validBody.replaceFirst("^\\{", "{" + first.substring(1) + "{\"x\":1},");
        cases.add(new Case(write, "duplicate key", null, duplicateKeys.getBytes(StandardCharsets.UTF_8), "application/json",
                Expect.ANY, 0));
    }

    private static Case replaced(Write write, ObjectNode root, String path, String kind, Object value, Expect expect) {
        return json(write, kind, path, with(root, path, MAPPER.valueToTree(value)), expect);
    }

    /** A number written as is (1e400 and 20 digits do not fit any Java number). */
    private static Case raw(Write write, ObjectNode root, String path, String kind, String number, Expect expect) {
        String marker = "__raw_number__";
        String body = with(root, path, MAPPER.valueToTree(marker)).toString().replace("\"" + marker + "\"", number);
        return new Case(write, kind, path, body.getBytes(StandardCharsets.UTF_8), "application/json", expect, 0);
    }

    private static Case json(Write write, String kind, String field, JsonNode body, Expect expect) {
        return new Case(write, kind, field, body.toString().getBytes(StandardCharsets.UTF_8), "application/json", expect, 0);
    }

    /** A copy of {@code root} with the value at the dotted {@code path} (numeric segments index arrays) replaced. */
    private static JsonNode with(ObjectNode root, String path, JsonNode value) {
        ObjectNode copy = root.deepCopy();
        String[] segments = path.split("\\.");
        JsonNode parent = copy;
        for (int i = 0; i < segments.length - 1; i++) {
            parent = parent.isArray() ? parent.get(Integer.parseInt(segments[i])) : parent.get(segments[i]);
        }
        String last = segments[segments.length - 1];
        if (parent.isArray()) {
            ((ArrayNode) parent).set(Integer.parseInt(last), value);
        } else {
            ((ObjectNode) parent).set(last, value);
        }
        return copy;
    }

    private static ObjectNode parse(String body) {
        try {
            return (ObjectNode) MAPPER.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException("valid body of the table is not JSON: " + body, e);
        }
    }
}
