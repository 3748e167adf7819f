package opbx.ivr;

import static opbx.ivr.IvrMenuRows.PATH;
import static opbx.ivr.IvrMenuRows.create;
import static opbx.ivr.IvrMenuRows.json;
import static opbx.ivr.IvrMenuRows.menu;
import static opbx.ivr.IvrMenuRows.option;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import opbx.support.HttpTestClient.Response;
import opbx.support.Identity;
import opbx.support.Identity.Team;
import opbx.support.TestApp;
import org.junit.jupiter.api.Test;

/** The field rules of control-plane spec §3.5: every failure is a 422 naming the field, and nothing is written. */
class IvrMenuValidationTest {

    private static final String AUDIO_SOURCE =
            "An IVR menu must have either a direct audio URL or Text-to-Speech text configured.";
    private static final String NO_RECORDINGS = "Recordings are not available; use audio_file_path or tts_text.";

    private final TestApp app = TestApp.shared();

    @Test
    void a_missing_extension_number_in_the_first_option_is_a_422_on_that_option() {
        Team team = Identity.team(app, "IVR First Option Org");
        IvrMenuRows rows = new IvrMenuRows(app.dsl(), team.organizationId());
        rows.extension("1001");

        Response response = post(team, menu("Main", List.of(option("1", "extension", "1999"), option("2", "extension", "1001"))));

        assertEquals(422, response.status(), response.body());
        JsonNode body = response.json();
        assertEquals("VALIDATION_FAILED", body.path("error").path("code").asText());
        assertEquals("The selected options.0.destination_id is invalid.",
                body.path("errors").path("options.0.destination_id").get(0).asText());
        assertEquals("The selected options.0.destination_id is invalid.", body.path("message").asText());
        assertEquals("options.0.destination_id", body.path("error").path("details").get(0).path("field").asText());
        assertFalse(body.path("errors").has("options.1.destination_id"), body.toString());
        assertEquals(0, rows.menuCount());
    }

    @Test
    void the_prompt_must_be_exactly_one_of_audio_and_tts() {
        Team team = Identity.team(app, "IVR Prompt Org");
        IvrMenuRows rows = new IvrMenuRows(app.dsl(), team.organizationId());
        List<Map<String, Object>> options = List.of(option("1", "ring_group", rows.ringGroup("G")));

        Map<String, Object> neither = menu("Neither", options);
        neither.remove("tts_text");
        assertError(post(team, neither), "audio_configuration", AUDIO_SOURCE);

        Map<String, Object> blank = menu("Blank", options);
        blank.put("tts_text", "   ");
        assertError(post(team, blank), "audio_configuration", AUDIO_SOURCE);

        Map<String, Object> both = menu("Both", options);
        both.put("audio_file_path", "https://cdn.example.com/a.mp3");
        assertError(post(team, both), "audio_configuration", AUDIO_SOURCE);

        assertEquals(0, rows.menuCount());
    }

    @Test
    void recordings_are_refused_as_recording_id_or_as_a_numeric_audio_path() {
        Team team = Identity.team(app, "IVR Recording Org");
        IvrMenuRows rows = new IvrMenuRows(app.dsl(), team.organizationId());
        List<Map<String, Object>> options = List.of(option("1", "ring_group", rows.ringGroup("G")));

        Map<String, Object> recording = menu("Rec", options);
        recording.put("recording_id", 5);
        assertError(post(team, recording), "recording_id", NO_RECORDINGS);

        Map<String, Object> numeric = menu("Numeric", options);
        numeric.remove("tts_text");
        numeric.put("audio_file_path", "42");
        assertError(post(team, numeric), "audio_file_path", NO_RECORDINGS);
        assertEquals(0, rows.menuCount());
    }

