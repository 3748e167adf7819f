package opbx.conferences;

import static opbx.conferences.Rooms.PATH;
import static opbx.conferences.Rooms.strings;
import static opbx.support.TestData.fieldNames;
import static opbx.support.TestData.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import opbx.db.gen.tables.records.ConferenceRoomsRecord;
import opbx.support.HttpTestClient;
import opbx.support.HttpTestClient.Response;
import opbx.support.Identity;
import opbx.support.Identity.Team;
import opbx.support.TestApp;
import org.junit.jupiter.api.Test;

/** POST /api/v1/conference-rooms: the full object, defaults, and every field rule (control-plane spec §3.3). */
class ConferenceRoomCreateTest {

    private static final String TIMESTAMP = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z";
    private static final Set<String> RESPONSE_FIELDS = Set.of("id", "organization_id", "name", "description",
            "max_participants", "status", "pin", "pin_required", "host_pin", "recording_enabled", "recording_auto_start",
            "recording_webhook_url", "wait_for_host", "mute_on_entry", "announce_join_leave", "music_on_hold",
            "talk_detection_enabled", "talk_detection_webhook_url", "created_at", "updated_at");

    private final TestApp app = TestApp.shared();

    @Test
    void create_with_every_field_answers_201_with_the_full_room_object() {
        Team team = Identity.team(app, "Rooms Create Org");

        Response response = team.admin().http().postJson(PATH, json(
                "name", "  Board Room  ", "description", "Weekly board call", "max_participants", "50",
                "status", "inactive", "pin", "1234", "pin_required", "1", "host_pin", "987654",
                "recording_enabled", true, "recording_auto_start", 1, "recording_webhook_url", "https://hooks.example.com/rec",
                "wait_for_host", "true", "mute_on_entry", "0", "announce_join_leave", false, "music_on_hold", 0,
                "talk_detection_enabled", "1", "talk_detection_webhook_url", "http://hooks.example.com/talk",
                "organization_id", 999999, "id", 424242));

        assertEquals(201, response.status(), response.body());
        JsonNode body = response.json();
        assertEquals("Conference room created successfully.", body.path("message").asText());
        JsonNode data = body.path("data");
        assertEquals(new TreeSet<>(RESPONSE_FIELDS), fieldNames(data), data.toString());
        long id = data.path("id").asLong();
        assertTrue(id > 0 && id != 424242, "the id in the body is ignored");
        assertEquals(team.organizationId(), data.path("organization_id").asLong());
        assertEquals("Board Room", data.path("name").asText());
        assertEquals("Weekly board call", data.path("description").asText());
        assertTrue(data.path("max_participants").isInt(), data.toString());
        assertEquals(50, data.path("max_participants").asInt());
        assertEquals("inactive", data.path("status").asText());
        assertEquals("1234", data.path("pin").asText());
        assertEquals("987654", data.path("host_pin").asText());
        assertTrue(data.path("pin").isTextual(), "PINs stay strings (leading zeros matter)");
        for (String flag : List.of("pin_required", "recording_enabled", "recording_auto_start", "wait_for_host",
                "talk_detection_enabled")) {
            assertTrue(data.path(flag).isBoolean() && data.path(flag).asBoolean(), flag + " in " + data);
        }
        for (String flag : List.of("mute_on_entry", "announce_join_leave", "music_on_hold")) {
            assertTrue(data.path(flag).isBoolean() && !data.path(flag).asBoolean(), flag + " in " + data);
        }
        assertEquals("https://hooks.example.com/rec", data.path("recording_webhook_url").asText());
        assertEquals("http://hooks.example.com/talk", data.path("talk_detection_webhook_url").asText());
        assertTrue(data.path("created_at").asText().matches(TIMESTAMP), data.path("created_at").asText());
        assertTrue(data.path("updated_at").asText().matches(TIMESTAMP), data.path("updated_at").asText());

        ConferenceRoomsRecord row = Rooms.row(app.dsl(), team.organizationId(), id);
        assertNotNull(row, "the room is in the caller's organisation");
        assertEquals("Board Room", row.getName());
        assertEquals(50, row.getMaxParticipants());
        assertTrue(row.getPin().startsWith("v1:"), "the PIN is sealed at rest: " + row.getPin());
        assertTrue(row.getTalkDetectionEnabled());

        Response shown = team.admin().http().get(PATH + "/" + id);
        assertEquals(200, shown.status(), shown.body());
        assertEquals(Set.of("data"), fieldNames(shown.json()));
        assertEquals(data, shown.json().path("data"));
    }

