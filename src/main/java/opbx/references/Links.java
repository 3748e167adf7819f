package opbx.references;

import static opbx.db.gen.Tables.BUSINESS_HOURS_SCHEDULES;
import static opbx.db.gen.Tables.CONFERENCE_ROOMS;
import static opbx.db.gen.Tables.EXTENSIONS;
import static opbx.db.gen.Tables.IVR_MENUS;
import static opbx.db.gen.Tables.RING_GROUPS;
import static opbx.db.gen.Tables.RING_GROUP_MEMBERS;
import static opbx.db.gen.Tables.USERS;

import java.util.Collection;
import org.jooq.Condition;
import org.jooq.DSLContext;

/**
 * The link rule of control-plane spec §0.5: a write that creates or changes a link needs the target in the caller's
 * organisation, not soft-deleted, and (where the resource says so) active. A target elsewhere is reported exactly like
 * a missing one, so these answer only yes or no.
 */
public final class Links {

    /** A non-deleted extension of the organisation, of one of {@code types} (empty = any), active if asked. */
    public boolean extension(DSLContext dsl, long organizationId, long id, boolean requireActive, Collection<String> types) {
        Condition condition = EXTENSIONS.ORGANIZATION_ID.eq(organizationId)
                .and(EXTENSIONS.ID.eq(id))
                .and(EXTENSIONS.DELETED_AT.isNull());
        if (requireActive) {
            condition = condition.and(EXTENSIONS.STATUS.eq("active"));
        }
        if (!types.isEmpty()) {
            condition = condition.and(EXTENSIONS.TYPE.in(types));
        }
        return dsl.fetchExists(EXTENSIONS, condition);
    }

    public boolean ringGroup(DSLContext dsl, long organizationId, long id, boolean requireActive) {
        Condition condition = RING_GROUPS.ORGANIZATION_ID.eq(organizationId).and(RING_GROUPS.ID.eq(id));
        return dsl.fetchExists(RING_GROUPS, requireActive ? condition.and(RING_GROUPS.STATUS.eq("active")) : condition);
    }

    /** An active ring group with at least one active, non-deleted member (a DID may route to it, §3.9). */
    public boolean ringGroupWithActiveMembers(DSLContext dsl, long organizationId, long id) {
        return ringGroup(dsl, organizationId, id, true) && dsl.fetchExists(dsl.selectOne()
                .from(RING_GROUP_MEMBERS)
                .join(EXTENSIONS).on(EXTENSIONS.ORGANIZATION_ID.eq(RING_GROUP_MEMBERS.ORGANIZATION_ID)
                        .and(EXTENSIONS.ID.eq(RING_GROUP_MEMBERS.EXTENSION_ID)))
                .where(RING_GROUP_MEMBERS.ORGANIZATION_ID.eq(organizationId))
                .and(EXTENSIONS.ORGANIZATION_ID.eq(organizationId))
                .and(RING_GROUP_MEMBERS.RING_GROUP_ID.eq(id))
                .and(EXTENSIONS.STATUS.eq("active"))
                .and(EXTENSIONS.DELETED_AT.isNull()));
    }

    public boolean conferenceRoom(DSLContext dsl, long organizationId, long id, boolean requireActive) {
        Condition condition = CONFERENCE_ROOMS.ORGANIZATION_ID.eq(organizationId).and(CONFERENCE_ROOMS.ID.eq(id));
        return dsl.fetchExists(CONFERENCE_ROOMS, requireActive ? condition.and(CONFERENCE_ROOMS.STATUS.eq("active")) : condition);
    }

    public boolean ivrMenu(DSLContext dsl, long organizationId, long id, boolean requireActive) {
        Condition condition = IVR_MENUS.ORGANIZATION_ID.eq(organizationId).and(IVR_MENUS.ID.eq(id));
        return dsl.fetchExists(IVR_MENUS, requireActive ? condition.and(IVR_MENUS.STATUS.eq("active")) : condition);
    }

    /** A non-deleted business-hours schedule (active or not: an inactive one routes as always open). */
    public boolean businessHours(DSLContext dsl, long organizationId, long id) {
        return dsl.fetchExists(BUSINESS_HOURS_SCHEDULES, BUSINESS_HOURS_SCHEDULES.ORGANIZATION_ID.eq(organizationId)
                .and(BUSINESS_HOURS_SCHEDULES.ID.eq(id))
                .and(BUSINESS_HOURS_SCHEDULES.DELETED_AT.isNull()));
    }

    /** A non-deleted user of the organisation (no active requirement). */
    public boolean user(DSLContext dsl, long organizationId, long id) {
        return dsl.fetchExists(USERS, USERS.ORGANIZATION_ID.eq(organizationId)
                .and(USERS.ID.eq(id))
                .and(USERS.DELETED_AT.isNull()));
    }
}
