package opbx.voice.model;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An extension as routing reads it ({@code opbx:{o}:ext:n:{number}} and {@code ext:i:{id}}). The service token stays
 * encrypted in the cache and is decrypted only when an AI-assistant Dial is written.
 */
public record ExtensionInfo(long id, String number, String type, String status, JsonNode configuration, String serviceUrl,
                            String encryptedServiceToken, JsonNode serviceParams) {

    public boolean active() {
        return "active".equals(status);
    }

    /** A configuration value as text, or null. */
    public String config(String key) {
        JsonNode value = configuration == null ? null : configuration.get(key);
        return value == null || value.isNull() || value.asText().isBlank() ? null : value.asText().trim();
    }
}
