package opbx.businesshours;

import static opbx.businesshours.BusinessHoursRows.PATH;
import static opbx.businesshours.BusinessHoursRows.action;
import static opbx.businesshours.BusinessHoursRows.body;
import static opbx.businesshours.BusinessHoursRows.create;
import static opbx.businesshours.BusinessHoursRows.createId;
import static opbx.businesshours.BusinessHoursRows.exception;
import static opbx.businesshours.BusinessHoursRows.range;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import opbx.db.gen.tables.records.AuditLogRecord;
import opbx.support.HttpTestClient.Response;
import opbx.support.Identity;
import opbx.support.Identity.Team;
import opbx.support.TestApp;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;

/** Soft delete with the reference check (control-plane spec §3.8, §3.15), restore, and duplicate. */
class BusinessHoursDeleteTest {

    private final TestApp app = TestApp.shared();

    @Test
    void a_delete_is_soft_keeps_the_children_frees_the_name_and_clears_the_cache_entry() {
        Team team = Identity.team(app, "BH Delete Org");
        BusinessHoursRows rows = new BusinessHoursRows(app.dsl(), team.organizationId());
        long extension = rows.extension();
        long id = createId(team.owner().http(), body("Office", extension, "exceptions",
                List.of(exception("2026-01-16", "Short", "special_hours", null, List.of(range("09:00", "13:00"))))));
        JedisPooled redis = app.server().redis().client();
        String key = "opbx:{" + team.organizationId() + "}:bh:" + id;
        redis.set(key, "x");

        Response response = team.admin().http().delete(PATH + "/" + id);

        assertEquals(204, response.status(), response.body());
        assertEquals("", response.body());
        assertNotNull(rows.schedule(id).getDeletedAt());
        assertEquals(List.of(7, 5, 1, 1), rows.childRows(id));
        assertFalse(redis.exists(key), key);
        assertEquals(404, team.admin().http().get(PATH + "/" + id).status());
        assertEquals(404, team.admin().http().delete(PATH + "/" + id).status(), "a second delete finds nothing");
        List<AuditLogRecord> audit = rows.audit("business_hours.deleted", id);
        assertEquals(1, audit.size());
        assertEquals("Office", audit.get(0).getEntityLabel());
        assertEquals("{}", audit.get(0).getChanges().data());
        createId(team.owner().http(), body("Office", extension));
    }

    @Test
    void a_schedule_a_phone_number_routes_to_is_not_deleted() {
        Team team = Identity.team(app, "BH Delete DID Org");
        BusinessHoursRows rows = new BusinessHoursRows(app.dsl(), team.organizationId());
        long id = createId(team.owner().http(), body("Routed", rows.extension()));
        long did = rows.didTo(id);

        Response response = team.owner().http().delete(PATH + "/" + id);

        assertEquals(409, response.status(), response.body());
        JsonNode body = response.json();
        assertEquals("RESOURCE_IN_USE", body.path("error").path("code").asText());
        assertEquals("This business hours schedule is being used and cannot be deleted. Please remove all references first.",
                body.path("message").asText());
        JsonNode numbers = body.path("references").path("did_numbers");
        assertEquals(did, numbers.get(0).path("id").asLong());
        assertEquals(rows.didNumber(did), numbers.get(0).path("phone_number").asText());
        assertNull(rows.schedule(id).getDeletedAt());
        assertTrue(rows.audit("business_hours.deleted", id).isEmpty());
    }

    @Test
    void a_restore_brings_the_schedule_back_unless_its_name_was_reused() {
        Team team = Identity.team(app, "BH Restore Org");
        BusinessHoursRows rows = new BusinessHoursRows(app.dsl(), team.organizationId());
        long extension = rows.extension();
        long id = createId(team.owner().http(), body("Office", extension));
        assertEquals(204, team.owner().http().delete(PATH + "/" + id).status());
        long reuse = createId(team.owner().http(), body("office", extension));

        Response clash = team.owner().http().post(PATH + "/" + id + "/restore");
        assertEquals(409, clash.status(), clash.body());
        assertEquals("CONFLICT", clash.json().path("error").path("code").asText());
        assertNotNull(rows.schedule(id).getDeletedAt());

        assertEquals(204, team.owner().http().delete(PATH + "/" + reuse).status());
        JedisPooled redis = app.server().redis().client();
        String key = "opbx:{" + team.organizationId() + "}:bh:" + id;
        redis.set(key, "x");
        Response restored = team.admin().http().post(PATH + "/" + id + "/restore");

        assertEquals(200, restored.status(), restored.body());
        assertEquals("Business hours schedule restored successfully.", restored.json().path("message").asText());
        assertEquals("Office", restored.json().path("data").path("name").asText());
        assertEquals(5, countRanges(restored.json().path("data").path("schedule")), "the children came back");
        assertNull(rows.schedule(id).getDeletedAt());
        assertFalse(redis.exists(key), key);
        assertEquals(1, rows.audit("business_hours.restored", id).size());
        assertEquals(404, team.admin().http().post(PATH + "/" + id + "/restore").status(), "only deleted ones restore");
    }

