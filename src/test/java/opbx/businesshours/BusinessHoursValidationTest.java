package opbx.businesshours;

import static opbx.businesshours.BusinessHoursRows.PATH;
import static opbx.businesshours.BusinessHoursRows.action;
import static opbx.businesshours.BusinessHoursRows.body;
import static opbx.businesshours.BusinessHoursRows.create;
import static opbx.businesshours.BusinessHoursRows.day;
import static opbx.businesshours.BusinessHoursRows.exception;
import static opbx.businesshours.BusinessHoursRows.json;
import static opbx.businesshours.BusinessHoursRows.range;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import opbx.support.HttpTestClient.Response;
import opbx.support.Identity;
import opbx.support.Identity.Team;
import opbx.support.TestApp;
import org.junit.jupiter.api.Test;

/** The field rules of control-plane spec §3.8: every rule has a failing case, and nothing is written on a 422. */
class BusinessHoursValidationTest {

    private final TestApp app = TestApp.shared();
    private final Team team = Identity.team(app, "BH Validation Org");
    private final BusinessHoursRows rows = new BusinessHoursRows(app.dsl(), team.organizationId());
    private final long extension = rows.extension();

    @Test
    void an_empty_body_names_every_required_field() {
        JsonNode errors = rejected(Map.of());

        assertEquals("The name field is required.", errors.path("name").get(0).asText());
        assertEquals("The open hours action field is required.", errors.path("open_hours_action").get(0).asText());
        assertEquals("The closed hours action field is required.", errors.path("closed_hours_action").get(0).asText());
        assertEquals("The schedule field is required.", errors.path("schedule").get(0).asText());
    }

    @Test
    void a_422_carries_every_message_in_errors_and_details() {
        Response response = team.owner().http().postJson(PATH, json(body("X", extension, "status", "paused")));

        assertEquals(422, response.status(), response.body());
        JsonNode body = response.json();
        assertEquals("The name must be at least 2 characters. (and 1 more error)", body.path("message").asText());
        assertEquals("The selected status is invalid.", body.path("errors").path("status").get(0).asText());
        assertEquals("VALIDATION_FAILED", body.path("error").path("code").asText());
        assertEquals(2, body.path("error").path("details").size());
        assertEquals(0, rows.schedules());
    }

    @Test
    void names_are_unique_per_organisation_case_insensitively() {
        create(team.owner().http(), body("Office", extension));

        assertEquals("The name has already been taken.", rejected(body("OFFICE", extension)).path("name").get(0).asText());
        Team other = Identity.team(app, "BH Validation Other Org");
        create(other.owner().http(), body("Office", new BusinessHoursRows(app.dsl(), other.organizationId()).extension()));
    }

    @Test
    void times_must_be_hh_mm_on_a_24_hour_clock() {
        for (String bad : List.of("9:00", "24:00", "09:60", "09:00:00", "nine")) {
            JsonNode errors = rejected(body("Office", extension, "schedule",
                    Map.of("monday", day(true, range(bad, "17:00")))));
            assertEquals("The schedule.monday.time_ranges.0.start_time format is invalid.",
                    errors.path("schedule.monday.time_ranges.0.start_time").get(0).asText(), bad);
        }
        JsonNode missing = rejected(body("Office", extension, "schedule",
                Map.of("tuesday", day(true, Map.of("start_time", "09:00")))));
        assertEquals("The schedule.tuesday.time_ranges.0.end_time field is required.",
                missing.path("schedule.tuesday.time_ranges.0.end_time").get(0).asText());
    }

    @Test
    void an_end_at_or_before_the_start_is_an_overnight_range_not_an_error() {
        JsonNode data = create(team.owner().http(), body("Night", extension, "schedule", Map.of(
                "friday", day(true, range("22:00", "02:00")),
                "saturday", day(true, range("00:00", "00:00")))));

        assertEquals("02:00", data.path("schedule").path("friday").path("time_ranges").get(0).path("end_time").asText());
        assertEquals("00:00", data.path("schedule").path("saturday").path("time_ranges").get(0).path("end_time").asText());
    }