    @Test
    void an_audio_path_is_an_http_url_or_a_relative_path_inside_the_recordings_folder() {
        Team team = Identity.team(app, "IVR Audio Path Org");
        IvrMenuRows rows = new IvrMenuRows(app.dsl(), team.organizationId());
        List<Map<String, Object>> options = List.of(option("1", "ring_group", rows.ringGroup("G")));
        for (String bad : List.of("/etc/passwd", "../other-org/x.wav", "ftp://example.com/a.wav", "https://")) {
            Map<String, Object> body = menu("Bad " + bad, options);
            body.remove("tts_text");
            body.put("audio_file_path", bad);
            assertError(post(team, body), "audio_file_path", "The audio file path format is invalid.");
        }
        Map<String, Object> tooLong = menu("Long", options);
        tooLong.remove("tts_text");
        tooLong.put("audio_file_path", "a".repeat(501));
        assertError(post(team, tooLong), "audio_file_path", "The audio file path must not be greater than 500 characters.");

        Map<String, Object> relative = menu("Relative", options);
        relative.remove("tts_text");
        relative.put("audio_file_path", "prompts/main.wav");
        assertEquals(201, post(team, relative).status());
    }

    @Test
    void timeouts_and_turns_must_be_integers_in_range() {
        Team team = Identity.team(app, "IVR Range Org");
        IvrMenuRows rows = new IvrMenuRows(app.dsl(), team.organizationId());
        Map<String, Object> body = menu("Ranges", List.of(option("1", "ring_group", rows.ringGroup("G"))));
        body.put("max_timeout", 0);
        body.put("inter_digit_timeout", "31");
        body.put("max_turns", 10);

        Response response = post(team, body);

        assertError(response, "max_timeout", "The max timeout must be between 1 and 30.");
        assertError(response, "inter_digit_timeout", "The inter digit timeout must be between 1 and 30.");
        assertError(response, "max_turns", "The max turns must be between 1 and 9.");
        assertTrue(response.json().path("message").asText().endsWith("(and 2 more errors)"), response.body());

        body.put("max_timeout", "soon");
        body.put("inter_digit_timeout", 30);
        body.put("max_turns", 9);
        assertError(post(team, body), "max_timeout", "The max timeout must be an integer.");
        assertEquals(0, rows.menuCount());
    }

    @Test
    void name_is_required_at_most_255_characters_and_unique_per_organisation_ignoring_case() {
        Team team = Identity.team(app, "IVR Name Org");
        IvrMenuRows rows = new IvrMenuRows(app.dsl(), team.organizationId());
        List<Map<String, Object>> options = List.of(option("1", "ring_group", rows.ringGroup("G")));
        create(team.owner().http(), menu("Main", options));

        assertError(post(team, menu("  ", options)), "name", "The name field is required.");
        assertError(post(team, menu("x".repeat(256), options)), "name", "The name must not be greater than 255 characters.");
        assertError(post(team, menu("MAIN", options)), "name", "The name has already been taken.");
        assertEquals(1, rows.menuCount());

        Team other = Identity.team(app, "IVR Name Other Org");
        IvrMenuRows otherRows = new IvrMenuRows(app.dsl(), other.organizationId());
        assertEquals(201, post(other, menu("Main", List.of(option("1", "ring_group", otherRows.ringGroup("G"))))).status(),
                "another organisation may use the name");
    }

    @Test
    void input_digits_are_required_one_to_ten_of_digits_and_star_and_distinct() {
        Team team = Identity.team(app, "IVR Digits Org");
        IvrMenuRows rows = new IvrMenuRows(app.dsl(), team.organizationId());
        long group = rows.ringGroup("G");

        Response response = post(team, menu("Digits", List.of(
                option("1", "ring_group", group),
                option("A", "ring_group", group),
                option("12345678901", "ring_group", group),
                option(null, "ring_group", group),
                option("1", "ring_group", group),
                option("*0#", "ring_group", group))));

        assertError(response, "options.1.input_digits", "The options.1.input_digits format is invalid.");
        assertError(response, "options.2.input_digits", "The options.2.input_digits format is invalid.");
        assertError(response, "options.3.input_digits", "The options.3.input_digits field is required.");
        assertError(response, "options.4.input_digits", "The options.4.input_digits field has a duplicate value.");
        assertFalse(response.json().path("errors").has("options.0.input_digits"));
        // # ends the caller's input (finishOnKey) and never reaches the menu: an option holding it could never be chosen.
        assertError(response, "options.5.input_digits", "The options.5.input_digits \"*0#\" can never be pressed: # ends "
                + "the caller's input. Use digits and * only.");
        assertEquals(0, rows.menuCount());
    }

