package opbx.audit;

import static opbx.db.gen.Tables.AUDIT_LOG;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jooq.DSLContext;
import org.jooq.JSONB;

/**
 * Writes audit rows in the caller's transaction (control-plane spec §5): a change that rolls back leaves no row, and
 * no change commits without its row.
 */
public final class AuditLog {

    private final ObjectMapper mapper;

    public AuditLog(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** {@code trx} is the transaction's context of the change being recorded. */
    public void record(DSLContext trx, AuditEvent event) {
        String changes;
        try {
            changes = mapper.writeValueAsString(event.changes());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("audit changes are not serialisable", e);
        }
        trx.insertInto(AUDIT_LOG)
                .set(AUDIT_LOG.ORGANIZATION_ID, event.organizationId())
                .set(AUDIT_LOG.ACTOR_TYPE, event.actor().type())
                .set(AUDIT_LOG.ACTOR_USER_ID, event.actor().userId())
                .set(AUDIT_LOG.ACTOR_EMAIL, event.actor().email())
                .set(AUDIT_LOG.ACTOR_ROLE, event.actor().role())
                .set(AUDIT_LOG.ACTION, event.action())
                .set(AUDIT_LOG.ENTITY_TYPE, event.entityType())
                .set(AUDIT_LOG.ENTITY_ID, event.entityId())
                .set(AUDIT_LOG.ENTITY_LABEL, event.entityLabel())
                .set(AUDIT_LOG.CHANGES, JSONB.valueOf(changes))
                .set(AUDIT_LOG.IP, event.client() == null ? null : event.client().ip())
                .set(AUDIT_LOG.USER_AGENT, event.client() == null ? null : event.client().userAgent())
                .set(AUDIT_LOG.REQUEST_ID, event.client() == null ? null : event.client().requestId())
                .execute();
    }
}
