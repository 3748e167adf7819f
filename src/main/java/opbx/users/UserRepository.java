package opbx.users;

import static opbx.db.gen.Tables.EXTENSIONS;
import static opbx.db.gen.Tables.USERS;

import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import opbx.access.Role;
import opbx.db.CrossTenantQuery;
import opbx.db.gen.tables.records.UsersRecord;
import opbx.http.PageRequest;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.jooq.Field;
import org.jooq.SortField;

/** Users, scoped by organisation in every statement (style: tenant scope in every query). */
public final class UserRepository {

    /** Sort names of the users list (control-plane spec §3.1) and their columns. */
    static final Map<String, Field<?>> SORTABLE = Map.of(
            "name", USERS.NAME,
            "email", USERS.EMAIL,
            "role", USERS.ROLE,
            "status", USERS.STATUS,
            "created_at", USERS.CREATED_AT);

    /** What the users list filters on; null = no filter. */
    public record ListFilter(String role, String status, String trashed) {
    }

    /** The columns a create or update writes; the caller has validated them. */
    public record Values(String name, String email, Role role, String status, String phone, String streetAddress,
                         String city, String stateProvince, String postalCode, String country) {
    }

    private Condition owned(long organizationId) {
        return USERS.ORGANIZATION_ID.eq(organizationId);
    }

    public Optional<User> find(DSLContext dsl, long organizationId, long id) {
        return dsl.selectFrom(USERS)
                .where(owned(organizationId))
                .and(USERS.ID.eq(id))
                .and(USERS.DELETED_AT.isNull())
                .fetchOptional()
                .map(UserRepository::toUser);
    }

    public Optional<User> findDeleted(DSLContext dsl, long organizationId, long id) {
        return dsl.selectFrom(USERS)
                .where(owned(organizationId))
                .and(USERS.ID.eq(id))
                .and(USERS.DELETED_AT.isNotNull())
                .fetchOptional()
                .map(UserRepository::toUser);
    }

    /** Login: the non-deleted user with this (lower-cased) e-mail, in whichever organisation. */
    public Optional<User> findByEmailForLogin(DSLContext dsl, String email) {
        return CrossTenantQuery.USER_BY_EMAIL.dsl(dsl)
                .selectFrom(USERS)
                .where(USERS.EMAIL.eq(email))
                .and(USERS.DELETED_AT.isNull())
                .fetchOptional()
                .map(UserRepository::toUser);
    }

    /** E-mails are unique among non-deleted users of all organisations. */
    public boolean emailTaken(DSLContext dsl, String email, Long exceptUserId) {
        Condition condition = USERS.EMAIL.eq(email).and(USERS.DELETED_AT.isNull());
        if (exceptUserId != null) {
            condition = condition.and(USERS.ID.ne(exceptUserId));
        }
        return CrossTenantQuery.EMAIL_GLOBALLY_TAKEN.dsl(dsl).fetchExists(USERS, condition);
    }

    public List<User> list(DSLContext dsl, long organizationId, ListFilter filter, PageRequest page) {
        Field<?> column = page.sortColumn(SORTABLE);
        SortField<?> order = page.ascending() ? column.asc() : column.desc();
        return dsl.selectFrom(USERS)
                .where(listCondition(organizationId, filter, page))
                .orderBy(order, page.ascending() ? USERS.ID.asc() : USERS.ID.desc())
                .limit(page.perPage())
                .offset(page.offset())
                .fetch(UserRepository::toUser);
    }

    public int count(DSLContext dsl, long organizationId, ListFilter filter, PageRequest page) {
        return dsl.fetchCount(USERS, listCondition(organizationId, filter, page));
    }

    private Condition listCondition(long organizationId, ListFilter filter, PageRequest page) {
        Condition condition = owned(organizationId);
        if ("only".equals(filter.trashed())) {
            condition = condition.and(USERS.DELETED_AT.isNotNull());
        } else if (!"with".equals(filter.trashed())) {
            condition = condition.and(USERS.DELETED_AT.isNull());
        }
        if (filter.role() != null) {
            condition = condition.and(USERS.ROLE.eq(filter.role()));
        }
        if (filter.status() != null) {
            condition = condition.and(USERS.STATUS.eq(filter.status()));
        }
        if (page.search().isPresent()) {
            String pattern = PageRequest.likePattern(page.search().get());
            condition = condition.and(USERS.NAME.likeIgnoreCase(pattern, '\\').or(USERS.EMAIL.likeIgnoreCase(pattern, '\\')));
        }
        return condition;
    }

    public long insert(DSLContext dsl, long organizationId, Values values, String passwordHash) {
        return dsl.insertInto(USERS)
                .set(USERS.ORGANIZATION_ID, organizationId)
                .set(columns(values))
                .set(USERS.PASSWORD_HASH, passwordHash)
                .set(USERS.PASSWORD_CHANGED_AT, DSL.currentOffsetDateTime())
                .returning(USERS.ID)
                .fetchOne(USERS.ID);
    }