    @Test
    void options_are_required_on_create_with_one_to_twenty_items() {
        Team team = Identity.team(app, "IVR Option Count Org");
        IvrMenuRows rows = new IvrMenuRows(app.dsl(), team.organizationId());
        long group = rows.ringGroup("G");

        Map<String, Object> none = menu("None", List.of());
        none.remove("options");
        assertError(post(team, none), "options", "The options field is required.");
        assertError(post(team, menu("Empty", List.of())), "options", "The options field is required.");
        List<Map<String, Object>> many = new ArrayList<>();
        for (int i = 0; i < 21; i++) {
            many.add(option(String.valueOf(100 + i), "ring_group", group));
        }
        assertError(post(team, menu("Many", many)), "options", "The options must not have more than 20 items.");
        assertEquals(201, post(team, menu("Twenty", many.subList(0, 20))).status());
        assertEquals(1, rows.menuCount());

        long id = create(team.owner().http(), menu("Kept", List.of(option("1", "ring_group", group))));
        Response emptied = team.owner().http().put(PATH + "/" + id, json(Map.of("options", List.of())));
        assertError(emptied, "options", "The options field is required.");
        assertEquals(1, rows.options(id).size());
    }

    @Test
    void an_option_needs_a_known_destination_type_and_an_id_and_a_priority_in_range() {
        Team team = Identity.team(app, "IVR Option Shape Org");
        IvrMenuRows rows = new IvrMenuRows(app.dsl(), team.organizationId());
        long group = rows.ringGroup("G");
        Map<String, Object> priority = option("3", "ring_group", group);
        priority.put("priority", 21);

        Response response = post(team, menu("Shape", List.of(
                option("1", "business_hours", 1),
                option("2", "ring_group", null),
                priority,
                option("4", "extension", null),
                option("5", "conference_room", "abc"))));

        assertError(response, "options.0.destination_type", "The selected options.0.destination_type is invalid.");
        assertError(response, "options.1.destination_id", "The options.1.destination_id field is required.");
        assertError(response, "options.2.priority", "The options.2.priority must be between 1 and 20.");
        assertError(response, "options.3.destination_id", "The options.3.destination_id field is required.");
        assertError(response, "options.4.destination_id", "The options.4.destination_id must be an integer.");
        assertEquals(0, rows.menuCount());
    }

    @Test
    void destinations_in_another_organisation_are_invalid_like_missing_ones() {
        Team team = Identity.team(app, "IVR Foreign Org");
        Team other = Identity.team(app, "IVR Foreign Other Org");
        IvrMenuRows rows = new IvrMenuRows(app.dsl(), team.organizationId());
        IvrMenuRows foreign = new IvrMenuRows(app.dsl(), other.organizationId());
        long foreignExtension = foreign.extension("5001");
        Map<String, Object> byId = option("5", "extension", null);
        byId.put("destination_extension_id", foreignExtension);

        Response response = post(team, menu("Foreign", List.of(
                option("1", "extension", "5001"),
                option("2", "ring_group", foreign.ringGroup("G")),
                option("3", "conference_room", foreign.conferenceRoom("R")),
                option("4", "ivr_menu", foreign.menuRow("M", "active")),
                byId)));

        assertError(response, "options.0.destination_id", "The selected options.0.destination_id is invalid.");
        assertError(response, "options.1.destination_id", "The selected options.1.destination_id is invalid.");
        assertError(response, "options.2.destination_id", "The selected options.2.destination_id is invalid.");
        assertError(response, "options.3.destination_id", "The selected options.3.destination_id is invalid.");
        assertError(response, "options.4.destination_extension_id",
                "The selected options.4.destination_extension_id is invalid.");
        assertEquals(0, rows.menuCount());
    }