    @Test
    void ranges_of_one_day_must_not_overlap() {
        JsonNode errors = rejected(body("Office", extension, "schedule",
                Map.of("monday", day(true, range("09:00", "12:00"), range("11:00", "13:00")))));
        assertTrue(errors.has("schedule.monday.time_ranges.1.start_time"), errors.toString());

        JsonNode overnight = rejected(body("Office", extension, "schedule",
                Map.of("friday", day(true, range("22:00", "02:00"), range("23:00", "23:30")))));
        assertTrue(overnight.has("schedule.friday.time_ranges.1.start_time"), overnight.toString());

        JsonNode fullDay = rejected(body("Office", extension, "schedule",
                Map.of("friday", day(true, range("08:00", "08:00"), range("12:00", "13:00")))));
        assertTrue(fullDay.has("schedule.friday.time_ranges.1.start_time"), "equal times are 24 hours: " + fullDay);

        create(team.owner().http(), body("Split", extension, "schedule",
                Map.of("monday", day(true, range("09:00", "12:00"), range("12:00", "13:00"), range("20:00", "02:00")))));
    }

    @Test
    void an_enabled_day_needs_a_range_and_at_most_twelve() {
        JsonNode errors = rejected(body("Office", extension, "schedule", Map.of("monday", day(true))));
        assertEquals("An enabled day must have at least one time range.", errors.path("schedule.monday").get(0).asText());

        List<Map<String, Object>> thirteen = new ArrayList<>();
        for (int hour = 0; hour < 13; hour++) {
            thirteen.add(range(String.format("%02d:00", hour), String.format("%02d:30", hour)));
        }
        Map<String, Object> tooMany = new LinkedHashMap<>();
        tooMany.put("enabled", true);
        tooMany.put("time_ranges", thirteen);
        JsonNode many = rejected(body("Office", extension, "schedule", Map.of("monday", tooMany)));
        assertEquals("The time ranges must not have more than 12 items.",
                many.path("schedule.monday.time_ranges").get(0).asText());
    }

    @Test
    void enabled_is_a_required_boolean_and_a_disabled_days_ranges_are_discarded() {
        JsonNode errors = rejected(body("Office", extension, "schedule", Map.of(
                "monday", Map.of("enabled", "sometimes", "time_ranges", List.of(range("09:00", "17:00"))),
                "tuesday", Map.of("time_ranges", List.of(range("09:00", "17:00"))),
                "wednesday", "open")));
        assertEquals("The enabled field must be true or false.", errors.path("schedule.monday.enabled").get(0).asText());
        assertEquals("The enabled field is required.", errors.path("schedule.tuesday.enabled").get(0).asText());
        assertEquals("The wednesday must be an object.", errors.path("schedule.wednesday").get(0).asText());

        JsonNode data = create(team.owner().http(), body("Coerced", extension, "schedule", Map.of(
                "monday", Map.of("enabled", "1", "time_ranges", List.of(range("09:00", "17:00"))),
                "tuesday", Map.of("enabled", 0, "time_ranges", List.of(range("bad", "worse"))))));
        assertTrue(data.path("schedule").path("monday").path("enabled").asBoolean());
        assertEquals(0, data.path("schedule").path("tuesday").path("time_ranges").size());
    }

    @Test
    void exception_dates_are_yyyy_mm_dd_real_dates() {
        for (String bad : List.of("25/12/2026", "2026-13-01", "2026-02-30", "2026-1-5")) {
            JsonNode errors = rejected(body("Office", extension, "exceptions",
                    List.of(exception(bad, "Holiday", "closed", null, null))));
            assertEquals("The exceptions.0.date format is invalid.", errors.path("exceptions.0.date").get(0).asText(), bad);
        }
        JsonNode missing = rejected(body("Office", extension, "exceptions",
                List.of(Map.of("name", "Holiday", "type", "closed"))));
        assertEquals("The exceptions.0.date field is required.", missing.path("exceptions.0.date").get(0).asText());
    }

