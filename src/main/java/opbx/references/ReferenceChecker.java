package opbx.references;

import static opbx.db.gen.Tables.BUSINESS_HOURS_SCHEDULES;
import static opbx.db.gen.Tables.DID_NUMBERS;
import static opbx.db.gen.Tables.EXTENSIONS;
import static opbx.db.gen.Tables.IVR_MENUS;
import static opbx.db.gen.Tables.IVR_MENU_OPTIONS;
import static opbx.db.gen.Tables.RING_GROUPS;
import static opbx.db.gen.Tables.RING_GROUP_MEMBERS;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import opbx.http.ApiException;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * The one reference check before deleting an extension, ring group, IVR menu, conference room or business-hours
 * schedule (control-plane spec §3.15). Run it inside the delete's transaction after locking the target row; any
 * reference makes the delete a 409 {@code RESOURCE_IN_USE} listing every reference found. Soft-deleted rows are not
 * references.
 */
public final class ReferenceChecker {

    /** Throws the 409 when anything still points at the target. */
    public void ensureUnreferenced(DSLContext trx, long organizationId, Target target, long id) {
        Map<String, List<Map<String, Object>>> references = find(trx, organizationId, target, id);
        if (!references.isEmpty()) {
            String message = "This " + target.label() + " is being used and cannot be deleted. Please remove all references first.";
            throw new ApiException(409, "RESOURCE_IN_USE", message, Map.of("references", references));
        }
    }

    /** Every reference to the target, by the keys of the spec's table; a key is present only when non-empty. */
    public Map<String, List<Map<String, Object>>> find(DSLContext trx, long organizationId, Target target, long id) {
        Map<String, List<Map<String, Object>>> found = new LinkedHashMap<>();
        put(found, "did_numbers", didNumbers(trx, organizationId, target, id));
        if (target == Target.BUSINESS_HOURS) {
            return found;
        }
        String destination = destinationType(target);
        put(found, "ivr_menu_options", ivrOptions(trx, organizationId, destination, id, target == Target.IVR_MENU));
        put(found, "ivr_failovers", ivrFailovers(trx, organizationId, destination, id, target == Target.IVR_MENU));
        if (target == Target.EXTENSION) {
            put(found, "ring_group_members", ringGroupMembers(trx, organizationId, id));
        }
        if (target != Target.CONFERENCE_ROOM) {
            put(found, "ring_group_fallbacks", ringGroupFallbacks(trx, organizationId, target, id));
        }
        put(found, "business_hours_actions", businessHoursActions(trx, organizationId, destination, id));
        if (target != Target.EXTENSION) {
            put(found, "extensions", extensions(trx, organizationId, target, id));
        }
        return found;
    }

    private static void put(Map<String, List<Map<String, Object>>> found, String key, List<Map<String, Object>> rows) {
        if (!rows.isEmpty()) {
            found.put(key, rows);
        }
    }

    /** The DID routing types that point at this kind of target. */
    private static List<Map<String, Object>> didNumbers(DSLContext trx, long organizationId, Target target, long id) {
        List<String> routingTypes = switch (target) {
            case EXTENSION -> List.of("extension", "ai_assistant");
            case RING_GROUP -> List.of("ring_group");
            case IVR_MENU -> List.of("ivr_menu");
            case CONFERENCE_ROOM -> List.of("conference_room");
            case BUSINESS_HOURS -> List.of("business_hours");
        };
        return trx.select(DID_NUMBERS.ID, DID_NUMBERS.PHONE_NUMBER)
                .from(DID_NUMBERS)
                .where(DID_NUMBERS.ORGANIZATION_ID.eq(organizationId))
                .and(DID_NUMBERS.ROUTING_TYPE.in(routingTypes))
                .and(DID_NUMBERS.TARGET_ID.eq(id))
                .orderBy(DID_NUMBERS.ID)
                .fetch(row -> Map.of("id", row.value1(), "phone_number", row.value2()));
    }

    private static List<Map<String, Object>> ivrOptions(DSLContext trx, long organizationId, String destination, long id,
                                                        boolean otherMenusOnly) {
        Condition condition = IVR_MENU_OPTIONS.ORGANIZATION_ID.eq(organizationId)
                .and(IVR_MENU_OPTIONS.DESTINATION_TYPE.eq(destination))
                .and(IVR_MENU_OPTIONS.DESTINATION_ID.eq(id));
        if (otherMenusOnly) {
            condition = condition.and(IVR_MENU_OPTIONS.IVR_MENU_ID.ne(id));
        }
        return trx.select(IVR_MENU_OPTIONS.IVR_MENU_ID, IVR_MENUS.NAME, IVR_MENU_OPTIONS.INPUT_DIGITS)
                .from(IVR_MENU_OPTIONS)
                .join(IVR_MENUS).on(IVR_MENUS.ORGANIZATION_ID.eq(IVR_MENU_OPTIONS.ORGANIZATION_ID)
                        .and(IVR_MENUS.ID.eq(IVR_MENU_OPTIONS.IVR_MENU_ID)))
                .where(condition)
                .and(IVR_MENUS.ORGANIZATION_ID.eq(organizationId))
                .orderBy(IVR_MENU_OPTIONS.IVR_MENU_ID, IVR_MENU_OPTIONS.INPUT_DIGITS)
                .fetch(row -> Map.of("ivr_menu_id", row.value1(), "ivr_menu_name", row.value2(), "input_digits", row.value3()));
    }