    @Test
    void a_restore_reapplies_the_link_rule_to_the_schedules_actions() {
        Team team = Identity.team(app, "BH Restore Link Org");
        BusinessHoursRows rows = new BusinessHoursRows(app.dsl(), team.organizationId());
        long keep = rows.extension();
        long gone = rows.extension();
        long id = createId(team.owner().http(), body("Office", keep, "closed_hours_action", action("extension", gone)));
        assertEquals(204, team.owner().http().delete(PATH + "/" + id).status());
        rows.softDeleteExtension(gone);

        Response response = team.owner().http().post(PATH + "/" + id + "/restore");

        assertEquals(422, response.status(), response.body());
        assertTrue(response.json().path("errors").has("closed_hours_action.target_id"), response.body());
        assertNotNull(rows.schedule(id).getDeletedAt());
    }

    @Test
    void a_duplicate_copies_everything_under_the_first_free_copy_name() {
        Team team = Identity.team(app, "BH Duplicate Org");
        BusinessHoursRows rows = new BusinessHoursRows(app.dsl(), team.organizationId());
        long group = rows.ringGroup();
        JsonNode source = create(team.owner().http(), body("Office", rows.extension(), "timezone", "Europe/Paris",
                "status", "inactive", "open_hours_action", action("ring_group", "rg-" + group),
                "exceptions", List.of(exception("2026-01-16", "Short", "special_hours", "yearly",
                        List.of(range("09:00", "13:00"))))));
        String id = source.path("id").asText();

        Response first = team.admin().http().post(PATH + "/" + id + "/duplicate");

        assertEquals(201, first.status(), first.body());
        assertEquals("Business hours schedule duplicated successfully.", first.json().path("message").asText());
        JsonNode copy = first.json().path("data");
        assertEquals("Office (Copy)", copy.path("name").asText());
        assertNotEquals(id, copy.path("id").asText());
        assertEquals("inactive", copy.path("status").asText());
        assertEquals("Europe/Paris", copy.path("timezone").asText());
        assertEquals(source.path("open_hours_action"), copy.path("open_hours_action"));
        assertEquals(source.path("closed_hours_action"), copy.path("closed_hours_action"));
        assertEquals("09:00", copy.path("schedule").path("friday").path("time_ranges").get(0).path("start_time").asText());
        assertNotEquals(source.path("schedule").path("friday").path("time_ranges").get(0).path("id"),
                copy.path("schedule").path("friday").path("time_ranges").get(0).path("id"), "new rows");
        assertEquals("yearly", copy.path("exceptions").get(0).path("recurrence").asText());
        assertEquals("13:00", copy.path("exceptions").get(0).path("time_ranges").get(0).path("end_time").asText());
        long copyId = Long.parseLong(copy.path("id").asText());
        List<AuditLogRecord> audit = rows.audit("business_hours.duplicated", copyId);
        assertEquals(1, audit.size());
        assertTrue(audit.get(0).getChanges().data().contains("\"source_id\": \"" + id + "\""), audit.get(0).getChanges().data());

        assertEquals("Office (Copy 2)", team.owner().http().post(PATH + "/" + id + "/duplicate").json()
                .path("data").path("name").asText());
        assertEquals("Office (Copy 3)", team.owner().http().post(PATH + "/" + id + "/duplicate").json()
                .path("data").path("name").asText());
        assertEquals("Office (Copy) (Copy)", team.owner().http().post(PATH + "/" + copyId + "/duplicate").json()
                .path("data").path("name").asText());
        assertEquals(5, rows.schedules());
    }

    private static int countRanges(JsonNode schedule) {
        int count = 0;
        for (String day : BusinessHoursRows.DAYS) {
            count += schedule.path(day).path("time_ranges").size();
        }
        return count;
    }
}
