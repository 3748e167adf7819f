package opbx.audit;

import static opbx.db.gen.Tables.AUDIT_LOG;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import opbx.db.gen.tables.records.AuditLogRecord;
import opbx.http.PageRequest;
import org.jooq.Condition;
import org.jooq.DSLContext;

/** Reads the audit log of one organisation (control-plane spec §5). */
public final class AuditRepository {

    /** Filters of GET /audit-log; null = no filter. */
    public record Filter(String action, String entityType, String entityId, Long actorUserId, OffsetDateTime from,
                         OffsetDateTime toExclusive) {
    }

    private final ObjectMapper mapper;

    public AuditRepository(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public List<Map<String, Object>> list(DSLContext dsl, long organizationId, Filter filter, PageRequest page) {
        return dsl.selectFrom(AUDIT_LOG)
                .where(condition(organizationId, filter, page))
                .orderBy(page.ascending() ? AUDIT_LOG.OCCURRED_AT.asc() : AUDIT_LOG.OCCURRED_AT.desc(),
                        page.ascending() ? AUDIT_LOG.ID.asc() : AUDIT_LOG.ID.desc())
                .limit(page.perPage())
                .offset(page.offset())
                .fetch(this::toJson);
    }

    public int count(DSLContext dsl, long organizationId, Filter filter, PageRequest page) {
        return dsl.fetchCount(AUDIT_LOG, condition(organizationId, filter, page));
    }

    private Condition condition(long organizationId, Filter filter, PageRequest page) {
        Condition condition = AUDIT_LOG.ORGANIZATION_ID.eq(organizationId);
        if (filter.action() != null) {
            condition = condition.and(filter.action().endsWith(".*")
                    ? AUDIT_LOG.ACTION.startsWith(filter.action().substring(0, filter.action().length() - 1))
                    : AUDIT_LOG.ACTION.eq(filter.action()));
        }
        if (filter.entityType() != null) {
            condition = condition.and(AUDIT_LOG.ENTITY_TYPE.eq(filter.entityType()));
        }
        if (filter.entityId() != null) {
            condition = condition.and(AUDIT_LOG.ENTITY_ID.eq(filter.entityId()));
        }
        if (filter.actorUserId() != null) {
            condition = condition.and(AUDIT_LOG.ACTOR_USER_ID.eq(filter.actorUserId()));
        }
        if (filter.from() != null) {
            condition = condition.and(AUDIT_LOG.OCCURRED_AT.ge(filter.from()));
        }
        if (filter.toExclusive() != null) {
            condition = condition.and(AUDIT_LOG.OCCURRED_AT.lt(filter.toExclusive()));
        }
        if (page.search().isPresent()) {
            String pattern = PageRequest.likePattern(page.search().get());
            condition = condition.and(AUDIT_LOG.ACTOR_EMAIL.likeIgnoreCase(pattern, '\\')
                    .or(AUDIT_LOG.ENTITY_LABEL.likeIgnoreCase(pattern, '\\')));
        }
        return condition;
    }

    private Map<String, Object> toJson(AuditLogRecord row) {
        Map<String, Object> actor = new LinkedHashMap<>();
        actor.put("type", row.getActorType());
        actor.put("user_id", row.getActorUserId());
        actor.put("email", row.getActorEmail());
        actor.put("role", row.getActorRole());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", row.getId());
        json.put("occurred_at", row.getOccurredAt());
        json.put("actor", actor);
        json.put("action", row.getAction());
        json.put("entity_type", row.getEntityType());
        json.put("entity_id", row.getEntityId());
        json.put("entity_label", row.getEntityLabel());
        try {
            json.put("changes", mapper.readTree(row.getChanges().data()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        json.put("ip", row.getIp());
        json.put("user_agent", row.getUserAgent());
        json.put("request_id", row.getRequestId());
        return json;
    }
}
