package opbx.ivr;

import static opbx.ivr.IvrMenuRows.PATH;
import static opbx.ivr.IvrMenuRows.create;
import static opbx.ivr.IvrMenuRows.json;
import static opbx.ivr.IvrMenuRows.menu;
import static opbx.ivr.IvrMenuRows.option;
import static opbx.ivr.IvrMenuRows.patch;
import static opbx.support.TestData.fieldNames;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import opbx.db.gen.tables.records.AuditLogRecord;
import opbx.db.gen.tables.records.IvrMenuOptionsRecord;
import opbx.db.gen.tables.records.IvrMenusRecord;
import opbx.support.HttpTestClient;
import opbx.support.HttpTestClient.Response;
import opbx.support.Identity;
import opbx.support.Identity.Team;
import opbx.support.TestApp;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;

/** /api/v1/ivr-menus: create, show, partial update, option replacement, audit and cache (control-plane spec §3.5). */
class IvrMenuCrudTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String TIMESTAMP = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z";

    private final TestApp app = TestApp.shared();

    // ---------------------------------------------------------------- create and show

    @Test
    void an_extension_option_given_by_number_is_stored_as_the_id_and_answered_as_the_number() {
        Team team = Identity.team(app, "IVR Scenario Org");
        IvrMenuRows rows = new IvrMenuRows(app.dsl(), team.organizationId());
        long extension = rows.extension("1001");

        Response response = team.admin().http().postJson(PATH, json(menu("Main",
                List.of(option("1", "extension", "1001")))));

        assertEquals(201, response.status(), response.body());
        assertEquals("IVR menu created successfully.", response.json().path("message").asText());
        JsonNode option = response.json().path("data").path("options").get(0);
        assertTrue(option.path("destination_id").isTextual(), option.toString());
        assertEquals("1001", option.path("destination_id").asText());
        assertEquals(extension, option.path("destination_extension_id").asLong());
        assertTrue(option.path("destination_extension_id").isIntegralNumber());
        assertEquals("1001", option.path("destination_extension_number").asText());
        long id = response.json().path("data").path("id").asLong();
        IvrMenuOptionsRecord row = rows.options(id).get(0);
        assertEquals("extension", row.getDestinationType());
        assertEquals(extension, row.getDestinationId(), "storage keeps the extension id");
    }

    @Test
    void create_with_every_field_answers_201_with_the_full_menu_and_show_answers_the_same() {
        Team team = Identity.team(app, "IVR Create Org");
        IvrMenuRows rows = new IvrMenuRows(app.dsl(), team.organizationId());
        long extension = rows.extension("2001");
        long group = rows.ringGroup("Sales");
        long room = rows.conferenceRoom("Board");
        long other = rows.menuRow("Submenu", "active");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", "  Main menu  ");
        body.put("description", "Front door");
        body.put("audio_file_path", "https://cdn.example.com/welcome.mp3");
        body.put("tts_text", null);
        body.put("tts_voice", "AWS:Joanna");
        body.put("max_timeout", "10");
        body.put("inter_digit_timeout", 4);
        body.put("max_turns", 5);
        body.put("failover_destination_type", "ring_group");
        body.put("failover_destination_id", String.valueOf(group));
        body.put("status", "active");
        body.put("organization_id", 999_999);
        body.put("recording_id", null);
        Map<String, Object> described = option(2, "ring_group", group);
        described.put("description", "Sales");
        described.put("priority", "1");
        Map<String, Object> star = option("*", "conference_room", room);
        star.put("priority", 2);
        body.put("options", List.of(
                star,
                described,
                option("*9", "ivr_menu", String.valueOf(other)),
                option(1, "extension", 2001)));

        Response response = team.owner().http().postJson(PATH, json(body));

        assertEquals(201, response.status(), response.body());
        JsonNode data = response.json().path("data");
        assertEquals(new TreeSet<>(Set.of("id", "organization_id", "name", "description", "audio_file_path", "tts_text",
                "tts_voice", "max_timeout", "inter_digit_timeout", "max_turns", "failover_destination_type",
                "failover_destination_id", "status", "options_count", "options", "created_at", "updated_at")),
                fieldNames(data));
        long id = data.path("id").asLong();
        assertEquals(team.organizationId(), data.path("organization_id").asLong());
        assertEquals("Main menu", data.path("name").asText());
        assertEquals("Front door", data.path("description").asText());
        assertEquals("https://cdn.example.com/welcome.mp3", data.path("audio_file_path").asText());
        assertTrue(data.path("tts_text").isNull());
        assertEquals("AWS:Joanna", data.path("tts_voice").asText());
        assertEquals(10, data.path("max_timeout").asInt());
        assertEquals(4, data.path("inter_digit_timeout").asInt());
        assertEquals(5, data.path("max_turns").asInt());
        assertEquals("ring_group", data.path("failover_destination_type").asText());
        assertEquals(group, data.path("failover_destination_id").asLong());
        assertEquals("active", data.path("status").asText());
        assertEquals(4, data.path("options_count").asInt());
        assertTrue(data.path("created_at").asText().matches(TIMESTAMP), data.toString());
        assertTrue(data.path("updated_at").asText().matches(TIMESTAMP), data.toString());

        JsonNode options = data.path("options");
        assertEquals(4, options.size(), options.toString());
        JsonNode first = options.get(0);
        assertEquals(new TreeSet<>(Set.of("id", "ivr_menu_id", "input_digits", "description", "destination_type",
                "destination_id", "destination_extension_id", "destination_extension_number", "priority", "created_at",
                "updated_at")), fieldNames(first));
        assertEquals("2", first.path("input_digits").asText(), "priority 1 comes first");
        assertEquals(id, first.path("ivr_menu_id").asLong());
        assertEquals("Sales", first.path("description").asText());
        assertEquals("ring_group", first.path("destination_type").asText());
        assertTrue(first.path("destination_id").isIntegralNumber(), first.toString());
        assertEquals(group, first.path("destination_id").asLong());
        assertTrue(first.path("destination_extension_id").isNull());
        assertTrue(first.path("destination_extension_number").isNull());
        assertEquals(1, first.path("priority").asInt());
        assertEquals("*", options.get(1).path("input_digits").asText());
        assertEquals(2, options.get(1).path("priority").asInt());
        assertEquals(room, options.get(1).path("destination_id").asLong());
        assertEquals("*9", options.get(2).path("input_digits").asText());
        assertEquals(other, options.get(2).path("destination_id").asLong());
        assertEquals(3, options.get(2).path("priority").asInt(), "priority defaults to the position");
        JsonNode byNumber = options.get(3);
        assertEquals("1", byNumber.path("input_digits").asText(), "digits sent as a JSON integer");
        assertEquals("2001", byNumber.path("destination_id").asText());
        assertEquals(extension, byNumber.path("destination_extension_id").asLong());
        assertEquals(4, byNumber.path("priority").asInt());

        IvrMenusRecord row = rows.menu(id);
        assertEquals(team.organizationId(), row.getOrganizationId());
        assertEquals("ring_group", row.getFailoverDestinationType());
        assertEquals(group, row.getFailoverDestinationId());

        Response show = team.reporter().http().get(PATH + "/" + id);
        assertEquals(200, show.status(), show.body());
        assertEquals(data, show.json().path("data"), "show answers the same object");
    }

    @Test
    void create_with_a_name_a_prompt_and_options_uses_the_defaults() {
        Team team = Identity.team(app, "IVR Defaults Org");
        IvrMenuRows rows = new IvrMenuRows(app.dsl(), team.organizationId());
        long group = rows.ringGroup("Support");

        JsonNode data = team.owner().http().postJson(PATH, json(menu("Plain", List.of(option("1", "ring_group", group)))))
                .json().path("data");

        assertEquals(3, data.path("max_timeout").asInt());
        assertEquals(2, data.path("inter_digit_timeout").asInt());
        assertEquals(3, data.path("max_turns").asInt());
        assertEquals("hangup", data.path("failover_destination_type").asText());
        assertTrue(data.path("failover_destination_id").isNull());
        assertEquals("active", data.path("status").asText());
        assertTrue(data.path("description").isNull());
        assertTrue(data.path("audio_file_path").isNull());
        assertTrue(data.path("tts_voice").isNull());
        assertEquals("Press 1 for sales.", data.path("tts_text").asText());
    }

    @Test
    void an_extension_option_may_name_its_extension_by_id_or_by_number_and_id_together() {
        Team team = Identity.team(app, "IVR Extension Id Org");
        IvrMenuRows rows = new IvrMenuRows(app.dsl(), team.organizationId());
        long a = rows.extension("3001");
        long b = rows.extension("3002");
        Map<String, Object> byId = option("1", "extension", null);
        byId.put("destination_extension_id", a);
        Map<String, Object> both = option("2", "extension", "3002");
        both.put("destination_extension_id", String.valueOf(b));

        Response response = team.owner().http().postJson(PATH, json(menu("Ids", List.of(byId, both))));

        assertEquals(201, response.status(), response.body());
        JsonNode options = response.json().path("data").path("options");
        assertEquals("3001", options.get(0).path("destination_id").asText());
        assertEquals(a, options.get(0).path("destination_extension_id").asLong());
        assertEquals("3002", options.get(1).path("destination_id").asText());
        assertEquals(b, options.get(1).path("destination_extension_id").asLong());
    }

    // ---------------------------------------------------------------- update

    @Test
    void put_with_options_replaces_them_exactly_and_keeps_the_rows_of_unchanged_digits() {
        Team team = Identity.team(app, "IVR Replace Org");
        IvrMenuRows rows = new IvrMenuRows(app.dsl(), team.organizationId());
        long group = rows.ringGroup("Sales");
        long room = rows.conferenceRoom("Room");
        rows.extension("1001");
        long id = create(team.owner().http(), menu("Main", List.of(
                option("1", "ring_group", group), option("2", "conference_room", room), option("3", "extension", "1001"))));
        long keptRowId = rows.options(id).get(0).getId();

        Map<String, Object> changed = option("2", "ring_group", group);
        changed.put("description", "now sales too");
        Response response = team.owner().http().put(PATH + "/" + id, json(Map.of("options", List.of(
                option("1", "ring_group", group), changed, option("9", "conference_room", room)))));

        assertEquals(200, response.status(), response.body());
        assertEquals("IVR menu updated successfully.", response.json().path("message").asText());
        JsonNode data = response.json().path("data");
        assertEquals(3, data.path("options_count").asInt());
        List<IvrMenuOptionsRecord> stored = rows.options(id);
        assertEquals(List.of("1", "2", "9"), stored.stream().map(IvrMenuOptionsRecord::getInputDigits).toList());
        assertEquals(keptRowId, stored.get(0).getId(), "an unchanged option keeps its row");
        assertEquals("ring_group", stored.get(1).getDestinationType());
        assertEquals(group, stored.get(1).getDestinationId());
        assertEquals("now sales too", stored.get(1).getDescription());
        assertEquals(room, stored.get(2).getDestinationId());
        assertEquals(3, data.path("options").size());
        assertEquals("Main", data.path("name").asText(), "absent fields keep their values");
    }

    @Test
    void an_update_without_options_keeps_them() {
        Team team = Identity.team(app, "IVR Keep Org");
        IvrMenuRows rows = new IvrMenuRows(app.dsl(), team.organizationId());
        long group = rows.ringGroup("Sales");
        long id = create(team.owner().http(), menu("Main", List.of(option("1", "ring_group", group), option("2", "ring_group", group))));
        List<Long> before = rows.options(id).stream().map(IvrMenuOptionsRecord::getId).toList();

        Response response = team.admin().http().put(PATH + "/" + id, json(Map.of("name", "Renamed", "max_turns", "4")));

        assertEquals(200, response.status(), response.body());
        assertEquals("Renamed", response.json().path("data").path("name").asText());
        assertEquals(4, response.json().path("data").path("max_turns").asInt());
        assertEquals(2, response.json().path("data").path("options").size());
        assertEquals(before, rows.options(id).stream().map(IvrMenuOptionsRecord::getId).toList());
        assertEquals("Press 1 for sales.", rows.menu(id).getTtsText());
    }

    @Test
    void patch_means_the_same_as_put() {
        Team team = Identity.team(app, "IVR Patch Org");
        IvrMenuRows rows = new IvrMenuRows(app.dsl(), team.organizationId());
        long group = rows.ringGroup("Sales");
        long room = rows.conferenceRoom("Room");
        long id = create(team.owner().http(), menu("Main", List.of(option("1", "ring_group", group))));

        Response response = patch(team.owner().http(), PATH + "/" + id, json(Map.of("status", "inactive",
                "options", List.of(option("5", "conference_room", room)))));

        assertEquals(200, response.status(), response.body());
        assertEquals("IVR menu updated successfully.", response.json().path("message").asText());
        assertEquals("inactive", rows.menu(id).getStatus());
        assertEquals("Main", rows.menu(id).getName());
        List<IvrMenuOptionsRecord> stored = rows.options(id);
        assertEquals(1, stored.size());
        assertEquals("5", stored.get(0).getInputDigits());
        assertEquals(room, stored.get(0).getDestinationId());
    }

    @Test
    void switching_the_prompt_source_needs_the_old_one_sent_as_null() {
        Team team = Identity.team(app, "IVR Switch Org");
        IvrMenuRows rows = new IvrMenuRows(app.dsl(), team.organizationId());
        long id = create(team.owner().http(), menu("Main", List.of(option("1", "ring_group", rows.ringGroup("G")))));

        Response both = team.owner().http().put(PATH + "/" + id, json(Map.of("audio_file_path", "prompts/welcome.wav")));
        assertEquals(422, both.status(), both.body());
        assertTrue(both.json().path("errors").has("audio_configuration"), both.body());

        Map<String, Object> body = new LinkedHashMap<>();
        body.put("audio_file_path", "prompts/welcome.wav");
        body.put("tts_text", null);
        Response switched = team.owner().http().put(PATH + "/" + id, json(body));
        assertEquals(200, switched.status(), switched.body());
        assertEquals("prompts/welcome.wav", rows.menu(id).getAudioFilePath());
        assertNull(rows.menu(id).getTtsText());
    }

    @Test
    void a_failover_can_be_set_changed_and_cleared_back_to_hangup() {
        Team team = Identity.team(app, "IVR Failover Org");
        IvrMenuRows rows = new IvrMenuRows(app.dsl(), team.organizationId());
        long extension = rows.extension("4001");
        long room = rows.conferenceRoom("Room");
        long id = create(team.owner().http(), menu("Main", List.of(option("1", "conference_room", room))));

        Response set = team.owner().http().put(PATH + "/" + id, json(Map.of(
                "failover_destination_type", "extension", "failover_destination_id", extension)));
        assertEquals(200, set.status(), set.body());
        assertEquals(extension, set.json().path("data").path("failover_destination_id").asLong(),
                "a failover extension is given and answered by its row id");

        Response kept = team.owner().http().put(PATH + "/" + id, json(Map.of("failover_destination_type", "extension")));
        assertEquals(200, kept.status(), kept.body());
        assertEquals(extension, rows.menu(id).getFailoverDestinationId(), "same type, absent id: the stored id stays");

        Map<String, Object> hangup = new LinkedHashMap<>();
        hangup.put("failover_destination_type", "hangup");
        hangup.put("failover_destination_id", extension);
        Response cleared = team.owner().http().put(PATH + "/" + id, json(hangup));
        assertEquals(200, cleared.status(), cleared.body());
        assertEquals("hangup", rows.menu(id).getFailoverDestinationType());
        assertNull(rows.menu(id).getFailoverDestinationId(), "hangup stores no id whatever the request says");
    }

    @Test
    void options_may_point_at_other_menus_and_back_at_the_parent() {
        Team team = Identity.team(app, "IVR Choice Loop Org");
        IvrMenuRows rows = new IvrMenuRows(app.dsl(), team.organizationId());
        long room = rows.conferenceRoom("Room");
        long parent = create(team.owner().http(), menu("Parent", List.of(option("1", "conference_room", room))));
        long child = create(team.owner().http(), menu("Child", List.of(option("0", "ivr_menu", parent))));

        Response response = team.owner().http().put(PATH + "/" + parent, json(Map.of("options", List.of(
                option("1", "conference_room", room), option("2", "ivr_menu", child)))));

        assertEquals(200, response.status(), "choice edges may form a loop: " + response.body());
        assertEquals(2, rows.options(parent).size());
    }

    // ---------------------------------------------------------------- audit and cache

    @Test
    void writes_are_audited_with_options_as_lists_of_digits() throws Exception {
        Team team = Identity.team(app, "IVR Audit Org");
        IvrMenuRows rows = new IvrMenuRows(app.dsl(), team.organizationId());
        long group = rows.ringGroup("Sales");
        long id = create(team.admin().http(), menu("Audited", List.of(option("1", "ring_group", group), option("2", "ring_group", group))));

        List<AuditLogRecord> created = rows.audit("ivr_menu.created", id);
        assertEquals(1, created.size());
        assertEquals("ivr_menu", created.get(0).getEntityType());
        assertEquals("Audited", created.get(0).getEntityLabel());
        assertEquals(team.admin().userId(), created.get(0).getActorUserId());
        JsonNode to = MAPPER.readTree(created.get(0).getChanges().data()).path("to");
        assertEquals("Audited", to.path("name").asText());
        assertEquals("[\"1\",\"2\"]", to.path("options").toString());

        Response update = team.admin().http().put(PATH + "/" + id, json(Map.of("max_timeout", 7,
                "options", List.of(option("2", "ring_group", group), option("3", "ring_group", group)))));
        assertEquals(200, update.status(), update.body());
        List<AuditLogRecord> updated = rows.audit("ivr_menu.updated", id);
        assertEquals(1, updated.size());
        JsonNode changes = MAPPER.readTree(updated.get(0).getChanges().data());
        assertEquals(3, changes.path("max_timeout").path("from").asInt());
        assertEquals(7, changes.path("max_timeout").path("to").asInt());
        assertEquals("[\"1\",\"2\"]", changes.path("options").path("from").toString());
        assertEquals("[\"2\",\"3\"]", changes.path("options").path("to").toString());
        assertFalse(changes.has("name"), "only changed fields");

        assertEquals(204, team.admin().http().delete(PATH + "/" + id).status());
        List<AuditLogRecord> deleted = rows.audit("ivr_menu.deleted", id);
        assertEquals(1, deleted.size());
        assertEquals("Audited", deleted.get(0).getEntityLabel());
        assertEquals("{}", deleted.get(0).getChanges().data().replace(" ", ""));
    }

    @Test
    void an_update_deletes_the_cached_menu_after_commit() {
        Team team = Identity.team(app, "IVR Cache Org");
        IvrMenuRows rows = new IvrMenuRows(app.dsl(), team.organizationId());
        long id = create(team.owner().http(), menu("Cached", List.of(option("1", "ring_group", rows.ringGroup("G")))));
        JedisPooled redis = app.server().redis().client();
        String key = "opbx:{" + team.organizationId() + "}:menu:" + id;
        redis.set(key, "x");

        Response response = team.owner().http().put(PATH + "/" + id, json(Map.of("description", "new")));

        assertEquals(200, response.status(), response.body());
        assertFalse(redis.exists(key), key);
    }

    @Test
    void a_failed_update_changes_nothing() {
        Team team = Identity.team(app, "IVR Atomic Org");
        IvrMenuRows rows = new IvrMenuRows(app.dsl(), team.organizationId());
        long group = rows.ringGroup("G");
        long id = create(team.owner().http(), menu("Atomic", List.of(option("1", "ring_group", group))));
        HttpTestClient http = team.owner().http();

        Response response = http.put(PATH + "/" + id, json(Map.of("name", "Other",
                "options", List.of(option("2", "ring_group", group), option("3", "ring_group", 987_654_321L)))));

        assertEquals(422, response.status(), response.body());
        assertEquals("Atomic", rows.menu(id).getName());
        assertEquals(List.of("1"), rows.options(id).stream().map(IvrMenuOptionsRecord::getInputDigits).toList());
        assertTrue(rows.audit("ivr_menu.updated", id).isEmpty());
    }
}
