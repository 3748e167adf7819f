package opbx.phonenumbers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;
import opbx.http.Fields;
import opbx.numbers.E164;
import opbx.references.Links;
import org.jooq.DSLContext;

/**
 * Reads a phone-number body over the stored row (control-plane spec §3.9): E.164 and global uniqueness, the routing
 * type with its one {@code routing_config} key (stored as an integer, other keys dropped), and the target checked by
 * the link rule with {@code active} required when the link is set or changed.
 */
final class PhoneNumberValidator {

    static final Set<String> STATUSES = Set.of("active", "inactive");

    private final PhoneNumberRepository numbers;
    private final Links links;

    PhoneNumberValidator(PhoneNumberRepository numbers, Links links) {
        this.numbers = numbers;
        this.links = links;
    }

    record Result(Fields fields, PhoneNumberRepository.Values values) {
    }

    /** @param stored null on create */
    Result read(DSLContext dsl, long organizationId, ObjectNode body, PhoneNumber stored) {
        boolean create = stored == null;
        Fields fields = new Fields(body);
        String phoneNumber = create ? newNumber(dsl, fields) : unchangedNumber(fields, stored);
        String friendlyName = fields.has("friendly_name") ? fields.string("friendly_name", false, 0, 255)
                : create ? null : stored.friendlyName();
        String typeName = create || fields.has("routing_type")
                ? fields.oneOf("routing_type", true, RoutingType.WIRE_VALUES) : stored.routingType();
        RoutingType type = typeName == null ? null : RoutingType.parse(typeName).orElseThrow();
        String status = fields.has("status") ? fields.oneOf("status", true, STATUSES) : create ? "active" : stored.status();

        ObjectNode routingConfig = create ? null : stored.routingConfig();
        boolean typeChanged = create || type != null && !type.wire().equals(stored.routingType());
        if (type != null && (typeChanged || fields.has("routing_config"))) {
            routingConfig = routingConfig(dsl, organizationId, fields, type, typeChanged ? null : stored);
        }
        return new Result(fields, new PhoneNumberRepository.Values(phoneNumber, friendlyName, typeName, routingConfig, status));
    }

    private String newNumber(DSLContext dsl, Fields fields) {
        String raw = fields.string("phone_number", true, 0, 50);
        if (raw == null) {
            return null;
        }
        String e164 = E164.normalize(raw).orElse(null);
        if (e164 == null) {
            fields.add("phone_number", "The phone number must be a valid E.164 number (e.g. +12125551234).");
        } else if (numbers.takenAnywhere(dsl, e164)) {
            fields.add("phone_number", "The phone number has already been taken.");
        }
        return e164;
    }

    private static String unchangedNumber(Fields fields, PhoneNumber stored) {
        if (fields.has("phone_number")) {
            String raw = fields.string("phone_number", false, 0, 50);
            if (raw != null && !E164.normalize(raw).map(stored.phoneNumber()::equals).orElse(false)) {
                fields.add("phone_number", "Phone number cannot be changed after creation.");
            }
        }
        return stored.phoneNumber();
    }

    /** The one key of the type, as an integer; a target that is new or changed must pass the link rule. */
    private ObjectNode routingConfig(DSLContext dsl, long organizationId, Fields fields, RoutingType type, PhoneNumber sameType) {
        String path = "routing_config." + type.configKey();
        ObjectNode sent = fields.object("routing_config", true);
        if (sent == null) {
            return null;
        }
        JsonNode value = sent.get(type.configKey());
        if (value == null || value.isNull() || value.isTextual() && value.asText().isBlank()) {
            fields.add(path, "The " + path + " field is required.");
            return null;
        }
        Long id = integer(value);
        String label = Fields.label(path);
        if (id == null) {
            fields.add(path, "The " + label + " must be an integer.");
            return null;
        }
        boolean unchanged = sameType != null && sameType.targetId() != null && sameType.targetId() == id.longValue();
        if (!unchanged) {
            checkTarget(dsl, organizationId, fields, type, id, path, label);
        }
        ObjectNode config = JsonNodeFactory.instance.objectNode();
        config.put(type.configKey(), id);
        return config;
    }

    private void checkTarget(DSLContext dsl, long organizationId, Fields fields, RoutingType type, long id, String path,
                             String label) {
        boolean exists = switch (type) {
            case EXTENSION -> links.extension(dsl, organizationId, id, true, List.of());
            case AI_ASSISTANT -> links.extension(dsl, organizationId, id, true, List.of("ai_assistant"));
            case RING_GROUP -> links.ringGroup(dsl, organizationId, id, true);
            case BUSINESS_HOURS -> links.businessHours(dsl, organizationId, id);
            case CONFERENCE_ROOM -> links.conferenceRoom(dsl, organizationId, id, true);
            case IVR_MENU -> links.ivrMenu(dsl, organizationId, id, true);
        };
        if (!exists) {
            fields.add(path, "The selected " + label + " is invalid.");
        } else if (type == RoutingType.RING_GROUP && !links.ringGroupWithActiveMembers(dsl, organizationId, id)) {
            fields.add(path, "The selected ring group has no active members.");
        }
    }

    private static Long integer(JsonNode value) {
        String text = value.isIntegralNumber() ? value.asText() : value.isTextual() ? value.asText().trim() : "";
        return text.matches("[0-9]{1,18}") && Long.parseLong(text) > 0 ? Long.valueOf(text) : null;
    }
}
