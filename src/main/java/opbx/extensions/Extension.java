package opbx.extensions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.OffsetDateTime;

/**
 * An extension row with its assigned user's summary (control-plane spec §3.2). Secrets stay encrypted here; only
 * the service decrypts them, for the callers allowed to see them.
 */
public record Extension(long id, long organizationId, Long userId, String extensionNumber, String type, String status,
                        boolean voicemailEnabled, ObjectNode configuration, String encryptedSipPassword, String serviceUrl,
                        String encryptedServiceToken, JsonNode serviceParams, boolean cloudonixSynced,
                        OffsetDateTime deletedAt, OffsetDateTime createdAt, OffsetDateTime updatedAt, AssignedUser user) {

    /** The assigned user as embedded in the extension object. */
    public record AssignedUser(long id, long organizationId, String name, String email, String role, String status) {
    }

    public boolean isUserType() {
        return "user".equals(type);
    }

    public boolean active() {
        return "active".equals(status) && deletedAt == null;
    }
}
