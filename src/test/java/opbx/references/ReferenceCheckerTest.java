package opbx.references;

import static opbx.db.gen.Tables.BUSINESS_HOURS_SCHEDULES;
import static opbx.db.gen.Tables.DID_NUMBERS;
import static opbx.db.gen.Tables.EXTENSIONS;
import static opbx.db.gen.Tables.IVR_MENUS;
import static opbx.db.gen.Tables.IVR_MENU_OPTIONS;
import static opbx.db.gen.Tables.RING_GROUPS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import opbx.http.ApiException;
import opbx.support.Fixtures;
import opbx.support.TestApp;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.junit.jupiter.api.Test;

/** Every kind of reference of control-plane spec §3.15, found by the one checker, on real rows. */
class ReferenceCheckerTest {

    private final DSLContext dsl = TestApp.shared().dsl();
    private final ReferenceChecker checker = new ReferenceChecker();

    private long extension(long org, String number, String type, String configuration) {
        return dsl.insertInto(EXTENSIONS)
                .set(EXTENSIONS.ORGANIZATION_ID, org)
                .set(EXTENSIONS.EXTENSION_NUMBER, number)
                .set(EXTENSIONS.TYPE, type)
                .set(EXTENSIONS.CONFIGURATION, JSONB.valueOf(configuration))
                .set(EXTENSIONS.SIP_PASSWORD, "v1:x")
                .returning(EXTENSIONS.ID).fetchOne(EXTENSIONS.ID);
    }

    private long menu(long org, String name, String failoverType, Long failoverId) {
        return dsl.insertInto(IVR_MENUS)
                .set(IVR_MENUS.ORGANIZATION_ID, org)
                .set(IVR_MENUS.NAME, name)
                .set(IVR_MENUS.TTS_TEXT, "Hello")
                .set(IVR_MENUS.FAILOVER_DESTINATION_TYPE, failoverType)
                .set(IVR_MENUS.FAILOVER_DESTINATION_ID, failoverId)
                .returning(IVR_MENUS.ID).fetchOne(IVR_MENUS.ID);
    }

    private void option(long org, long menu, String digits, String type, long id) {
        dsl.insertInto(IVR_MENU_OPTIONS)
                .set(IVR_MENU_OPTIONS.ORGANIZATION_ID, org)
                .set(IVR_MENU_OPTIONS.IVR_MENU_ID, menu)
                .set(IVR_MENU_OPTIONS.INPUT_DIGITS, digits)
                .set(IVR_MENU_OPTIONS.DESTINATION_TYPE, type)
                .set(IVR_MENU_OPTIONS.DESTINATION_ID, id)
                .set(IVR_MENU_OPTIONS.PRIORITY, (short) 1)
                .execute();
    }

    private long schedule(long org, String name, String openType, String openTarget, String closedType, String closedTarget) {
        return dsl.insertInto(BUSINESS_HOURS_SCHEDULES)
                .set(BUSINESS_HOURS_SCHEDULES.ORGANIZATION_ID, org)
                .set(BUSINESS_HOURS_SCHEDULES.NAME, name)
                .set(BUSINESS_HOURS_SCHEDULES.OPEN_HOURS_ACTION_TYPE, openType)
                .set(BUSINESS_HOURS_SCHEDULES.OPEN_HOURS_ACTION, JSONB.valueOf("{\"target_id\":\"" + openTarget + "\"}"))
                .set(BUSINESS_HOURS_SCHEDULES.CLOSED_HOURS_ACTION_TYPE, closedType)
                .set(BUSINESS_HOURS_SCHEDULES.CLOSED_HOURS_ACTION, JSONB.valueOf("{\"target_id\":\"" + closedTarget + "\"}"))
                .returning(BUSINESS_HOURS_SCHEDULES.ID).fetchOne(BUSINESS_HOURS_SCHEDULES.ID);
    }

    private long did(long org, String type, String key, long id) {
        return dsl.insertInto(DID_NUMBERS)
                .set(DID_NUMBERS.ORGANIZATION_ID, org)
                .set(DID_NUMBERS.PHONE_NUMBER, "+1646" + (1_000_000 + ThreadLocalRandom.current().nextInt(9_000_000)))
                .set(DID_NUMBERS.ROUTING_TYPE, type)
                .set(DID_NUMBERS.ROUTING_CONFIG, JSONB.valueOf("{\"" + key + "\":" + id + "}"))
                .returning(DID_NUMBERS.ID).fetchOne(DID_NUMBERS.ID);
    }

