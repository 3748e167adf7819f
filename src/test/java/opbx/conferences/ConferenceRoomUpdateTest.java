package opbx.conferences;

import static opbx.conferences.ConferenceRoomCreateTest.errors;
import static opbx.conferences.Rooms.PATH;
import static opbx.conferences.Rooms.strings;
import static opbx.support.TestData.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import opbx.db.gen.tables.records.ConferenceRoomsRecord;
import opbx.support.HttpTestClient;
import opbx.support.HttpTestClient.Response;
import opbx.support.Identity;
import opbx.support.Identity.Team;
import opbx.support.TestApp;
import org.junit.jupiter.api.Test;

/** PUT and PATCH /api/v1/conference-rooms/{id}: partial updates over the stored row (control-plane spec §0.5, §3.3). */
class ConferenceRoomUpdateTest {

    private final TestApp app = TestApp.shared();

    @Test
    void a_put_with_one_field_changes_that_field_and_keeps_every_other() {
        Team team = Identity.team(app, "Rooms Put Org");
        HttpTestClient http = team.owner().http();
        JsonNode created = Rooms.create(http, "Keep Me", "description", "Original", "max_participants", 40,
                "pin", "1111", "pin_required", true, "host_pin", "2222", "recording_enabled", true,
                "recording_auto_start", true, "mute_on_entry", true, "talk_detection_enabled", true,
                "talk_detection_webhook_url", "https://example.com/talk");
        long id = created.path("id").asLong();

        Response response = http.put(PATH + "/" + id, json("status", "inactive"));

        assertEquals(200, response.status(), response.body());
        assertEquals("Conference room updated successfully.", response.json().path("message").asText());
        JsonNode updated = response.json().path("data");
        ObjectNode expected = created.deepCopy();
        expected.put("status", "inactive");
        expected.set("updated_at", updated.path("updated_at"));
        assertEquals(expected, updated);
        assertEquals("inactive", Rooms.row(app.dsl(), team.organizationId(), id).getStatus());
    }

    @Test
    void patch_means_the_same_as_put_and_a_present_null_clears_a_nullable_field() {
        Team team = Identity.team(app, "Rooms Patch Org");
        HttpTestClient http = team.owner().http();
        long id = Rooms.create(http, "Patchable", "description", "To be cleared", "pin", "5555",
                "recording_webhook_url", "https://example.com/rec").path("id").asLong();

        Response response = Rooms.patch(http, PATH + "/" + id,
                json("description", null, "recording_webhook_url", "", "max_participants", "99", "music_on_hold", "1"));

        assertEquals(200, response.status(), response.body());
        JsonNode data = response.json().path("data");
        assertTrue(data.path("description").isNull(), data.toString());
        assertTrue(data.path("recording_webhook_url").isNull(), data.toString());
        assertEquals(99, data.path("max_participants").asInt());
        assertTrue(data.path("music_on_hold").asBoolean());
        assertEquals("5555", data.path("pin").asText(), "an absent field keeps its value");
        assertEquals("Patchable", data.path("name").asText());
        ConferenceRoomsRecord row = Rooms.row(app.dsl(), team.organizationId(), id);
        assertEquals(null, row.getDescription());
        assertEquals(99, row.getMaxParticipants());
    }

    @Test
    void cross_field_rules_are_checked_on_the_effective_record() {
        Team team = Identity.team(app, "Rooms Effective Org");
        HttpTestClient http = team.owner().http();
        long id = Rooms.create(http, "Effective", "pin", "1234", "pin_required", true, "recording_enabled", true,
                "recording_auto_start", true, "talk_detection_enabled", true,
                "talk_detection_webhook_url", "https://example.com/talk").path("id").asLong();
        String path = PATH + "/" + id;

        assertEquals(List.of("PIN is required when PIN protection is enabled."),
                strings(errors(http.put(path, json("pin", null))).path("pin")));
        assertEquals(List.of("The host pin and pin must be different."),
                strings(errors(Rooms.patch(http, path, json("host_pin", "1234"))).path("host_pin")));
        assertEquals(List.of("Recording auto start requires recording to be enabled."),
                strings(errors(http.put(path, json("recording_enabled", false))).path("recording_auto_start")));
        assertEquals(List.of("The talk detection webhook url field is required when talk detection is enabled."),
                strings(errors(http.put(path, json("talk_detection_webhook_url", null))).path("talk_detection_webhook_url")));

        ConferenceRoomsRecord row = Rooms.row(app.dsl(), team.organizationId(), id);
        assertEquals("1234", http.get(path).json().path("data").path("pin").asText());
        assertEquals(null, row.getHostPin());
        assertTrue(row.getRecordingEnabled());
        assertEquals("https://example.com/talk", row.getTalkDetectionWebhookUrl());

        Response relaxed = http.put(path, json("pin", null, "pin_required", false, "recording_enabled", "0",
                "recording_auto_start", "0", "talk_detection_enabled", false, "talk_detection_webhook_url", null));
        assertEquals(200, relaxed.status(), relaxed.body());
        assertTrue(relaxed.json().path("data").path("pin").isNull());
    }

    @Test
    void renaming_to_another_rooms_name_is_422_but_recasing_its_own_name_is_allowed() {
        Team team = Identity.team(app, "Rooms Rename Org");
        HttpTestClient http = team.owner().http();
        Rooms.create(http, "Alpha");
        long id = Rooms.create(http, "Beta").path("id").asLong();

        assertEquals(List.of("The name has already been taken."),
                strings(errors(http.put(PATH + "/" + id, json("name", "ALPHA"))).path("name")));
        assertEquals(List.of("The name field is required."),
                strings(errors(http.put(PATH + "/" + id, json("name", ""))).path("name")));
        assertEquals("Beta", Rooms.row(app.dsl(), team.organizationId(), id).getName());

        Response recased = http.put(PATH + "/" + id, json("name", "BETA"));
        assertEquals(200, recased.status(), recased.body());
        assertEquals("BETA", recased.json().path("data").path("name").asText());
    }

    @Test
    void an_invalid_value_on_update_changes_nothing() {
        Team team = Identity.team(app, "Rooms Invalid Update Org");
        HttpTestClient http = team.owner().http();
        long id = Rooms.create(http, "Stable", "max_participants", 10).path("id").asLong();

        JsonNode errors = errors(http.put(PATH + "/" + id,
                json("name", "Renamed", "max_participants", 300, "pin", "abcd", "mute_on_entry", "maybe")));

        assertEquals(List.of("The max participants must be between 2 and 250."), strings(errors.path("max_participants")));
        assertEquals(List.of("The pin format is invalid."), strings(errors.path("pin")));
        assertEquals(List.of("The mute on entry field must be true or false."), strings(errors.path("mute_on_entry")));
        ConferenceRoomsRecord row = Rooms.row(app.dsl(), team.organizationId(), id);
        assertEquals("Stable", row.getName());
        assertEquals(10, row.getMaxParticipants());
    }
}