    @Test
    void a_number_and_an_id_naming_different_extensions_are_invalid() {
        Team team = Identity.team(app, "IVR Mismatch Org");
        IvrMenuRows rows = new IvrMenuRows(app.dsl(), team.organizationId());
        rows.extension("1001");
        long other = rows.extension("1002");
        Map<String, Object> mismatch = option("1", "extension", "1001");
        mismatch.put("destination_extension_id", other);

        assertError(post(team, menu("Mismatch", List.of(mismatch))), "options.0.destination_extension_id",
                "The selected options.0.destination_extension_id is invalid.");
        assertEquals(0, rows.menuCount());
    }

    @Test
    void new_links_to_inactive_destinations_are_invalid_but_unchanged_ones_are_kept() {
        Team team = Identity.team(app, "IVR Inactive Org");
        IvrMenuRows rows = new IvrMenuRows(app.dsl(), team.organizationId());
        long extension = rows.extension("1001");
        long group = rows.ringGroup("G");
        long inactiveGroup = rows.ringGroup("Off", "inactive");
        rows.extension("1002", "inactive");
        long inactiveMenu = rows.menuRow("Off menu", "inactive");

        Response refused = post(team, menu("Inactive", List.of(
                option("1", "extension", "1002"),
                option("2", "ring_group", inactiveGroup),
                option("3", "ivr_menu", inactiveMenu))));
        assertError(refused, "options.0.destination_id", "The selected options.0.destination_id is invalid.");
        assertError(refused, "options.1.destination_id", "The selected options.1.destination_id is invalid.");
        assertError(refused, "options.2.destination_id", "The selected options.2.destination_id is invalid.");

        long id = create(team.owner().http(), menu("Active", List.of(option("1", "extension", "1001"), option("2", "ring_group", group))));
        rows.setExtensionStatus(extension, "inactive");
        Response unchanged = team.owner().http().put(PATH + "/" + id, json(Map.of("name", "Still fine", "options", List.of(
                option("1", "extension", "1001"), option("2", "ring_group", group)))));
        assertEquals(200, unchanged.status(), "an unchanged link is not re-checked for active: " + unchanged.body());

        Response moved = team.owner().http().put(PATH + "/" + id, json(Map.of("options", List.of(
                option("1", "ring_group", group), option("2", "extension", "1001")))));
        assertError(moved, "options.1.destination_id", "The selected options.1.destination_id is invalid.");
    }

    @Test
    void an_option_may_not_point_at_its_own_menu() {
        Team team = Identity.team(app, "IVR Self Option Org");
        IvrMenuRows rows = new IvrMenuRows(app.dsl(), team.organizationId());
        long id = create(team.owner().http(), menu("Self", List.of(option("1", "ring_group", rows.ringGroup("G")))));

        Response response = team.owner().http().put(PATH + "/" + id, json(Map.of("options", List.of(option("1", "ivr_menu", id)))));

        assertError(response, "options.0.destination_id", "The selected options.0.destination_id is invalid.");
        assertEquals("ring_group", rows.options(id).get(0).getDestinationType());
    }

