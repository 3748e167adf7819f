package opbx.ivr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import opbx.http.Fields;

/**
 * Reads an IVR menu body (control-plane spec §3.5) over the stored record: absent fields keep their stored value, a
 * present null clears a nullable one, {@code options} absent = unchanged (§0.5). Checks the shape of every field; the
 * links (name taken, failover target, option destinations) need the database and are the service's.
 */
final class IvrMenuInput {

    static final Set<String> STATUSES = Set.of("active", "inactive");
    static final Set<String> FAILOVER_TYPES = Set.of("extension", "ring_group", "conference_room", "ivr_menu", "hangup");
    static final Set<String> DESTINATION_TYPES = Set.of("extension", "ring_group", "conference_room", "ivr_menu");
    static final int MAX_OPTIONS = 20;
    static final String AUDIO_SOURCE = "An IVR menu must have either a direct audio URL or Text-to-Speech text configured.";
    static final String NO_RECORDINGS = "Recordings are not available; use audio_file_path or tts_text.";

    private static final Pattern DIGITS = Pattern.compile("^[0-9*]{1,10}$");
    private static final Pattern NUMERIC = Pattern.compile("^[0-9]+$");

    final Fields fields;
    final IvrMenuRepository.Values values;
    /** The new options in request order, or null when the request leaves the options unchanged. */
    final List<Option> options;

    /**
     * An option element of the request. For {@code extension} destinations the target is named by
     * {@code extensionNumber} and/or {@code extensionId}; for other types by {@code destinationId}. The service
     * resolves extensions and writes the resolved id.
     */
    record Option(int index, String inputDigits, String description, String destinationType, Long destinationId,
                  String extensionNumber, Long extensionId, int priority) {

        String path(String field) {
            return "options." + index + "." + field;
        }
    }

    private IvrMenuInput(Fields fields, IvrMenuRepository.Values values, List<Option> options) {
        this.fields = fields;
        this.values = values;
        this.options = options;
    }

    /** @param stored the current menu, or null on create */
    static IvrMenuInput read(ObjectNode body, IvrMenu stored) {
        boolean create = stored == null;
        Fields fields = new Fields(body);
        String name = create || fields.has("name") ? fields.string("name", true, 1, 255) : stored.name();
        String description = fields.has("description") ? fields.string("description", false, 0, 1000)
                : create ? null : stored.description();
        if (body.hasNonNull("recording_id")) {
            fields.add("recording_id", NO_RECORDINGS);
        }
        String audio = fields.has("audio_file_path") ? audioFilePath(fields, body.get("audio_file_path"))
                : create ? null : stored.audioFilePath();
        String ttsText = fields.has("tts_text") ? fields.string("tts_text", false, 0, 1000)
                : create ? null : stored.ttsText();
        String ttsVoice = fields.has("tts_voice") ? fields.string("tts_voice", false, 0, 50)
                : create ? null : stored.ttsVoice();
        if (!fields.failed("audio_file_path") && !fields.failed("tts_text") && (audio == null) == (ttsText == null)) {
            fields.add("audio_configuration", AUDIO_SOURCE);
        }
        int maxTimeout = integer(fields, "max_timeout", 1, 30, create ? 3 : stored.maxTimeout());
        int interDigitTimeout = integer(fields, "inter_digit_timeout", 1, 30, create ? 2 : stored.interDigitTimeout());
        int maxTurns = integer(fields, "max_turns", 1, 9, create ? 3 : stored.maxTurns());
        String failoverType = fields.has("failover_destination_type")
                ? fields.oneOf("failover_destination_type", true, FAILOVER_TYPES)
                : create ? "hangup" : stored.failoverDestinationType();
        Long failoverId = failoverType == null ? null : failoverId(fields, failoverType, stored);
        String status = fields.has("status") ? fields.oneOf("status", true, STATUSES)
                : create ? "active" : stored.status();
        IvrMenuRepository.Values values = new IvrMenuRepository.Values(name, description, audio, ttsText, ttsVoice,
                maxTimeout, interDigitTimeout, maxTurns, failoverType, failoverId, status);
        List<Option> options = create || fields.has("options") ? options(fields) : null;
        return new IvrMenuInput(fields, values, options);
    }

