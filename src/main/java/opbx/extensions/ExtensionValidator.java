package opbx.extensions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import opbx.http.Fields;
import opbx.numbers.E164;
import opbx.references.Links;
import org.jooq.DSLContext;

/**
 * Reads an extension body over the stored row (control-plane spec §3.2, §0.5): field rules, the type-specific
 * {@code configuration} (unlisted keys dropped, ids normalised to integers, targets checked by the link rule), and
 * the cross-field rules. Collects every failure for one 422.
 */
final class ExtensionValidator {

    static final Set<String> TYPES = Set.of("user", "conference", "ring_group", "ivr", "ai_assistant", "forward");
    static final Set<String> STATUSES = Set.of("active", "inactive");
    private static final Pattern NUMBER = Pattern.compile("^[0-9]{3,5}$");
    private static final Pattern SIP_URI = Pattern.compile("^sips?:[^@\\s]+@[^@\\s]+$");
    private static final Set<String> SERVICE_SCHEMES = Set.of("ws", "wss", "http", "https");

    private final Links links;
    private final ExtensionRepository extensions;

    ExtensionValidator(Links links, ExtensionRepository extensions) {
        this.links = links;
        this.extensions = extensions;
    }

    /** What a valid body amounts to: the row values and, for a new or replaced service token, its plain text. */
    record Result(Fields fields, String extensionNumber, String type, String status, Long userId, boolean voicemailEnabled,
                  ObjectNode configuration, String serviceUrl, boolean serviceTokenChanged, String serviceToken,
                  JsonNode serviceParams) {
    }

    /** @param stored null on create */
    Result read(DSLContext dsl, long organizationId, ObjectNode body, Extension stored) {
        boolean create = stored == null;
        Fields fields = new Fields(body);
        String number = extensionNumber(dsl, organizationId, fields, stored);
        String type = create || fields.has("type") ? fields.oneOf("type", true, TYPES) : stored.type();
        String status = fields.has("status") ? fields.oneOf("status", true, STATUSES) : create ? "active" : stored.status();
        boolean userType = "user".equals(type);

        Long userId = create ? null : stored.userId();
        if (fields.has("user_id")) {
            userId = fields.integer("user_id", false, 1, Long.MAX_VALUE);
            if (userId != null && type != null && !userType) {
                fields.add("user_id", "Only user extensions can be assigned to a user.");
            } else if (userId != null && !Objects.equals(userId, create ? null : stored.userId())
                    && !links.user(dsl, organizationId, userId)) {
                fields.add("user_id", "The selected user id is invalid.");
            }
        }
        Boolean voicemail = fields.has("voicemail_enabled") ? fields.bool("voicemail_enabled", true)
                : create ? Boolean.FALSE : Boolean.valueOf(stored.voicemailEnabled());
        if (fields.has("voicemail_enabled") && Boolean.TRUE.equals(voicemail) && type != null && !userType) {
            fields.add("voicemail_enabled", "Voicemail can only be enabled for user extensions.");
        }
        // Off the user type, a stored user link and voicemail simply go: the SPA does not send them when it changes
        // the type (§3.2).

        String serviceUrl = fields.has("service_url") ? fields.url("service_url", 500, SERVICE_SCHEMES)
                : create ? null : stored.serviceUrl();
        boolean tokenChanged = fields.has("service_token");
        String serviceToken = tokenChanged ? fields.string("service_token", false, 0, 255) : null;
        JsonNode serviceParams = fields.has("service_params") ? serviceParams(fields) : create ? null : stored.serviceParams();

        ObjectNode configuration = type == null ? JsonNodeFactory.instance.objectNode()
                : configuration(dsl, organizationId, fields, body, type, stored, serviceUrl);
        return new Result(fields, number, type, status, userType ? userId : null, Boolean.TRUE.equals(voicemail) && userType,
                configuration, serviceUrl, tokenChanged, serviceToken, serviceParams);
    }

    private String extensionNumber(DSLContext dsl, long organizationId, Fields fields, Extension stored) {
        if (stored != null) {
            if (fields.has("extension_number")) {
                String sent = fields.string("extension_number", false, 0, 255);
                if (sent != null && !sent.equals(stored.extensionNumber())) {
                    fields.add("extension_number", "Extension number cannot be changed after creation.");
                }
            }
            return stored.extensionNumber();
        }
        String number = fields.string("extension_number", true, 0, 255);
        if (number == null) {
            return null;
        }
        if (!NUMBER.matcher(number).matches()) {
            fields.add("extension_number", "The extension number format is invalid.");
            return null;
        }
        if (extensions.numberTaken(dsl, organizationId, number, null)) {
            fields.add("extension_number", "The extension number has already been taken.");
        }
        return number;
    }

