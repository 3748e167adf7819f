package opbx.users;

import java.util.LinkedHashMap;
import java.util.Map;

/** The user object of control-plane spec §3.1 (all fields always present) and its embedded extension. */
final class UserJson {

    private UserJson() {
    }

    static Map<String, Object> of(User user, UserExtension extension) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", user.id());
        json.put("organization_id", user.organizationId());
        json.put("name", user.name());
        json.put("email", user.email());
        json.put("role", user.role().wire());
        json.put("status", user.status());
        json.put("phone", user.phone());
        json.put("street_address", user.streetAddress());
        json.put("city", user.city());
        json.put("state_province", user.stateProvince());
        json.put("postal_code", user.postalCode());
        json.put("country", user.country());
        json.put("extension", extension(extension));
        json.put("last_login_at", user.lastLoginAt());
        json.put("created_at", user.createdAt());
        json.put("updated_at", user.updatedAt());
        json.put("deleted_at", user.deletedAt());
        return json;
    }

    static Map<String, Object> extension(UserExtension extension) {
        if (extension == null) {
            return null;
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", extension.id());
        json.put("extension_number", extension.extensionNumber());
        json.put("type", extension.type());
        json.put("status", extension.status());
        json.put("voicemail_enabled", extension.voicemailEnabled());
        return json;
    }
}