    @Test
    void fields_left_out_on_create_take_their_defaults() {
        Team team = Identity.team(app, "Rooms Defaults Org");

        JsonNode data = Rooms.create(team.owner().http(), "Minimal");

        assertEquals(25, data.path("max_participants").asInt());
        assertEquals("active", data.path("status").asText());
        for (String flag : List.of("pin_required", "recording_enabled", "recording_auto_start", "wait_for_host",
                "mute_on_entry", "announce_join_leave", "music_on_hold", "talk_detection_enabled")) {
            assertTrue(data.path(flag).isBoolean() && !data.path(flag).asBoolean(), flag + " in " + data);
        }
        for (String nullable : List.of("description", "pin", "host_pin", "recording_webhook_url",
                "talk_detection_webhook_url")) {
            assertTrue(data.has(nullable) && data.path(nullable).isNull(), nullable + " in " + data);
        }
    }

    @Test
    void a_missing_or_blank_name_is_required_and_a_long_one_is_refused() {
        Team team = Identity.team(app, "Rooms Name Org");
        HttpTestClient http = team.owner().http();

        assertEquals(List.of("The name field is required."), strings(errors(http.postJson(PATH, "{}")).path("name")));
        assertEquals(List.of("The name field is required."),
                strings(errors(http.postJson(PATH, json("name", "   "))).path("name")));
        assertEquals(List.of("The name must not be greater than 255 characters."),
                strings(errors(http.postJson(PATH, json("name", "x".repeat(256)))).path("name")));
        assertEquals(List.of("The description must not be greater than 1000 characters."),
                strings(errors(http.postJson(PATH, json("name", "Ok", "description", "d".repeat(1001)))).path("description")));
        assertEquals(201, http.postJson(PATH, json("name", "x".repeat(255))).status());
        assertEquals(1, Rooms.count(app.dsl(), team.organizationId()));
    }

    @Test
    void a_name_taken_in_any_letter_case_is_422_but_free_in_another_organisation() {
        Team team = Identity.team(app, "Rooms Unique Org");
        Team other = Identity.team(app, "Rooms Unique Other Org");
        Rooms.create(team.owner().http(), "Sales Standup");

        Response duplicate = team.owner().http().postJson(PATH, json("name", "sales STANDUP"));

        assertEquals(List.of("The name has already been taken."), strings(errors(duplicate).path("name")));
        assertEquals(1, Rooms.count(app.dsl(), team.organizationId()));
        assertEquals(201, other.owner().http().postJson(PATH, json("name", "Sales Standup")).status());
    }

    @Test
    void concurrent_creates_of_one_name_give_one_room_and_422_for_the_others_never_500() throws Exception {
        Team team = Identity.team(app, "Rooms Race Org");
        HttpTestClient http = team.owner().http();
        int writers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Integer> statuses = new ArrayList<>();
        try {
            List<Callable<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                calls.add(() -> http.postJson(PATH, json("name", "Race Room")).status());
            }
            for (Future<Integer> future : pool.invokeAll(calls)) {
                statuses.add(future.get());
            }
        } finally {
            pool.shutdownNow();
        }