    @Test
    void one_exception_per_date_keeps_the_first_silently() {
        JsonNode data = create(team.owner().http(), body("Holidays", extension, "exceptions", List.of(
                exception("2026-12-25", "Christmas", "closed", null, null),
                exception("2026-12-25", "Xmas again", "special_hours", null, List.of(range("10:00", "12:00"))))));

        assertEquals(1, data.path("exceptions").size());
        assertEquals("Christmas", data.path("exceptions").get(0).path("name").asText());
    }

    @Test
    void exceptions_need_a_name_a_known_type_a_known_recurrence_and_ranges_only_for_special_hours() {
        JsonNode errors = rejected(body("Office", extension, "exceptions", List.of(
                exception("2026-01-01", "", "closed", null, null),
                exception("2026-01-02", "Party", "holiday", null, null),
                exception("2026-01-03", "Short", "special_hours", null, null),
                exception("2026-01-04", "Shut", "closed", null, List.of(range("09:00", "10:00"))),
                exception("2026-01-05", "Often", "closed", "weekly", null),
                exception("2026-01-06", "Short", "special_hours", null, List.of(range("9am", "10:00"))))));

        assertEquals("The exceptions.0.name field is required.", errors.path("exceptions.0.name").get(0).asText());
        assertEquals("The selected exceptions.1.type is invalid.", errors.path("exceptions.1.type").get(0).asText());
        assertEquals("The exceptions.2.time_ranges field is required.", errors.path("exceptions.2.time_ranges").get(0).asText());
        assertTrue(errors.has("exceptions.3.time_ranges"), errors.toString());
        assertEquals("The selected exceptions.4.recurrence is invalid.", errors.path("exceptions.4.recurrence").get(0).asText());
        assertEquals("The exceptions.5.time_ranges.0.start_time format is invalid.",
                errors.path("exceptions.5.time_ranges.0.start_time").get(0).asText());
        assertEquals(0, rows.schedules());
    }