    @Test
    void an_extension_is_found_in_dids_options_failovers_fallbacks_and_business_hours() {
        long org = new Fixtures(dsl).organization("Refs Extension Org");
        long target = extension(org, "1001", "ai_assistant", "{}");
        did(org, "ai_assistant", "ai_assistant_id", target);
        long main = menu(org, "Main", "extension", target);
        option(org, main, "1", "extension", target);
        dsl.insertInto(RING_GROUPS).set(RING_GROUPS.ORGANIZATION_ID, org).set(RING_GROUPS.NAME, "Support")
                .set(RING_GROUPS.FALLBACK_ACTION, "ai_assistant").set(RING_GROUPS.FALLBACK_AI_ASSISTANT_ID, target).execute();
        schedule(org, "Office", "extension", "ext-" + target, "extension", "ext-" + target);

        Map<String, List<Map<String, Object>>> found = checker.find(dsl, org, Target.EXTENSION, target);

        assertEquals(List.of("did_numbers", "ivr_menu_options", "ivr_failovers", "ring_group_fallbacks", "business_hours_actions"),
                List.copyOf(found.keySet()));
        assertEquals("1", found.get("ivr_menu_options").get(0).get("input_digits"));
        assertEquals("Main", found.get("ivr_failovers").get(0).get("ivr_menu_name"));
        assertEquals(List.of("open", "closed"), found.get("business_hours_actions").stream().map(row -> row.get("action")).toList());
    }

    @Test
    void an_ivr_menu_is_found_in_other_menus_ring_group_fallbacks_business_hours_and_ivr_extensions_but_not_in_itself() {
        long org = new Fixtures(dsl).organization("Refs Menu Org");
        long target = menu(org, "Target", "hangup", null);
        option(org, target, "0", "ivr_menu", target);
        long other = menu(org, "Other", "ivr_menu", target);
        option(org, other, "9", "ivr_menu", target);
        dsl.insertInto(RING_GROUPS).set(RING_GROUPS.ORGANIZATION_ID, org).set(RING_GROUPS.NAME, "Sales")
                .set(RING_GROUPS.FALLBACK_ACTION, "ivr_menu").set(RING_GROUPS.FALLBACK_IVR_MENU_ID, target).execute();
        long rgTargetSchedule = schedule(org, "Night", "ivr_menu", "ivr-" + target, "ivr_menu", "ivr-" + other);
        extension(org, "2001", "ivr", "{\"ivr_menu_id\":" + target + ",\"ivr_id\":" + target + "}");

        Map<String, List<Map<String, Object>>> found = checker.find(dsl, org, Target.IVR_MENU, target);

        assertEquals(List.of(Map.of("ivr_menu_id", other, "ivr_menu_name", "Other", "input_digits", "9")),
                found.get("ivr_menu_options"), "the menu's own option 0 is not a reference");
        assertEquals(1, found.get("ivr_failovers").size());
        assertEquals(1, found.get("ring_group_fallbacks").size());
        assertEquals(List.of(Map.of("id", rgTargetSchedule, "name", "Night", "action", "open")), found.get("business_hours_actions"));
        assertEquals("2001", found.get("extensions").get(0).get("extension_number"));
    }

    @Test
    void a_business_hours_schedule_is_referenced_by_dids_only_and_soft_deleted_rows_do_not_count() {
        long org = new Fixtures(dsl).organization("Refs Hours Org");
        long room = extension(org, "1001", "user", "{}");
        long schedule = schedule(org, "Office", "extension", "ext-" + room, "extension", "ext-" + room);
        long number = did(org, "business_hours", "business_hours_schedule_id", schedule);

        ApiException conflict = assertThrows(ApiException.class,
                () -> checker.ensureUnreferenced(dsl, org, Target.BUSINESS_HOURS, schedule));
        assertEquals(409, conflict.status());
        assertEquals("This business hours schedule is being used and cannot be deleted. Please remove all references first.",
                conflict.getMessage());
        assertEquals(number, ((Map<?, ?>) ((List<?>) ((Map<?, ?>) conflict.extra().get("references")).get("did_numbers")).get(0)).get("id"));

        long ringGroupExtension = extension(org, "3001", "ring_group", "{\"ring_group_id\":77}");
        dsl.update(EXTENSIONS).set(EXTENSIONS.DELETED_AT, java.time.OffsetDateTime.now())
                .where(EXTENSIONS.ORGANIZATION_ID.eq(org)).and(EXTENSIONS.ID.eq(ringGroupExtension)).execute();
        assertTrue(checker.find(dsl, org, Target.RING_GROUP, 77).isEmpty());
    }

    @Test
    void another_organisations_rows_are_never_references() {
        long mine = new Fixtures(dsl).organization("Refs Mine Org");
        long theirs = new Fixtures(dsl).organization("Refs Theirs Org");
        long target = extension(mine, "1001", "user", "{}");
        long theirMenu = menu(theirs, "Theirs", "hangup", null);
        option(theirs, theirMenu, "1", "extension", target);

        assertTrue(checker.find(dsl, mine, Target.EXTENSION, target).isEmpty());
    }
}