        assertEquals(1, statuses.stream().filter(status -> status == 201).count(), statuses.toString());
        assertEquals(writers - 1, statuses.stream().filter(status -> status == 422).count(), statuses.toString());
        assertEquals(1, Rooms.count(app.dsl(), team.organizationId()));
    }

    @Test
    void max_participants_outside_2_to_250_or_not_an_integer_is_422() {
        Team team = Identity.team(app, "Rooms Max Org");
        HttpTestClient http = team.owner().http();

        for (Object value : List.of(1, 251, "0", -5)) {
            assertEquals(List.of("The max participants must be between 2 and 250."),
                    strings(errors(http.postJson(PATH, json("name", "Room " + value, "max_participants", value)))
                            .path("max_participants")), "max_participants=" + value);
        }
        for (Object value : List.of("abc", 2.5, "12a", true)) {
            assertEquals(List.of("The max participants must be an integer."),
                    strings(errors(http.postJson(PATH, json("name", "Room " + value, "max_participants", value)))
                            .path("max_participants")), "max_participants=" + value);
        }
        assertEquals(0, Rooms.count(app.dsl(), team.organizationId()));
        assertEquals(2, Rooms.create(http, "Smallest", "max_participants", 2).path("max_participants").asInt());
        assertEquals(250, Rooms.create(http, "Largest", "max_participants", "250").path("max_participants").asInt());
    }

    @Test
    void pins_must_be_4_to_20_digits() {
        Team team = Identity.team(app, "Rooms Pin Org");
        HttpTestClient http = team.owner().http();

        JsonNode errors = errors(http.postJson(PATH, json("name", "P1", "pin", "12ab", "host_pin", "12")));
        assertEquals(List.of("The pin format is invalid."), strings(errors.path("pin")));
        assertEquals(List.of("The host pin must be at least 4 characters."), strings(errors.path("host_pin")));

        errors = errors(http.postJson(PATH, json("name", "P2", "pin", "1".repeat(21), "host_pin", "12 34")));
        assertEquals(List.of("The pin must not be greater than 20 characters."), strings(errors.path("pin")));
        assertEquals(List.of("The host pin format is invalid."), strings(errors.path("host_pin")));

        assertEquals(0, Rooms.count(app.dsl(), team.organizationId()));
        JsonNode room = Rooms.create(http, "P3", "pin", "0123", "host_pin", "9".repeat(20));
        assertEquals("0123", room.path("pin").asText());
        assertEquals("9".repeat(20), room.path("host_pin").asText());
    }

    @Test
    void pin_required_without_a_pin_is_422_with_the_spec_message() {
        Team team = Identity.team(app, "Rooms Pin Required Org");

        Response response = team.owner().http().postJson(PATH, json("name", "Locked", "pin_required", true));

        JsonNode errors = errors(response);
        assertEquals(List.of("PIN is required when PIN protection is enabled."), strings(errors.path("pin")));
        assertEquals("PIN is required when PIN protection is enabled.", response.json().path("message").asText());
        assertEquals(0, Rooms.count(app.dsl(), team.organizationId()));
    }

    @Test
    void a_host_pin_equal_to_the_pin_is_422() {
        Team team = Identity.team(app, "Rooms Host Pin Org");

        JsonNode errors = errors(team.owner().http().postJson(PATH, json("name", "Same", "pin", "4321", "host_pin", "4321")));

        assertEquals(Set.of("host_pin"), fieldNames(errors));
        assertEquals(List.of("The host pin and pin must be different."), strings(errors.path("host_pin")));
    }

    @Test
    void talk_detection_without_a_webhook_url_is_422() {
        Team team = Identity.team(app, "Rooms Talk Org");

        JsonNode errors = errors(team.owner().http().postJson(PATH, json("name", "Talk", "talk_detection_enabled", "true")));

        assertEquals(Set.of("talk_detection_webhook_url"), fieldNames(errors));
        assertEquals(List.of("The talk detection webhook url field is required when talk detection is enabled."),
                strings(errors.path("talk_detection_webhook_url")));
    }

    @Test
    void recording_auto_start_without_recording_enabled_is_422() {
        Team team = Identity.team(app, "Rooms Recording Org");

        JsonNode errors = errors(team.owner().http().postJson(PATH,
                json("name", "Rec", "recording_auto_start", 1, "recording_enabled", 0)));

        assertEquals(Set.of("recording_auto_start"), fieldNames(errors));
        assertEquals(List.of("Recording auto start requires recording to be enabled."),
                strings(errors.path("recording_auto_start")));
    }

    @Test
    void webhook_urls_must_be_http_or_https_and_at_most_500_characters() {
        Team team = Identity.team(app, "Rooms Url Org");

        JsonNode errors = errors(team.owner().http().postJson(PATH, json("name", "Hooks",
                "recording_webhook_url", "ftp://files.example.com/x",
                "talk_detection_webhook_url", "not a url")));
        assertEquals(List.of("The recording webhook url must be a valid URL."), strings(errors.path("recording_webhook_url")));
        assertEquals(List.of("The talk detection webhook url must be a valid URL."),
                strings(errors.path("talk_detection_webhook_url")));

        errors = errors(team.owner().http().postJson(PATH, json("name", "Hooks",
                "recording_webhook_url", "https://example.com/" + "a".repeat(481))));
        assertEquals(List.of("The recording webhook url must not be greater than 500 characters."),
                strings(errors.path("recording_webhook_url")));
        assertEquals(0, Rooms.count(app.dsl(), team.organizationId()));
    }

    @Test
    void booleans_outside_the_spa_forms_and_an_unknown_status_are_422() {
        Team team = Identity.team(app, "Rooms Bool Org");

        JsonNode errors = errors(team.owner().http().postJson(PATH, json("name", "Flags",
                "wait_for_host", "yes", "mute_on_entry", 2, "music_on_hold", null, "status", "archived")));

        assertEquals(List.of("The wait for host field must be true or false."), strings(errors.path("wait_for_host")));
        assertEquals(List.of("The mute on entry field must be true or false."), strings(errors.path("mute_on_entry")));
        assertEquals(List.of("The music on hold field is required."), strings(errors.path("music_on_hold")));
        assertEquals(List.of("The selected status is invalid."), strings(errors.path("status")));
        assertFalse(errors.has("name"));
    }

    /** Asserts the standard 422 body and returns its {@code errors}. */
    static JsonNode errors(Response response) {
        assertEquals(422, response.status(), response.body());
        JsonNode body = response.json();
        assertEquals("VALIDATION_FAILED", body.path("error").path("code").asText(), response.body());
        assertTrue(body.path("error").path("details").size() > 0, response.body());
        return body.path("errors");
    }
}