    @Test
    void a_failover_needs_an_existing_active_target_that_is_not_the_menu_itself() {
        Team team = Identity.team(app, "IVR Bad Failover Org");
        Team other = Identity.team(app, "IVR Bad Failover Other Org");
        IvrMenuRows rows = new IvrMenuRows(app.dsl(), team.organizationId());
        long group = rows.ringGroup("G");
        long inactive = rows.ringGroup("Off", "inactive");
        long foreignRoom = new IvrMenuRows(app.dsl(), other.organizationId()).conferenceRoom("Theirs");
        String invalid = "The selected failover destination id is invalid.";

        Map<String, Object> missingId = menu("A", List.of(option("1", "ring_group", group)));
        missingId.put("failover_destination_type", "ring_group");
        assertError(post(team, missingId), "failover_destination_id", "The failover destination id field is required.");

        Map<String, Object> badType = menu("B", List.of(option("1", "ring_group", group)));
        badType.put("failover_destination_type", "voicemail");
        assertError(post(team, badType), "failover_destination_type", "The selected failover destination type is invalid.");

        Map<String, Object> foreign = menu("C", List.of(option("1", "ring_group", group)));
        foreign.put("failover_destination_type", "conference_room");
        foreign.put("failover_destination_id", foreignRoom);
        assertError(post(team, foreign), "failover_destination_id", invalid);

        Map<String, Object> inactiveTarget = menu("D", List.of(option("1", "ring_group", group)));
        inactiveTarget.put("failover_destination_type", "ring_group");
        inactiveTarget.put("failover_destination_id", inactive);
        assertError(post(team, inactiveTarget), "failover_destination_id", invalid);

        Map<String, Object> missingExtension = menu("E", List.of(option("1", "ring_group", group)));
        missingExtension.put("failover_destination_type", "extension");
        missingExtension.put("failover_destination_id", 987_654_321L);
        assertError(post(team, missingExtension), "failover_destination_id", invalid);
        assertEquals(0, rows.menuCount());

        long id = create(team.owner().http(), menu("Self", List.of(option("1", "ring_group", group))));
        Response self = team.owner().http().put(PATH + "/" + id, json(Map.of(
                "failover_destination_type", "ivr_menu", "failover_destination_id", id)));
        assertError(self, "failover_destination_id", invalid);
        assertEquals("hangup", rows.menu(id).getFailoverDestinationType());
    }

    @Test
    void failovers_that_would_send_calls_round_a_loop_are_refused() {
        Team team = Identity.team(app, "IVR Failover Loop Org");
        IvrMenuRows rows = new IvrMenuRows(app.dsl(), team.organizationId());
        long group = rows.ringGroup("G");
        long x = create(team.owner().http(), menu("X", List.of(option("1", "ring_group", group))));
        Map<String, Object> y = menu("Y", List.of(option("1", "ring_group", group)));
        y.put("failover_destination_type", "ivr_menu");
        y.put("failover_destination_id", x);
        long yId = create(team.owner().http(), y);

        Response response = team.owner().http().put(PATH + "/" + x, json(Map.of(
                "failover_destination_type", "ivr_menu", "failover_destination_id", yId)));

        assertEquals(422, response.status(), response.body());
        String message = response.json().path("errors").path("failover_destination_id").get(0).asText();
        assertTrue(message.startsWith("This change would create a call-flow loop: "), message);
        assertTrue(message.contains("\"X\"") && message.contains("\"Y\""), message);
        assertEquals("hangup", rows.menu(x).getFailoverDestinationType(), "the refused write left nothing behind");
    }

    @Test
    void every_failing_field_is_reported_at_once() {
        Team team = Identity.team(app, "IVR All Errors Org");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", "");
        body.put("status", "paused");
        body.put("tts_voice", "v".repeat(51));
        body.put("options", List.of(option("1", "ring_group", 987_654_321L)));

        Response response = post(team, body);

        assertEquals(422, response.status(), response.body());
        JsonNode errors = response.json().path("errors");
        for (String field : List.of("name", "status", "tts_voice", "audio_configuration", "options.0.destination_id")) {
            assertTrue(errors.has(field), field + " in " + errors);
        }
        assertEquals("The tts voice must not be greater than 50 characters.", errors.path("tts_voice").get(0).asText());
    }

    private static Response post(Team team, Map<String, Object> body) {
        return team.owner().http().postJson(PATH, json(body));
    }

    private static void assertError(Response response, String field, String message) {
        assertEquals(422, response.status(), response.body());
        JsonNode messages = response.json().path("errors").path(field);
        assertTrue(messages.isArray() && !messages.isEmpty(), field + " in " + response.body());
        assertEquals(message, messages.get(0).asText(), response.body());
    }
}
