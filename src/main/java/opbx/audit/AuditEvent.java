package opbx.audit;

import java.util.Map;
import opbx.access.Caller;
import opbx.http.ClientInfo;

/**
 * One audit log row (control-plane spec §5). {@code changes} holds field names with from/to values, secrets only as
 * {@code {"changed":true}}: building it is the caller's job, see {@link Changes}.
 */
public record AuditEvent(long organizationId, Actor actor, String action, String entityType, String entityId,
                         String entityLabel, Map<String, Object> changes, ClientInfo client) {

    /** Who did it: a user, the CLI or the system. */
    public record Actor(String type, Long userId, String email, String role) {

        public static Actor of(Caller caller) {
            return new Actor("user", caller.userId(), caller.email(), caller.role().wire());
        }

        public static Actor cli() {
            return new Actor("cli", null, null, null);
        }

        public static Actor system() {
            return new Actor("system", null, null, null);
        }
    }
}