    @Test
    void recurring_is_an_alias_of_recurrence_and_more_than_100_exceptions_are_refused() {
        Map<String, Object> yearly = exception("2025-12-25", "Christmas", "closed", null, null);
        yearly.put("recurring", true);
        Map<String, Object> special = exception("2026-01-16", "Short day", "special_hours", null,
                List.of(range("22:00", "02:00")));
        special.put("recurring", "0");
        JsonNode data = create(team.owner().http(), body("Alias", extension, "exceptions", List.of(yearly, special)));
        assertEquals("yearly", data.path("exceptions").get(0).path("recurrence").asText());
        assertEquals("once", data.path("exceptions").get(1).path("recurrence").asText());
        assertEquals("02:00", data.path("exceptions").get(1).path("time_ranges").get(0).path("end_time").asText(),
                "an exception range may end at or before its start (it runs to midnight)");

        List<Map<String, Object>> many = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            many.add(exception(LocalDate.of(2027, 1, 1).plusDays(i).toString(), "Day " + i, "closed", null, null));
        }
        assertEquals("The exceptions must not have more than 100 items.",
                rejected(body("Many", extension, "exceptions", many)).path("exceptions").get(0).asText());
    }

    @Test
    void a_timezone_is_an_iana_region_or_utc_never_a_fixed_offset() {
        for (String bad : List.of("Mars/Phobos", "+02:00", "UTC+2", "GMT+2", "EST", "Z")) {
            JsonNode errors = rejected(body("Office", extension, "timezone", bad));
            assertEquals("The timezone must be a valid timezone.", errors.path("timezone").get(0).asText(), bad);
        }
        assertEquals("UTC", create(team.owner().http(), body("Utc", extension, "timezone", "UTC"))
                .path("effective_timezone").asText());
        Map<String, Object> empty = body("Default", extension);
        empty.put("timezone", null);
        assertTrue(create(team.owner().http(), empty).path("timezone").isNull());
    }

    @Test
    void an_action_needs_a_known_type_and_a_target_whose_prefix_matches() {
        long group = rows.ringGroup();
        JsonNode errors = rejected(body("Office", extension,
                "open_hours_action", action("voicemail", "ext-" + extension),
                "closed_hours_action", action("extension", "rg-" + group)));
        assertEquals("The selected type is invalid.", errors.path("open_hours_action.type").get(0).asText());
        assertEquals("The selected target id is invalid.", errors.path("closed_hours_action.target_id").get(0).asText());

        JsonNode shape = rejected(body("Office", extension,
                "open_hours_action", Map.of("type", "extension"),
                "closed_hours_action", "ext-" + extension));
        assertEquals("The target id field is required.", shape.path("open_hours_action.target_id").get(0).asText());
        assertEquals("The closed hours action must be an object.", shape.path("closed_hours_action").get(0).asText());

        for (Object bad : List.of("ext-", "ext-x", "-5", "0", "ext-0", 1.5)) {
            JsonNode invalid = rejected(body("Office", extension, "open_hours_action", action("extension", bad)));
            assertEquals("The selected target id is invalid.", invalid.path("open_hours_action.target_id").get(0).asText(),
                    String.valueOf(bad));
        }
    }

    @Test
    void an_action_target_must_exist_in_the_organisation_and_be_active() {
        Team other = Identity.team(app, "BH Validation Foreign Org");
        long foreign = new BusinessHoursRows(app.dsl(), other.organizationId()).extension();
        long inactive = rows.extension("inactive");
        long deleted = rows.extension();
        rows.softDeleteExtension(deleted);

        for (long target : List.of(foreign, inactive, deleted, 987_654_321L)) {
            JsonNode errors = rejected(body("Office", extension, "open_hours_action", action("extension", "ext-" + target)));
            assertEquals("The selected target id is invalid.", errors.path("open_hours_action.target_id").get(0).asText(),
                    "target " + target);
        }
        JsonNode missingGroup = rejected(body("Office", extension, "closed_hours_action", action("ring_group", "rg-987654321")));
        assertTrue(missingGroup.has("closed_hours_action.target_id"), missingGroup.toString());
        JsonNode missingRoom = rejected(body("Office", extension, "closed_hours_action", action("conference_room", 987_654_321)));
        assertTrue(missingRoom.has("closed_hours_action.target_id"), missingRoom.toString());
        JsonNode missingMenu = rejected(body("Office", extension, "closed_hours_action", action("ivr_menu", "ivr-987654321")));
        assertTrue(missingMenu.has("closed_hours_action.target_id"), missingMenu.toString());
        assertEquals(0, rows.schedules());
    }

    @Test
    void an_update_is_validated_against_the_stored_schedule() {
        long id = Long.parseLong(create(team.owner().http(), body("Office", extension)).path("id").asText());

        Response clear = team.owner().http().put(PATH + "/" + id, json(Map.of("schedule", Map.of("monday", day(true)))));
        assertEquals(422, clear.status(), clear.body());
        assertTrue(clear.json().path("errors").has("schedule.monday"));

        Map<String, Object> nullAction = new LinkedHashMap<>();
        nullAction.put("open_hours_action", null);
        Response noAction = team.owner().http().put(PATH + "/" + id, json(nullAction));
        assertEquals(422, noAction.status(), noAction.body());
        assertEquals("The open hours action field is required.",
                noAction.json().path("errors").path("open_hours_action").get(0).asText());
        assertEquals(List.of(7, 5, 0, 0), rows.childRows(id), "nothing changed");
    }

    private JsonNode rejected(Map<String, Object> body) {
        Response response = team.owner().http().postJson(PATH, json(body));
        assertEquals(422, response.status(), response.body());
        return response.json().path("errors");
    }
}