    public void update(DSLContext dsl, long organizationId, long id, Values values) {
        dsl.update(USERS)
                .set(columns(values))
                .set(USERS.UPDATED_AT, DSL.currentOffsetDateTime())
                .where(owned(organizationId))
                .and(USERS.ID.eq(id))
                .execute();
    }

    /** The columns a create and an update both write. */
    private static Map<Field<?>, Object> columns(Values values) {
        Map<Field<?>, Object> columns = new LinkedHashMap<>();
        columns.put(USERS.NAME, values.name());
        columns.put(USERS.EMAIL, values.email());
        columns.put(USERS.ROLE, values.role().wire());
        columns.put(USERS.STATUS, values.status());
        columns.put(USERS.PHONE, values.phone());
        columns.put(USERS.STREET_ADDRESS, values.streetAddress());
        columns.put(USERS.CITY, values.city());
        columns.put(USERS.STATE_PROVINCE, values.stateProvince());
        columns.put(USERS.POSTAL_CODE, values.postalCode());
        columns.put(USERS.COUNTRY, values.country());
        return columns;
    }

    public void updatePassword(DSLContext dsl, long organizationId, long id, String passwordHash) {
        dsl.update(USERS)
                .set(USERS.PASSWORD_HASH, passwordHash)
                .set(USERS.PASSWORD_CHANGED_AT, DSL.currentOffsetDateTime())
                .set(USERS.UPDATED_AT, DSL.currentOffsetDateTime())
                .where(owned(organizationId))
                .and(USERS.ID.eq(id))
                .execute();
    }

    public void markLoggedIn(DSLContext dsl, long organizationId, long id) {
        dsl.update(USERS)
                .set(USERS.LAST_LOGIN_AT, DSL.currentOffsetDateTime())
                .where(owned(organizationId))
                .and(USERS.ID.eq(id))
                .execute();
    }

    public void setDeleted(DSLContext dsl, long organizationId, long id, boolean deleted) {
        dsl.update(USERS)
                .set(USERS.DELETED_AT, deleted ? DSL.currentOffsetDateTime() : DSL.val((OffsetDateTime) null))
                .set(USERS.UPDATED_AT, DSL.currentOffsetDateTime())
                .where(owned(organizationId))
                .and(USERS.ID.eq(id))
                .execute();
    }

    public int countActiveOwners(DSLContext dsl, long organizationId) {
        return dsl.fetchCount(USERS, owned(organizationId)
                .and(USERS.ROLE.eq(Role.OWNER.wire()))
                .and(USERS.STATUS.eq("active"))
                .and(USERS.DELETED_AT.isNull()));
    }

    /** Each user's lowest-numbered non-deleted extension, in one query for a whole page of users. */
    public Map<Long, UserExtension> extensionsOf(DSLContext dsl, long organizationId, Collection<Long> userIds) {
        Map<Long, UserExtension> result = new HashMap<>();
        if (userIds.isEmpty()) {
            return result;
        }
        dsl.select(EXTENSIONS.USER_ID, EXTENSIONS.ID, EXTENSIONS.EXTENSION_NUMBER, EXTENSIONS.TYPE, EXTENSIONS.STATUS,
                        EXTENSIONS.VOICEMAIL_ENABLED)
                .distinctOn(EXTENSIONS.USER_ID)
                .from(EXTENSIONS)
                .where(EXTENSIONS.ORGANIZATION_ID.eq(organizationId))
                .and(EXTENSIONS.USER_ID.in(userIds))
                .and(EXTENSIONS.DELETED_AT.isNull())
                .orderBy(EXTENSIONS.USER_ID, EXTENSIONS.EXTENSION_NUMBER.cast(Integer.class), EXTENSIONS.ID)
                .forEach(row -> result.put(row.value1(), new UserExtension(
                        row.value2(), row.value3(), row.value4(), row.value5(), row.value6())));
        return result;
    }

    /** An extension that was unassigned from a deleted user. */
    public record Unassigned(long id, String extensionNumber) {
    }

    /** Unassigns every extension of a deleted user; returns them for the audit log and the routing cache. */
    public List<Unassigned> unassignExtensions(DSLContext dsl, long organizationId, long userId) {
        return dsl.update(EXTENSIONS)
                .set(EXTENSIONS.USER_ID, (Long) null)
                .set(EXTENSIONS.UPDATED_AT, DSL.currentOffsetDateTime())
                .where(EXTENSIONS.ORGANIZATION_ID.eq(organizationId))
                .and(EXTENSIONS.USER_ID.eq(userId))
                .returning(EXTENSIONS.ID, EXTENSIONS.EXTENSION_NUMBER)
                .fetch(row -> new Unassigned(row.getId(), row.getExtensionNumber()));
    }

    static User toUser(UsersRecord row) {
        return new User(row.getId(), row.getOrganizationId(), row.getName(), row.getEmail(), row.getPasswordHash(),
                Role.fromDatabase(row.getRole()), row.getStatus(), row.getPhone(), row.getStreetAddress(), row.getCity(),
                row.getStateProvince(), row.getPostalCode(), row.getCountry(), row.getLastLoginAt(), row.getCreatedAt(),
                row.getUpdatedAt(), row.getDeletedAt());
    }
}