    /**
     * A nullable http(s) URL, or a relative path below the organisation's recordings folder (no leading {@code /},
     * no {@code ..}). A number is a recording id of the original, which this product does not have.
     */
    private static String audioFilePath(Fields fields, JsonNode node) {
        if (node != null && (node.isNumber() || node.isTextual() && NUMERIC.matcher(node.asText().trim()).matches())) {
            fields.add("audio_file_path", NO_RECORDINGS);
            return null;
        }
        String value = fields.string("audio_file_path", false, 0, 500);
        if (value == null) {
            return null;
        }
        String lower = value.toLowerCase(Locale.ROOT);
        boolean valid;
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            valid = isHttpUrl(value);
        } else {
            valid = !value.startsWith("/") && !value.contains("..") && !value.contains("\\") && !value.contains(":");
        }
        if (!valid) {
            fields.add("audio_file_path", "The audio file path format is invalid.");
            return null;
        }
        return value;
    }

    private static boolean isHttpUrl(String value) {
        try {
            return new URI(value).getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** The request's integer, else the stored or default one; 0 when invalid (the 422 is already recorded). */
    private static int integer(Fields fields, String field, long min, long max, int kept) {
        if (!fields.has(field)) {
            return kept;
        }
        Long value = fields.integer(field, true, min, max);
        return value == null ? 0 : value.intValue();
    }

    /** The effective failover id: null for hangup, else the request's, else the stored one when the type is unchanged. */
    private static Long failoverId(Fields fields, String type, IvrMenu stored) {
        if ("hangup".equals(type)) {
            return null;
        }
        if (fields.has("failover_destination_id")) {
            return fields.integer("failover_destination_id", true, 1, Long.MAX_VALUE);
        }
        Long kept = stored != null && type.equals(stored.failoverDestinationType()) ? stored.failoverDestinationId() : null;
        if (kept == null) {
            fields.add("failover_destination_id", "The failover destination id field is required.");
        }
        return kept;
    }

    /** 1..20 options with distinct digits; a priority defaults to the option's 1-based position. */
    private static List<Option> options(Fields fields) {
        ArrayNode array = fields.array("options", true);
        if (array == null) {
            return List.of();
        }
        if (array.isEmpty()) {
            fields.add("options", "The options field is required.");
            return List.of();
        }
        if (array.size() > MAX_OPTIONS) {
            fields.add("options", "The options must not have more than " + MAX_OPTIONS + " items.");
            return List.of();
        }
        List<Option> options = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < array.size(); i++) {
            String path = "options." + i;
            JsonNode element = array.get(i);
            if (!element.isObject()) {
                fields.add(path, "The " + path + " must be an object.");
                continue;
            }
            Option option = option(fields, i, path, element);
            if (option == null) {
                continue;
            }
            if (!seen.add(option.inputDigits())) {
                fields.add(path + ".input_digits", "The " + path + ".input_digits field has a duplicate value.");
                continue;
            }
            options.add(option);
        }
        return options;
    }

    /**
     * One element, read with {@link Fields} over its keys prefixed by the element's path, so keys and labels are the
     * full path (control-plane spec §0.6); its failures go to {@code fields}. Null when it failed.
     */
    private static Option option(Fields fields, int index, String path, JsonNode element) {
        ObjectNode prefixed = JsonNodeFactory.instance.objectNode();
        element.fields().forEachRemaining(entry -> prefixed.set(path + "." + entry.getKey(), entry.getValue()));
        Fields option = new Fields(prefixed);
        String digitsField = path + ".input_digits";
        String idField = path + ".destination_id";
        String extensionIdField = path + ".destination_extension_id";
        String digits = digits(option, digitsField, prefixed.get(digitsField));
        String description = option.string(path + ".description", false, 0, 255);
        String type = option.oneOf(path + ".destination_type", true, DESTINATION_TYPES);
        Long priority = option.integer(path + ".priority", false, 1, MAX_OPTIONS);
        Long destinationId = null;
        String extensionNumber = null;
        Long extensionId = null;
        if ("extension".equals(type)) {
            JsonNode number = prefixed.get(idField);
            extensionNumber = number != null && number.isIntegralNumber() && number.canConvertToLong()
                    ? number.asText() : option.string(idField, false, 0, 20);
            extensionId = option.integer(extensionIdField, false, 1, Long.MAX_VALUE);
            if (extensionNumber == null && extensionId == null && option.valid()) {
                option.add(idField, "The " + idField + " field is required.");
            }
        } else if (type != null) {
            destinationId = option.integer(idField, true, 1, Long.MAX_VALUE);
        }
        if (!option.valid()) {
            option.errors().forEach((field, messages) -> messages.forEach(message -> fields.add(field, message)));
            return null;
        }
        return new Option(index, digits, description, type, destinationId, extensionNumber, extensionId,
                priority == null ? index + 1 : priority.intValue());
    }

    /**
     * Required, 1 to 10 of the keys a caller's Gather can deliver: digits and {@code *}. {@code #} ends the caller's
     * input and is never delivered ({@code finishOnKey}), so an option holding it could never be chosen. A JSON integer
     * is taken as its digits (the SPA may send {@code 1}).
     */
    private static String digits(Fields option, String field, JsonNode node) {
        String value = node != null && node.isIntegralNumber() && node.canConvertToLong() && node.asLong() >= 0
                ? node.asText() : option.string(field, true, 0, 255);
        if (value != null && value.indexOf('#') >= 0 && DIGITS.matcher(value.replace('#', '0')).matches()) {
            option.add(field, "The " + field + " \"" + value + "\" can never be pressed: # ends the caller's input. "
                    + "Use digits and * only.");
            return null;
        }
        if (value != null && !DIGITS.matcher(value).matches()) {
            option.add(field, "The " + field + " format is invalid.");
            return null;
        }
        return value;
    }
}
