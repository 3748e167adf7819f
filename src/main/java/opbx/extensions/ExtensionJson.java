package opbx.extensions;

import java.util.LinkedHashMap;
import java.util.Map;

/** The extension object of control-plane spec §3.2 and its forms embedded elsewhere (never with {@code sip_config}). */
public final class ExtensionJson {

    private ExtensionJson() {
    }

    /** Embedded in phone numbers and other resources: no {@code sip_config}. */
    public static Map<String, Object> embedded(Extension extension) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", extension.id());
        json.put("organization_id", extension.organizationId());
        json.put("user_id", extension.userId());
        json.put("extension_number", extension.extensionNumber());
        json.put("name", extension.user() == null ? "Unassigned" : extension.user().name());
        json.put("type", extension.type());
        json.put("status", extension.status());
        json.put("voicemail_enabled", extension.voicemailEnabled());
        json.put("configuration", extension.configuration());
        json.put("service_url", extension.serviceUrl());
        json.put("service_token_set", extension.encryptedServiceToken() != null);
        json.put("service_params", extension.serviceParams());
        json.put("user", user(extension.user()));
        json.put("cloudonix_synced", extension.cloudonixSynced());
        json.put("created_at", extension.createdAt());
        json.put("updated_at", extension.updatedAt());
        return json;
    }

    /**
     * The full object: {@code sip_config} for user extensions, with the password only when one is given (the service
     * passes it for owners and pbx_admins on single-extension answers).
     */
    static Map<String, Object> full(Extension extension, String sipServer, String domain, String password) {
        Map<String, Object> json = embedded(extension);
        if (extension.isUserType()) {
            Map<String, Object> sip = new LinkedHashMap<>();
            sip.put("username", extension.extensionNumber());
            if (password != null) {
                sip.put("password", password);
            }
            sip.put("server", sipServer);
            sip.put("domain", domain);
            json.put("sip_config", sip);
        }
        return json;
    }

    private static Map<String, Object> user(Extension.AssignedUser user) {
        if (user == null) {
            return null;
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", user.id());
        json.put("organization_id", user.organizationId());
        json.put("name", user.name());
        json.put("email", user.email());
        json.put("role", user.role());
        json.put("status", user.status());
        return json;
    }
}