    private static List<Map<String, Object>> ivrFailovers(DSLContext trx, long organizationId, String destination, long id,
                                                          boolean otherMenusOnly) {
        Condition condition = IVR_MENUS.ORGANIZATION_ID.eq(organizationId)
                .and(IVR_MENUS.FAILOVER_DESTINATION_TYPE.eq(destination))
                .and(IVR_MENUS.FAILOVER_DESTINATION_ID.eq(id));
        if (otherMenusOnly) {
            condition = condition.and(IVR_MENUS.ID.ne(id));
        }
        return trx.select(IVR_MENUS.ID, IVR_MENUS.NAME)
                .from(IVR_MENUS)
                .where(condition)
                .orderBy(IVR_MENUS.ID)
                .fetch(row -> Map.of("id", row.value1(), "ivr_menu_name", row.value2()));
    }

    private static List<Map<String, Object>> ringGroupMembers(DSLContext trx, long organizationId, long extensionId) {
        return trx.select(RING_GROUP_MEMBERS.RING_GROUP_ID, RING_GROUPS.NAME)
                .from(RING_GROUP_MEMBERS)
                .join(RING_GROUPS).on(RING_GROUPS.ORGANIZATION_ID.eq(RING_GROUP_MEMBERS.ORGANIZATION_ID)
                        .and(RING_GROUPS.ID.eq(RING_GROUP_MEMBERS.RING_GROUP_ID)))
                .where(RING_GROUP_MEMBERS.ORGANIZATION_ID.eq(organizationId))
                .and(RING_GROUPS.ORGANIZATION_ID.eq(organizationId))
                .and(RING_GROUP_MEMBERS.EXTENSION_ID.eq(extensionId))
                .orderBy(RING_GROUP_MEMBERS.RING_GROUP_ID)
                .fetch(row -> Map.of("ring_group_id", row.value1(), "ring_group_name", row.value2()));
    }

    private static List<Map<String, Object>> ringGroupFallbacks(DSLContext trx, long organizationId, Target target, long id) {
        Condition pointsHere = switch (target) {
            case EXTENSION -> RING_GROUPS.FALLBACK_EXTENSION_ID.eq(id).or(RING_GROUPS.FALLBACK_AI_ASSISTANT_ID.eq(id));
            case RING_GROUP -> RING_GROUPS.FALLBACK_RING_GROUP_ID.eq(id).and(RING_GROUPS.ID.ne(id));
            case IVR_MENU -> RING_GROUPS.FALLBACK_IVR_MENU_ID.eq(id);
            default -> DSL.falseCondition();
        };
        return trx.select(RING_GROUPS.ID, RING_GROUPS.NAME)
                .from(RING_GROUPS)
                .where(RING_GROUPS.ORGANIZATION_ID.eq(organizationId))
                .and(pointsHere)
                .orderBy(RING_GROUPS.ID)
                .fetch(row -> Map.of("id", row.value1(), "name", row.value2()));
    }

    private static List<Map<String, Object>> businessHoursActions(DSLContext trx, long organizationId, String destination,
                                                                  long id) {
        var schedules = BUSINESS_HOURS_SCHEDULES;
        Condition live = schedules.ORGANIZATION_ID.eq(organizationId).and(schedules.DELETED_AT.isNull());
        List<Map<String, Object>> open = trx.select(schedules.ID, schedules.NAME)
                .from(schedules)
                .where(live)
                .and(schedules.OPEN_HOURS_ACTION_TYPE.eq(destination))
                .and(schedules.OPEN_HOURS_TARGET_ID.eq(id))
                .orderBy(schedules.ID)
                .fetch(row -> Map.of("id", row.value1(), "name", row.value2(), "action", "open"));
        List<Map<String, Object>> closed = trx.select(schedules.ID, schedules.NAME)
                .from(schedules)
                .where(live)
                .and(schedules.CLOSED_HOURS_ACTION_TYPE.eq(destination))
                .and(schedules.CLOSED_HOURS_TARGET_ID.eq(id))
                .orderBy(schedules.ID)
                .fetch(row -> Map.of("id", row.value1(), "name", row.value2(), "action", "closed"));
        return Stream.concat(open.stream(), closed.stream()).toList();
    }

    /** Extensions of type ring_group / ivr / conference whose configuration names the target. */
    private static List<Map<String, Object>> extensions(DSLContext trx, long organizationId, Target target, long id) {
        String type = switch (target) {
            case RING_GROUP -> "ring_group";
            case IVR_MENU -> "ivr";
            case CONFERENCE_ROOM -> "conference";
            default -> null;
        };
        if (type == null) {
            return List.of();
        }
        return trx.select(EXTENSIONS.ID, EXTENSIONS.EXTENSION_NUMBER)
                .from(EXTENSIONS)
                .where(EXTENSIONS.ORGANIZATION_ID.eq(organizationId))
                .and(EXTENSIONS.TYPE.eq(type))
                .and(EXTENSIONS.CONFIG_TARGET_ID.eq(id))
                .and(EXTENSIONS.DELETED_AT.isNull())
                .orderBy(EXTENSIONS.ID)
                .fetch(row -> Map.of("id", row.value1(), "extension_number", row.value2()));
    }

    /** The {@code destination_type} / action type name of a target in IVR options, failovers and business hours. */
    private static String destinationType(Target target) {
        return switch (target) {
            case EXTENSION -> "extension";
            case RING_GROUP -> "ring_group";
            case IVR_MENU -> "ivr_menu";
            case CONFERENCE_ROOM -> "conference_room";
            case BUSINESS_HOURS -> "business_hours";
        };
    }
}
