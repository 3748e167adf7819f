package opbx.voice;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The parameters of a voice request (execution-plane spec §0.1): query parameters, overridden by a JSON object or
 * form body; Cloudonix spellings canonical with all-lowercase aliases; values trimmed, empty meaning absent.
 */
public final class VoiceRequest {

    private final Map<String, String> values;
    private final JsonNode sessionData;

    private VoiceRequest(Map<String, String> values, JsonNode sessionData) {
        this.values = values;
        this.sessionData = sessionData;
    }

    public static VoiceRequest of(Context ctx, ObjectMapper mapper) {
        Map<String, String> values = new HashMap<>();
        ctx.queryParamMap().forEach((name, list) -> {
            if (!list.isEmpty()) {
                values.put(name, list.get(0));
            }
        });
        JsonNode sessionData = null;
        // Always UTF-8: a bogus charset parameter must not stop a call from being routed.
        String body = new String(ctx.bodyAsBytes(), StandardCharsets.UTF_8);
        if (!body.isBlank()) {
            // The raw header: the servlet's parsed content type throws on an unknown charset.
            String header = ctx.header("Content-Type");
            String type = header == null ? "" : header.toLowerCase(Locale.ROOT);
            boolean json = type.contains("json") || !type.contains("form") && body.stripLeading().startsWith("{");
            if (json) {
                sessionData = readJson(mapper, body, values);
            } else {
                readForm(body, values);
            }
        }
        if (sessionData == null && values.containsKey("SessionData")) {
            sessionData = parse(mapper, values.get("SessionData"));
        }
        if ((sessionData == null || !sessionData.isObject()) && values.containsKey("session_data")) {
            sessionData = parse(mapper, values.get("session_data"));
        }
        // U+0000 is never part of a number, digits or id; dropped so it can never reach a statement.
        values.replaceAll((name, value) -> value == null ? null : value.replace("\u0000", ""));
        return new VoiceRequest(values, sessionData);
    }

    /** A request made of plain values (the dry run builds its requests this way). */
    public static VoiceRequest of(Map<String, String> values) {
        return new VoiceRequest(new HashMap<>(values), null);
    }

    /** A JSON body that is not an object counts as empty here (webhooks treat it as an error). */
    private static JsonNode readJson(ObjectMapper mapper, String body, Map<String, String> values) {
        JsonNode node = parse(mapper, body);
        if (node == null || !node.isObject()) {
            return null;
        }
        JsonNode sessionData = null;
        for (Map.Entry<String, JsonNode> field : (Iterable<Map.Entry<String, JsonNode>>) node::fields) {
            JsonNode value = field.getValue();
            boolean canonical = field.getKey().equals("SessionData");
            if (canonical || field.getKey().equals("session_data") && sessionData == null) {
                sessionData = value.isTextual() ? parse(mapper, value.asText()) : value;
            }
            if (value.isValueNode() && !value.isNull()) {
                values.put(field.getKey(), value.asText());
            }
        }
        return sessionData;
    }

    private static void readForm(String body, Map<String, String> values) {
        for (String pair : body.split("&")) {
            int equals = pair.indexOf('=');
            try {
                String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
                String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
                values.put(name, value);
            } catch (IllegalArgumentException ignored) {
                // a malformed pair is simply absent
            }
        }
    }

    private static JsonNode parse(ObjectMapper mapper, String text) {
        try {
            return mapper.readTree(text);
        } catch (IOException e) {
            return null;
        }
    }

    /** The value of a canonical field, else its all-lowercase alias; trimmed, empty = absent. */
    public Optional<String> get(String canonical) {
        String value = values.get(canonical);
        if (value == null || value.isBlank()) {
            value = values.get(canonical.toLowerCase(Locale.ROOT));
        }
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    /** An integer parameter, or empty when absent or not an integer. */
    public Optional<Long> integer(String name) {
        return get(name).filter(value -> value.matches("-?[0-9]{1,18}")).map(Long::parseLong);
    }

    /**
     * A count carried in a callback URL, clamped to 0..{@code max}: negative or unreadable is 0 unless
     * {@code absentValue} says otherwise; anything above {@code max} (overflowing digits included) is {@code max}.
     */
    public long count(String name, long absentValue, long max) {
        Optional<String> raw = get(name);
        if (raw.isEmpty() || !raw.get().matches("-?[0-9]+")) {
            return absentValue;
        }
        if (raw.get().startsWith("-")) {
            return 0;
        }
        String digits = raw.get().replaceFirst("^0+(?=.)", "");
        return digits.length() > 18 ? max : Math.min(max, Long.parseLong(digits));
    }

    /** {@code SessionData} as an object, when one was sent. */
    public Optional<JsonNode> sessionData() {
        return Optional.ofNullable(sessionData).filter(JsonNode::isObject);
    }
}
