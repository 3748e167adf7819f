package opbx.ringgroups;

import static opbx.db.gen.Tables.AUDIT_LOG;
import static opbx.db.gen.Tables.EXTENSIONS;
import static opbx.db.gen.Tables.RING_GROUPS;
import static opbx.db.gen.Tables.RING_GROUP_MEMBERS;
import static opbx.db.gen.Tables.USERS;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import opbx.db.gen.tables.records.AuditLogRecord;
import opbx.db.gen.tables.records.RingGroupsRecord;
import opbx.support.Rows;
import opbx.support.TestData;
import org.jooq.DSLContext;
import org.jooq.JSONB;

/**
 * Rows the ring-group tests need, written straight to the database (the extensions, IVR and phone-number APIs belong
 * to other features), and reads of what the API wrote. Every statement is scoped by organisation.
 */
final class RingGroupRows {

    private static final AtomicInteger NUMBERS = new AtomicInteger(1000);

    private final DSLContext dsl;
    private final long org;

    RingGroupRows(DSLContext dsl, long org) {
        this.dsl = dsl;
        this.org = org;
    }

    /** An active, unassigned {@code user} extension. */
    long extension() {
        return extension("user", "active", null);
    }

    long extension(String type, String status, Long userId) {
        return dsl.insertInto(EXTENSIONS)
                .set(EXTENSIONS.ORGANIZATION_ID, org)
                .set(EXTENSIONS.EXTENSION_NUMBER, String.valueOf(NUMBERS.incrementAndGet()))
                .set(EXTENSIONS.TYPE, type)
                .set(EXTENSIONS.STATUS, status)
                .set(EXTENSIONS.USER_ID, userId)
                .set(EXTENSIONS.SIP_PASSWORD, "v1:x")
                .returning(EXTENSIONS.ID)
                .fetchOne(EXTENSIONS.ID);
    }

    /** A {@code ring_group} extension whose configuration points at the group. */
    long ringGroupExtension(long groupId) {
        return dsl.insertInto(EXTENSIONS)
                .set(EXTENSIONS.ORGANIZATION_ID, org)
                .set(EXTENSIONS.EXTENSION_NUMBER, String.valueOf(NUMBERS.incrementAndGet()))
                .set(EXTENSIONS.TYPE, "ring_group")
                .set(EXTENSIONS.CONFIGURATION, JSONB.valueOf("{\"ring_group_id\":" + groupId + "}"))
                .set(EXTENSIONS.SIP_PASSWORD, "v1:x")
                .returning(EXTENSIONS.ID)
                .fetchOne(EXTENSIONS.ID);
    }

    String extensionNumber(long id) {
        return dsl.select(EXTENSIONS.EXTENSION_NUMBER)
                .from(EXTENSIONS)
                .where(EXTENSIONS.ORGANIZATION_ID.eq(org))
                .and(EXTENSIONS.ID.eq(id))
                .fetchOne(EXTENSIONS.EXTENSION_NUMBER);
    }

    void setExtensionStatus(long id, String status) {
        dsl.update(EXTENSIONS)
                .set(EXTENSIONS.STATUS, status)
                .where(EXTENSIONS.ORGANIZATION_ID.eq(org))
                .and(EXTENSIONS.ID.eq(id))
                .execute();
    }

    void softDeleteExtension(long id) {
        dsl.update(EXTENSIONS)
                .set(EXTENSIONS.DELETED_AT, OffsetDateTime.now())
                .where(EXTENSIONS.ORGANIZATION_ID.eq(org))
                .and(EXTENSIONS.ID.eq(id))
                .execute();
    }

    long user(String name) {
        return dsl.insertInto(USERS)
                .set(USERS.ORGANIZATION_ID, org)
                .set(USERS.NAME, name)
                .set(USERS.EMAIL, TestData.uniqueEmail("member"))
                .set(USERS.PASSWORD_HASH, "x")
                .set(USERS.ROLE, "pbx_user")
                .returning(USERS.ID)
                .fetchOne(USERS.ID);
    }

    long ivrMenu(String name, String status) {
        return Rows.ivrMenu(dsl, org, name, status);
    }

    /** A DID routed to the group; returns its number, unique across all organisations (retried on a clash). */
    String didTo(long groupId) {
        return Rows.did(dsl, org, "+1212555", "ring_group", "ring_group_id", groupId);
    }

    /** A {@code members} value: the extensions in order, priorities left to their defaults. */
    static List<Map<String, Object>> members(long... extensionIds) {
        List<Map<String, Object>> members = new ArrayList<>();
        for (long id : extensionIds) {
            members.add(Map.of("extension_id", id));
        }
        return members;
    }

    static Map<String, Object> member(long extensionId, Object priority) {
        return Map.of("extension_id", extensionId, "priority", priority);
    }

    RingGroupsRecord group(long id) {
        return dsl.selectFrom(RING_GROUPS)
                .where(RING_GROUPS.ORGANIZATION_ID.eq(org))
                .and(RING_GROUPS.ID.eq(id))
                .fetchOne();
    }

    /** Extension ids of the group's members by priority, then id. */
    List<Long> memberExtensionIds(long groupId) {
        return dsl.select(RING_GROUP_MEMBERS.EXTENSION_ID)
                .from(RING_GROUP_MEMBERS)
                .where(RING_GROUP_MEMBERS.ORGANIZATION_ID.eq(org))
                .and(RING_GROUP_MEMBERS.RING_GROUP_ID.eq(groupId))
                .orderBy(RING_GROUP_MEMBERS.PRIORITY, RING_GROUP_MEMBERS.ID)
                .fetch(RING_GROUP_MEMBERS.EXTENSION_ID);
    }

    int memberRows(long groupId) {
        return dsl.fetchCount(RING_GROUP_MEMBERS, RING_GROUP_MEMBERS.ORGANIZATION_ID.eq(org)
                .and(RING_GROUP_MEMBERS.RING_GROUP_ID.eq(groupId)));
    }

    List<AuditLogRecord> audit(String action, long groupId) {
        return dsl.selectFrom(AUDIT_LOG)
                .where(AUDIT_LOG.ORGANIZATION_ID.eq(org))
                .and(AUDIT_LOG.ACTION.eq(action))
                .and(AUDIT_LOG.ENTITY_ID.eq(String.valueOf(groupId)))
                .orderBy(AUDIT_LOG.ID)
                .fetch();
    }
}
