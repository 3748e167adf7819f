package opbx.extensions;

import static opbx.db.gen.Tables.CLOUDONIX_SETTINGS;
import static opbx.db.gen.Tables.EXTENSIONS;
import static opbx.db.gen.Tables.USERS;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import opbx.http.PageRequest;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.Record;
import org.jooq.SelectOnConditionStep;
import org.jooq.SortField;
import org.jooq.impl.DSL;

/** Extensions with their assigned user, scoped by organisation in every statement. */
public final class ExtensionRepository {

    /** Sort names of the list (control-plane spec §3.2). */
    static final List<String> SORTABLE = List.of("extension_number", "type", "status", "created_at", "updated_at");

    /** List filters; null = none. */
    public record ListFilter(String type, String status, Long userId) {
    }

    /** The columns a create or update writes (secrets already encrypted by the service). */
    public record Values(Long userId, String extensionNumber, String type, String status, boolean voicemailEnabled,
                         ObjectNode configuration, String serviceUrl, String encryptedServiceToken, JsonNode serviceParams) {
    }

    private final ObjectMapper mapper;

    public ExtensionRepository(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    private static Condition owned(long organizationId) {
        return EXTENSIONS.ORGANIZATION_ID.eq(organizationId);
    }

    private SelectOnConditionStep<Record> select(DSLContext dsl, long organizationId) {
        return dsl.select(EXTENSIONS.fields())
                .select(USERS.ID, USERS.ORGANIZATION_ID, USERS.NAME, USERS.EMAIL, USERS.ROLE, USERS.STATUS)
                .from(EXTENSIONS)
                .leftJoin(USERS).on(USERS.ORGANIZATION_ID.eq(organizationId)
                        .and(USERS.ORGANIZATION_ID.eq(EXTENSIONS.ORGANIZATION_ID))
                        .and(USERS.ID.eq(EXTENSIONS.USER_ID))
                        .and(USERS.DELETED_AT.isNull()));
    }

    public Optional<Extension> find(DSLContext dsl, long organizationId, long id) {
        return select(dsl, organizationId)
                .where(owned(organizationId))
                .and(EXTENSIONS.ID.eq(id))
                .and(EXTENSIONS.DELETED_AT.isNull())
                .fetchOptional(this::toExtension);
    }

    /** Non-deleted extensions by id, in one query (for embedding in other resources). */
    public Map<Long, Extension> findAll(DSLContext dsl, long organizationId, Collection<Long> ids) {
        Map<Long, Extension> found = new LinkedHashMap<>();
        select(dsl, organizationId)
                .where(owned(organizationId))
                .and(EXTENSIONS.ID.in(ids))
                .and(EXTENSIONS.DELETED_AT.isNull())
                .fetch(this::toExtension)
                .forEach(extension -> found.put(extension.id(), extension));
        return found;
    }

    public Optional<Extension> findDeleted(DSLContext dsl, long organizationId, long id) {
        return select(dsl, organizationId)
                .where(owned(organizationId))
                .and(EXTENSIONS.ID.eq(id))
                .and(EXTENSIONS.DELETED_AT.isNotNull())
                .fetchOptional(this::toExtension);
    }

    /** Locks the row for the rest of the transaction (deletes and updates serialise on it). */
    public void lock(DSLContext trx, long organizationId, long id) {
        trx.select(EXTENSIONS.ID)
                .from(EXTENSIONS)
                .where(owned(organizationId))
                .and(EXTENSIONS.ID.eq(id))
                .forUpdate()
                .fetch();
    }

    public List<Extension> list(DSLContext dsl, long organizationId, ListFilter filter, PageRequest page) {
        return select(dsl, organizationId)
                .where(listCondition(organizationId, filter, page))
                .orderBy(order(page))
                .limit(page.perPage())
                .offset(page.offset())
                .fetch(this::toExtension);
    }

    public int count(DSLContext dsl, long organizationId, ListFilter filter, PageRequest page) {
        return dsl.fetchCount(select(dsl, organizationId).where(listCondition(organizationId, filter, page)));
    }

    private static Condition listCondition(long organizationId, ListFilter filter, PageRequest page) {
        Condition condition = owned(organizationId).and(EXTENSIONS.DELETED_AT.isNull());
        if (filter.type() != null) {
            condition = condition.and(EXTENSIONS.TYPE.eq(filter.type()));
        }
        if (filter.status() != null) {
            condition = condition.and(EXTENSIONS.STATUS.eq(filter.status()));
        }
        if (filter.userId() != null) {
            condition = condition.and(EXTENSIONS.USER_ID.eq(filter.userId()));
        }
        if (page.search().isPresent()) {
            String pattern = PageRequest.likePattern(page.search().get());
            condition = condition.and(EXTENSIONS.EXTENSION_NUMBER.likeIgnoreCase(pattern, '\\')
                    .or(USERS.NAME.likeIgnoreCase(pattern, '\\')));
        }
        return condition;
    }

    /** Numbers sort numerically (by length, then text); every order ends with the id. */
    private static List<SortField<?>> order(PageRequest page) {
        boolean asc = page.ascending();
        Map<String, List<Field<?>>> columns = new LinkedHashMap<>();
        columns.put("extension_number", List.of(DSL.length(EXTENSIONS.EXTENSION_NUMBER), EXTENSIONS.EXTENSION_NUMBER));
        columns.put("type", List.of(EXTENSIONS.TYPE));
        columns.put("status", List.of(EXTENSIONS.STATUS));
        columns.put("created_at", List.of(EXTENSIONS.CREATED_AT));
        columns.put("updated_at", List.of(EXTENSIONS.UPDATED_AT));
        List<SortField<?>> order = new ArrayList<>();
        for (Field<?> field : page.sortColumn(columns)) {
            order.add(asc ? field.asc() : field.desc());
        }
        order.add(asc ? EXTENSIONS.ID.asc() : EXTENSIONS.ID.desc());
        return order;
    }

    public boolean numberTaken(DSLContext dsl, long organizationId, String number, Long exceptId) {
        Condition condition = owned(organizationId)
                .and(EXTENSIONS.EXTENSION_NUMBER.eq(number))
                .and(EXTENSIONS.DELETED_AT.isNull());
        if (exceptId != null) {
            condition = condition.and(EXTENSIONS.ID.ne(exceptId));
        }
        return dsl.fetchExists(EXTENSIONS, condition);
    }

    public long insert(DSLContext trx, long organizationId, Values values, String encryptedSipPassword) {
        return trx.insertInto(EXTENSIONS)
                .set(EXTENSIONS.ORGANIZATION_ID, organizationId)
                .set(EXTENSIONS.EXTENSION_NUMBER, values.extensionNumber())
                .set(columns(values))
                .set(EXTENSIONS.SIP_PASSWORD, encryptedSipPassword)
                .returning(EXTENSIONS.ID)
                .fetchOne(EXTENSIONS.ID);
    }

    public void update(DSLContext trx, long organizationId, long id, Values values) {
        trx.update(EXTENSIONS)
                .set(columns(values))
                .set(EXTENSIONS.UPDATED_AT, DSL.currentOffsetDateTime())
                .where(owned(organizationId))
                .and(EXTENSIONS.ID.eq(id))
                .execute();
    }

    private Map<Field<?>, Object> columns(Values values) {
        Map<Field<?>, Object> columns = new LinkedHashMap<>();
        columns.put(EXTENSIONS.USER_ID, values.userId());
        columns.put(EXTENSIONS.TYPE, values.type());
        columns.put(EXTENSIONS.STATUS, values.status());
        columns.put(EXTENSIONS.VOICEMAIL_ENABLED, values.voicemailEnabled());
        columns.put(EXTENSIONS.CONFIGURATION, JSONB.valueOf(values.configuration().toString()));
        columns.put(EXTENSIONS.SERVICE_URL, values.serviceUrl());
        columns.put(EXTENSIONS.SERVICE_TOKEN, values.encryptedServiceToken());
        columns.put(EXTENSIONS.SERVICE_PARAMS, values.serviceParams() == null ? null : JSONB.valueOf(values.serviceParams().toString()));
        return columns;
    }

    public void updateSipPassword(DSLContext trx, long organizationId, long id, String encryptedSipPassword) {
        trx.update(EXTENSIONS)
                .set(EXTENSIONS.SIP_PASSWORD, encryptedSipPassword)
                .set(EXTENSIONS.UPDATED_AT, DSL.currentOffsetDateTime())
                .where(owned(organizationId))
                .and(EXTENSIONS.ID.eq(id))
                .execute();
    }

    /** Soft delete or restore; a restore also clears a user link to a deleted user. */
    public void setDeleted(DSLContext trx, long organizationId, long id, boolean deleted) {
        trx.update(EXTENSIONS)
                .set(EXTENSIONS.DELETED_AT, deleted ? DSL.currentOffsetDateTime() : DSL.val((OffsetDateTime) null))
                .set(EXTENSIONS.UPDATED_AT, DSL.currentOffsetDateTime())
                .where(owned(organizationId))
                .and(EXTENSIONS.ID.eq(id))
                .execute();
    }

    public void clearUser(DSLContext trx, long organizationId, long id) {
        trx.update(EXTENSIONS)
                .set(EXTENSIONS.USER_ID, (Long) null)
                .where(owned(organizationId))
                .and(EXTENSIONS.ID.eq(id))
                .execute();
    }

    /** The organisation's Cloudonix domain name (for {@code sip_config.domain}), if settings exist. */
    public Optional<String> domainName(DSLContext dsl, long organizationId) {
        return dsl.select(CLOUDONIX_SETTINGS.DOMAIN_NAME)
                .from(CLOUDONIX_SETTINGS)
                .where(CLOUDONIX_SETTINGS.ORGANIZATION_ID.eq(organizationId))
                .fetchOptional(CLOUDONIX_SETTINGS.DOMAIN_NAME);
    }

    private Extension toExtension(Record row) {
        Long userId = row.get(USERS.ID);
        Extension.AssignedUser user = userId == null ? null : new Extension.AssignedUser(userId,
                row.get(USERS.ORGANIZATION_ID), row.get(USERS.NAME), row.get(USERS.EMAIL), row.get(USERS.ROLE),
                row.get(USERS.STATUS));
        return new Extension(row.get(EXTENSIONS.ID), row.get(EXTENSIONS.ORGANIZATION_ID), row.get(EXTENSIONS.USER_ID),
                row.get(EXTENSIONS.EXTENSION_NUMBER), row.get(EXTENSIONS.TYPE), row.get(EXTENSIONS.STATUS),
                row.get(EXTENSIONS.VOICEMAIL_ENABLED), (ObjectNode) json(row.get(EXTENSIONS.CONFIGURATION)),
                row.get(EXTENSIONS.SIP_PASSWORD), row.get(EXTENSIONS.SERVICE_URL), row.get(EXTENSIONS.SERVICE_TOKEN),
                json(row.get(EXTENSIONS.SERVICE_PARAMS)), row.get(EXTENSIONS.CLOUDONIX_SYNCED),
                row.get(EXTENSIONS.DELETED_AT), row.get(EXTENSIONS.CREATED_AT), row.get(EXTENSIONS.UPDATED_AT), user);
    }

    private JsonNode json(JSONB value) {
        try {
            return value == null ? null : mapper.readTree(value.data());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
