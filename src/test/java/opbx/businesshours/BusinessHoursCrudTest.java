package opbx.businesshours;

import static opbx.businesshours.BusinessHoursRows.PATH;
import static opbx.businesshours.BusinessHoursRows.action;
import static opbx.businesshours.BusinessHoursRows.body;
import static opbx.businesshours.BusinessHoursRows.create;
import static opbx.businesshours.BusinessHoursRows.createId;
import static opbx.businesshours.BusinessHoursRows.day;
import static opbx.businesshours.BusinessHoursRows.exception;
import static opbx.businesshours.BusinessHoursRows.fieldNames;
import static opbx.businesshours.BusinessHoursRows.json;
import static opbx.businesshours.BusinessHoursRows.patch;
import static opbx.businesshours.BusinessHoursRows.range;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import opbx.db.gen.tables.records.AuditLogRecord;
import opbx.db.gen.tables.records.BusinessHoursSchedulesRecord;
import opbx.support.HttpTestClient.Response;
import opbx.support.Identity;
import opbx.support.Identity.Team;
import opbx.support.TestApp;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;

/** Create, show and update of /api/v1/business-hours and the response shape of control-plane spec §3.8. */
class BusinessHoursCrudTest {

    private final TestApp app = TestApp.shared();

    @Test
    void a_created_schedule_answers_the_full_object_with_string_ids_all_days_and_prefixed_targets() {
        Team team = Identity.team(app, "BH Create Org");
        BusinessHoursRows rows = new BusinessHoursRows(app.dsl(), team.organizationId());
        rows.organizationTimezone("America/New_York");
        long group = rows.ringGroup();
        long extension = rows.extension();
        Map<String, Object> body = body("Office", extension,
                "open_hours_action", action("ring_group", String.valueOf(group)),
                "closed_hours_action", action("extension", extension),
                "exceptions", List.of(
                        exception("2026-01-16", "Short day", "special_hours", null, List.of(range("09:00", "13:00"))),
                        exception("2025-12-25", "Christmas", "closed", "yearly", null)));

        Response response = team.admin().http().postJson(PATH, json(body));

        assertEquals(201, response.status(), response.body());
        assertEquals("Business hours schedule created successfully.", response.json().path("message").asText());
        JsonNode data = response.json().path("data");
        assertTrue(data.path("id").isTextual(), data.toString());
        assertEquals(String.valueOf(team.organizationId()), data.path("organization_id").asText());
        assertTrue(data.path("organization_id").isTextual());
        assertEquals("Office", data.path("name").asText());
        assertEquals("active", data.path("status").asText());
        assertTrue(data.path("timezone").isNull());
        assertEquals("America/New_York", data.path("effective_timezone").asText());
        assertEquals(BusinessHoursRows.DAYS, fieldNames(data.path("schedule")));
        JsonNode monday = data.path("schedule").path("monday");
        assertTrue(monday.path("enabled").asBoolean());
        assertTrue(monday.path("time_ranges").get(0).path("id").isTextual());
        assertEquals("09:00", monday.path("time_ranges").get(0).path("start_time").asText());
        assertEquals("17:00", monday.path("time_ranges").get(0).path("end_time").asText());
        assertFalse(data.path("schedule").path("sunday").path("enabled").asBoolean());
        assertEquals(0, data.path("schedule").path("sunday").path("time_ranges").size());
        JsonNode exceptions = data.path("exceptions");
        assertEquals(2, exceptions.size());
        assertEquals("2025-12-25", exceptions.get(0).path("date").asText(), "sorted by date");
        assertEquals("yearly", exceptions.get(0).path("recurrence").asText());
        assertTrue(exceptions.get(0).path("time_ranges").isMissingNode(), "closed exceptions have no time_ranges");
        assertTrue(exceptions.get(0).path("id").isTextual());
        assertEquals("Short day", exceptions.get(1).path("name").asText());
        assertEquals("once", exceptions.get(1).path("recurrence").asText());
        assertEquals("13:00", exceptions.get(1).path("time_ranges").get(0).path("end_time").asText());
        assertTrue(exceptions.get(1).path("time_ranges").get(0).path("id").isTextual());
        assertEquals("ring_group", data.path("open_hours_action").path("type").asText());
        assertEquals("rg-" + group, data.path("open_hours_action").path("target_id").asText(), "a bare id is stored prefixed");
        assertEquals("ext-" + extension, data.path("closed_hours_action").path("target_id").asText());
        assertTrue(List.of("open", "closed").contains(data.path("current_status").asText()));
        assertTrue(data.path("created_at").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"), data.toString());

        Response show = team.user().http().get(PATH + "/" + data.path("id").asText());
        assertEquals(200, show.status(), show.body());
        assertEquals(data, show.json().path("data"));
    }

    @Test
    void every_action_type_is_accepted_with_its_prefix_and_a_schedule_timezone_wins_over_the_organisations() {
        Team team = Identity.team(app, "BH Types Org");
        BusinessHoursRows rows = new BusinessHoursRows(app.dsl(), team.organizationId());
        rows.organizationTimezone("America/New_York");
        long room = rows.conferenceRoom();
        long menu = rows.ivrMenu();

        JsonNode data = create(team.owner().http(), body("Types", rows.extension(), "timezone", "Europe/London",
                "open_hours_action", action("conference_room", "conf-" + room),
                "closed_hours_action", action("ivr_menu", "ivr-" + menu)));

        assertEquals("conf-" + room, data.path("open_hours_action").path("target_id").asText());
        assertEquals("ivr-" + menu, data.path("closed_hours_action").path("target_id").asText());
        assertEquals("Europe/London", data.path("timezone").asText());
        assertEquals("Europe/London", data.path("effective_timezone").asText());
        BusinessHoursSchedulesRecord row = rows.schedule(Long.parseLong(data.path("id").asText()));
        assertEquals("{\"target_id\": \"conf-" + room + "\"}", row.getOpenHoursAction().data());
        assertEquals(menu, row.getClosedHoursTargetId());
    }

    @Test
    void current_status_follows_the_shared_rules_round_the_clock_closed_and_inactive() {
        Team team = Identity.team(app, "BH Status Org");
        BusinessHoursRows rows = new BusinessHoursRows(app.dsl(), team.organizationId());
        long extension = rows.extension();
        Map<String, Object> always = new LinkedHashMap<>();
        Map<String, Object> never = new LinkedHashMap<>();
        for (String name : BusinessHoursRows.DAYS) {
            always.put(name, day(true, range("00:00", "00:00")));
            never.put(name, day(false));
        }

        assertEquals("open", create(team.owner().http(), body("Always", extension, "schedule", always))
                .path("current_status").asText());
        assertEquals("closed", create(team.owner().http(), body("Never", extension, "schedule", never))
                .path("current_status").asText());
        assertEquals("open", create(team.owner().http(), body("Off", extension, "schedule", never, "status", "inactive"))
                .path("current_status").asText(), "inactive means time rules off: always open");
    }

    @Test
    void the_service_reports_current_status_at_a_given_instant_in_the_organisations_timezone() {
        Team team = Identity.team(app, "BH Clock Org");
        BusinessHoursRows rows = new BusinessHoursRows(app.dsl(), team.organizationId());
        rows.organizationTimezone("America/New_York");
        long id = createId(team.owner().http(), body("Office", rows.extension()));
        BusinessHoursRepository repository = new BusinessHoursRepository();

        assertEquals("open", repository.currentStatus(app.dsl(), team.organizationId(), id,
                Instant.parse("2026-01-05T15:00:00Z")));
        assertEquals("closed", repository.currentStatus(app.dsl(), team.organizationId(), id,
                Instant.parse("2026-01-05T23:00:00Z")));
        Team other = Identity.team(app, "BH Clock Other Org");
        assertNull(repository.currentStatus(app.dsl(), other.organizationId(), id,
                Instant.parse("2026-01-05T15:00:00Z")), "another organisation's schedule does not exist");
    }

    @Test
    void an_update_changes_only_what_it_sends_and_clears_the_routing_cache_entry() {
        Team team = Identity.team(app, "BH Update Org");
        BusinessHoursRows rows = new BusinessHoursRows(app.dsl(), team.organizationId());
        JsonNode created = create(team.owner().http(), body("Office", rows.extension(), "exceptions",
                List.of(exception("2026-07-03", "Independence", "closed", null, null))));
        String id = created.path("id").asText();
        JedisPooled redis = app.server().redis().client();
        String key = "opbx:{" + team.organizationId() + "}:bh:" + id;
        redis.set(key, "x");

        Response response = team.admin().http().put(PATH + "/" + id, json(Map.of("name", "Head office", "timezone", "Asia/Tokyo")));

        assertEquals(200, response.status(), response.body());
        assertEquals("Business hours schedule updated successfully.", response.json().path("message").asText());
        JsonNode data = response.json().path("data");
        assertEquals("Head office", data.path("name").asText());
        assertEquals("Asia/Tokyo", data.path("effective_timezone").asText());
        assertEquals(created.path("schedule"), data.path("schedule"), "absent schedule = unchanged, same range ids");
        assertEquals(created.path("exceptions"), data.path("exceptions"));
        assertEquals(created.path("open_hours_action"), data.path("open_hours_action"));
        assertFalse(redis.exists(key), key);

        List<AuditLogRecord> audit = rows.audit("business_hours.updated", Long.parseLong(id));
        assertEquals(1, audit.size());
        assertEquals("Office", audit.get(0).getEntityLabel());
        String changes = audit.get(0).getChanges().data();
        assertTrue(changes.contains("\"name\": {\"to\": \"Head office\", \"from\": \"Office\"}")
                || changes.contains("\"name\": {\"from\": \"Office\", \"to\": \"Head office\"}"), changes);
        assertFalse(changes.contains("schedule"), changes);
    }

    @Test
    void a_patch_with_schedule_and_exceptions_replaces_them_as_a_whole_and_audits_them_as_lists() {
        Team team = Identity.team(app, "BH Replace Org");
        BusinessHoursRows rows = new BusinessHoursRows(app.dsl(), team.organizationId());
        long id = createId(team.owner().http(), body("Office", rows.extension(), "exceptions",
                List.of(exception("2026-07-03", "Independence", "closed", null, null))));

        Response response = patch(team.owner().http(), PATH + "/" + id, json(Map.of(
                "schedule", Map.of("saturday", day(true, range("10:00", "12:00"), range("13:00", "15:00"))),
                "exceptions", List.of())));

        assertEquals(200, response.status(), response.body());
        JsonNode schedule = response.json().path("data").path("schedule");
        assertFalse(schedule.path("monday").path("enabled").asBoolean(), "missing days are disabled");
        assertEquals(2, schedule.path("saturday").path("time_ranges").size());
        assertEquals(0, response.json().path("data").path("exceptions").size());
        assertEquals(List.of(7, 2, 0, 0), rows.childRows(id), "old rows removed, one row per day kept");
        String changes = rows.audit("business_hours.updated", id).get(0).getChanges().data();
        assertTrue(changes.contains("saturday 10:00-12:00") && changes.contains("monday 09:00-17:00"), changes);
        assertTrue(changes.contains("2026-07-03 Independence: closed, once"), changes);
    }

    @Test
    void creating_writes_one_audit_row_with_the_initial_fields_and_collections() {
        Team team = Identity.team(app, "BH Audit Org");
        BusinessHoursRows rows = new BusinessHoursRows(app.dsl(), team.organizationId());
        long extension = rows.extension();
        long id = createId(team.owner().http(), body("Audited", extension));

        List<AuditLogRecord> audit = rows.audit("business_hours.created", id);

        assertEquals(1, audit.size());
        assertEquals("business_hours", audit.get(0).getEntityType());
        assertEquals("Audited", audit.get(0).getEntityLabel());
        assertEquals(team.owner().userId(), audit.get(0).getActorUserId());
        String changes = audit.get(0).getChanges().data();
        assertTrue(changes.contains("\"schedule\": [\"monday 09:00-17:00\""), changes);
        assertTrue(changes.contains("ext-" + extension), changes);
    }

    @Test
    void an_unchanged_link_to_a_target_deactivated_since_is_not_rechecked_but_a_new_one_is() {
        Team team = Identity.team(app, "BH Link Rule Org");
        BusinessHoursRows rows = new BusinessHoursRows(app.dsl(), team.organizationId());
        long extension = rows.extension();
        long id = createId(team.owner().http(), body("Office", extension));
        rows.setExtensionStatus(extension, "inactive");

        Response rename = team.owner().http().put(PATH + "/" + id, json(Map.of("name", "Renamed",
                "open_hours_action", action("extension", "ext-" + extension))));
        assertEquals(200, rename.status(), rename.body());

        long other = rows.extension("inactive");
        Response relink = team.owner().http().put(PATH + "/" + id, json(Map.of(
                "closed_hours_action", action("extension", other))));
        assertEquals(422, relink.status(), relink.body());
        assertEquals("The selected target id is invalid.",
                relink.json().path("errors").path("closed_hours_action.target_id").get(0).asText());
        assertEquals(extension, rows.schedule(id).getClosedHoursTargetId(), "the stored link is unchanged");
    }

    @Test
    void the_list_uses_100_per_page_by_default_with_a_clean_envelope_sorted_by_name() {
        Team team = Identity.team(app, "BH List Org");
        BusinessHoursRows rows = new BusinessHoursRows(app.dsl(), team.organizationId());
        long extension = rows.extension();
        createId(team.owner().http(), body("beta", extension));
        createId(team.owner().http(), body("Alpha", extension, "status", "inactive"));
        long gone = createId(team.owner().http(), body("Gamma", extension));
        assertEquals(204, team.owner().http().delete(PATH + "/" + gone).status());

        Response list = team.reporter().http().get(PATH);

        assertEquals(200, list.status(), list.body());
        JsonNode meta = list.json().path("meta");
        assertEquals(List.of("current_page", "per_page", "total", "last_page", "from", "to"), fieldNames(meta));
        assertEquals(100, meta.path("per_page").asInt());
        assertEquals(1, meta.path("current_page").asInt());
        assertEquals(2, meta.path("total").asInt());
        assertEquals(1, meta.path("last_page").asInt());
        assertEquals(1, meta.path("from").asInt());
        assertEquals(2, meta.path("to").asInt());
        assertEquals(List.of("data", "meta"), fieldNames(list.json()));
        assertEquals("Alpha", list.json().path("data").get(0).path("name").asText());
        assertEquals("beta", list.json().path("data").get(1).path("name").asText());
        assertTrue(list.json().path("data").get(0).path("id").isTextual());

        assertEquals(1, team.owner().http().get(PATH + "?status=inactive").json().path("meta").path("total").asInt());
        assertEquals("beta", team.owner().http().get(PATH + "?search=ET").json().path("data").get(0).path("name").asText());
        assertEquals("Gamma", team.owner().http().get(PATH + "?trashed=only").json().path("data").get(0).path("name").asText());
        assertEquals(3, team.owner().http().get(PATH + "?trashed=with").json().path("meta").path("total").asInt());
        assertEquals("beta", team.owner().http().get(PATH + "?sort=name&order=desc").json().path("data").get(0)
                .path("name").asText());
        assertEquals(1, team.owner().http().get(PATH + "?per_page=1").json().path("meta").path("per_page").asInt());
        assertEquals(100, team.owner().http().get(PATH + "?per_page=1000").json().path("meta").path("per_page").asInt());
    }
}