    /**
     * The configuration of the effective type. Absent on an update with an unchanged type keeps the stored one; a
     * type change needs a configuration valid for the new type.
     */
    private ObjectNode configuration(DSLContext dsl, long organizationId, Fields fields, ObjectNode body, String type,
                                     Extension stored, String serviceUrl) {
        boolean sameType = stored != null && type.equals(stored.type());
        ObjectNode sent;
        if (body.has("configuration")) {
            sent = fields.object("configuration", false);
            if (sent == null) {
                sent = JsonNodeFactory.instance.objectNode();
            }
        } else {
            sent = sameType ? stored.configuration().deepCopy() : JsonNodeFactory.instance.objectNode();
        }
        ObjectNode previous = sameType ? stored.configuration() : JsonNodeFactory.instance.objectNode();
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        switch (type) {
            case "user" -> {
                if (present(sent, "forward_to")) {
                    forwardTo(fields, sent, result, false);
                }
            }
            case "forward" -> forwardTo(fields, sent, result, true);
            case "conference" -> target(fields, sent, previous, result, "conference_room_id",
                    id -> links.conferenceRoom(dsl, organizationId, id, true), "conference room id");
            case "ring_group" -> target(fields, sent, previous, result, "ring_group_id",
                    id -> links.ringGroup(dsl, organizationId, id, true), "ring group id");
            case "ivr" -> {
                ObjectNode ivr = sent.deepCopy();
                if (!present(ivr, "ivr_menu_id") && present(ivr, "ivr_id")) {
                    ivr.set("ivr_menu_id", ivr.get("ivr_id"));
                }
                target(fields, ivr, previous, result, "ivr_menu_id",
                        id -> links.ivrMenu(dsl, organizationId, id, true), "ivr menu id");
                if (result.has("ivr_menu_id")) {
                    result.put("ivr_id", result.get("ivr_menu_id").asLong());
                }
            }
            case "ai_assistant" -> aiAssistant(fields, sent, result, serviceUrl != null);
            default -> {
            }
        }
        return result;
    }

    private interface Exists {
        boolean check(long id);
    }

    /** A required id key, normalised to an integer; a changed link must exist and be active. */
    private static void target(Fields fields, ObjectNode sent, ObjectNode previous, ObjectNode result, String key, Exists exists,
                               String label) {
        String path = "configuration." + key;
        JsonNode value = sent.get(key);
        if (!present(sent, key)) {
            fields.add(path, "The " + path + " field is required.");
            return;
        }
        Long id = integer(value);
        if (id == null) {
            fields.add(path, "The " + label + " must be an integer.");
            return;
        }
        boolean unchanged = previous.has(key) && previous.get(key).asLong() == id;
        if (!unchanged && !exists.check(id)) {
            fields.add(path, "The selected " + label + " is invalid.");
            return;
        }
        result.put(key, id);
    }

    private static void forwardTo(Fields fields, ObjectNode sent, ObjectNode result, boolean required) {
        String path = "configuration.forward_to";
        if (!present(sent, "forward_to")) {
            if (required) {
                fields.add(path, "The " + path + " field is required.");
            }
            return;
        }
        JsonNode node = sent.get("forward_to");
        String value = node.isTextual() || node.isNumber() ? node.asText().trim() : null;
        if (value == null || value.length() > 255) {
            fields.add(path, value == null ? "The forward to must be a string."
                    : "The forward to must not be greater than 255 characters.");
            return;
        }
        if (SIP_URI.matcher(value).matches()) {
            result.put("forward_to", value);
            return;
        }
        String stripped = E164.strip(value);
        if (NUMBER.matcher(stripped).matches() || E164.isStrict(stripped)) {
            result.put("forward_to", stripped);
        } else {
            fields.add(path, "The forward to must be an extension number, an E.164 number or a SIP URI.");
        }
    }

    private static void aiAssistant(Fields fields, ObjectNode sent, ObjectNode result, boolean hasServiceUrl) {
        JsonNode provider = sent.get("provider");
        if (present(sent, "provider")) {
            String value = provider.asText().trim();
            if (!provider.isTextual()) {
                fields.add("configuration.provider", "The provider must be a string.");
            } else if (value.length() > 100) {
                fields.add("configuration.provider", "The provider must not be greater than 100 characters.");
            } else {
                result.put("provider", value);
            }
        } else if (!hasServiceUrl) {
            fields.add("configuration.provider", "The configuration.provider field is required.");
        }
        if (present(sent, "phone_number")) {
            E164.normalize(sent.get("phone_number").asText()).ifPresentOrElse(
                    number -> result.put("phone_number", number),
                    () -> fields.add("configuration.phone_number", "The phone number must be a valid E.164 number."));
        } else if (!hasServiceUrl) {
            fields.add("configuration.phone_number", "The configuration.phone_number field is required.");
        }
    }

    /** A flat object of string, number or boolean values, or null. */
    private static JsonNode serviceParams(Fields fields) {
        ObjectNode params = fields.object("service_params", false);
        if (params == null) {
            return null;
        }
        for (Map.Entry<String, JsonNode> entry : (Iterable<Map.Entry<String, JsonNode>>) params::fields) {
            JsonNode value = entry.getValue();
            if (!(value.isTextual() || value.isNumber() || value.isBoolean())) {
                fields.add("service_params." + entry.getKey(), "The service params values must be strings, numbers or booleans.");
            }
        }
        return params;
    }

    private static boolean present(ObjectNode node, String key) {
        JsonNode value = node.get(key);
        return value != null && !value.isNull() && !(value.isTextual() && value.asText().isBlank());
    }

    private static Long integer(JsonNode value) {
        if (value.isIntegralNumber() && value.canConvertToLong() && value.asLong() > 0) {
            return value.asLong();
        }
        if (value.isTextual() && value.asText().trim().matches("[0-9]{1,18}") && Long.parseLong(value.asText().trim()) > 0) {
            return Long.parseLong(value.asText().trim());
        }
        return null;
    }

    /** The link rule over a stored configuration, as if it were set anew (used when restoring). */
    Fields relinkCheck(DSLContext dsl, long organizationId, Extension stored) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.set("configuration", stored.configuration());
        Fields fields = new Fields(body);
        configuration(dsl, organizationId, fields, body, stored.type(), null, stored.serviceUrl());
        return fields;
    }

    /** The fields a pbx_user may send for their own extension when they equal the stored values. */
    static final List<String> OWNER_LOCKED = List.of("type", "user_id", "status", "extension_number");
}
