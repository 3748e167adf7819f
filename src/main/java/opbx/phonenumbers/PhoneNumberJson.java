package opbx.phonenumbers;

import java.util.LinkedHashMap;
import java.util.Map;

/** The phone-number object of control-plane spec §3.9 with its one embedded target. */
final class PhoneNumberJson {

    private PhoneNumberJson() {
    }

    static Map<String, Object> of(PhoneNumber number, Map<String, Object> target) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", number.id());
        json.put("organization_id", number.organizationId());
        json.put("phone_number", number.phoneNumber());
        json.put("friendly_name", number.friendlyName());
        json.put("routing_type", number.routingType());
        json.put("routing_config", number.routingConfig());
        json.put("status", number.status());
        json.put("cloudonix_config", number.cloudonixConfig());
        json.put("created_at", number.createdAt());
        json.put("updated_at", number.updatedAt());
        RoutingType.parse(number.routingType()).ifPresent(type -> json.put(type.embeddedKey(), target));
        return json;
    }

    static Map<String, Object> fields(PhoneNumberRepository.Values values) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("phone_number", values.phoneNumber());
        json.put("friendly_name", values.friendlyName());
        json.put("routing_type", values.routingType());
        json.put("routing_config", values.routingConfig());
        json.put("status", values.status());
        return json;
    }
}
