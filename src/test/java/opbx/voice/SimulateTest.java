package opbx.voice;

import static opbx.support.TestData.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import opbx.support.HttpTestClient;
import opbx.support.HttpTestClient.Response;
import opbx.support.Identity;
import opbx.support.TestApp;
import org.junit.jupiter.api.Test;

/** The dry run runs the real router at the requested instant and writes nothing. */
class SimulateTest {

    private final TestApp app = TestApp.shared();

    @Test
    void a_saturday_call_to_the_main_number_goes_through_the_menu_to_the_group_and_leaves_redis_unchanged() {
        Identity.Team team = Identity.team(app, "Simulate Org");
        HttpTestClient admin = team.admin().http();
        long alice = admin.postJson("/api/v1/extensions", json("extension_number", "1001", "type", "user"))
                .json().path("extension").path("id").asLong();
        long bob = admin.postJson("/api/v1/extensions", json("extension_number", "1002", "type", "user"))
                .json().path("extension").path("id").asLong();
        long sales = admin.postJson("/api/v1/ring-groups", json("name", "Sales", "timeout", 20,
                "members", List.of(Map.of("extension_id", alice), Map.of("extension_id", bob))))
                .json().path("data").path("id").asLong();
        Response menuResponse = admin.postJson("/api/v1/ivr-menus", json("name", "Main", "tts_text", "Press 1 for sales",
                "options", List.of(Map.of("input_digits", "1", "destination_type", "ring_group", "destination_id", sales))));
        assertEquals(201, menuResponse.status(), menuResponse.body());
        long menu = menuResponse.json().path("data").path("id").asLong();
        Response hours = admin.postJson("/api/v1/business-hours", json("name", "Office", "timezone", "America/New_York",
                "schedule", Map.of("monday", Map.of("enabled", true, "time_ranges",
                        List.of(Map.of("start_time", "09:00", "end_time", "17:00")))),
                "open_hours_action", Map.of("type", "extension", "target_id", "ext-" + alice),
                "closed_hours_action", Map.of("type", "ivr_menu", "target_id", "ivr-" + menu)));
        assertEquals(201, hours.status(), hours.body());
        String number = "+1646" + (1_000_000 + ThreadLocalRandom.current().nextInt(9_000_000));
        assertEquals(201, admin.postJson("/api/v1/phone-numbers", json("phone_number", number, "routing_type", "business_hours",
                "routing_config", Map.of("business_hours_schedule_id", hours.json().path("data").path("id").asText()))).status());

        Set<String> before = routingKeys(team.organizationId());
        Response simulation = admin.postJson("/api/v1/call-flows/simulate", json("to", number, "from", "+12125550199",
                "direction", "inbound", "at", "2026-01-17T18:00:00Z", "digits", List.of("1"), "dial_outcomes", List.of("no-answer")));

        assertEquals(200, simulation.status(), simulation.body());
        JsonNode steps = simulation.json().path("steps");
        assertEquals("route", steps.path(0).path("request").asText());
        assertTrue(steps.path(0).path("summary").asText().contains("Press 1 for sales"), steps.toString());
        assertEquals("ivr-input", steps.path(1).path("request").asText());
        assertEquals("Dial 1001, 1002 for 20 s", steps.path(1).path("summary").asText());
        assertEquals("ring-group-callback", steps.path(2).path("request").asText());
        assertEquals("Say \"No agents available. Goodbye.\" and hang up", steps.path(2).path("summary").asText());
        assertEquals("hangup", simulation.json().path("reached").path("type").asText());

        // The dry run itself cached, counted (voice rate) and remembered (pointer, IVR state) nothing: the keys are
        // what the set-up's writes left (the configuration version), the caller's own request counter aside.
        assertEquals(before, routingKeys(team.organizationId()));

        Response weekday = admin.postJson("/api/v1/call-flows/simulate", json("to", number, "at", "2026-01-19T15:00:00Z"));
        assertEquals("Dial 1001 for 30 s", weekday.json().path("steps").path(0).path("summary").asText());
        assertEquals(403, team.user().http().postJson("/api/v1/call-flows/simulate", json("to", number)).status());
        assertEquals(422, admin.postJson("/api/v1/call-flows/simulate", json("to", number, "at", "yesterday")).status());
    }

    private Set<String> routingKeys(long organizationId) {
        Set<String> keys = new HashSet<>(app.server().redis().client().keys("opbx:{" + organizationId + "}:*"));
        keys.removeIf(key -> key.contains(":rl:api:"));
        return keys;
    }
}
