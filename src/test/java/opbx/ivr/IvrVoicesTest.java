package opbx.ivr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.UUID;
import opbx.support.HttpTestClient.Response;
import opbx.support.Identity;
import opbx.support.Identity.Member;
import opbx.support.Identity.Team;
import opbx.support.TestApp;
import org.junit.jupiter.api.Test;

/** GET /api/v1/ivr-menus/voices (control-plane spec §3.6): every role, and the errors before the Cloudonix client. */
class IvrVoicesTest {

    private static final String PATH = "/api/v1/ivr-menus/voices";

    private final TestApp app = TestApp.shared();

    @Test
    void without_cloudonix_settings_every_role_gets_503_not_configured_with_troubleshooting_hints() {
        Team team = Identity.team(app, "IVR Voices Org");

        for (Member member : List.of(team.owner(), team.admin(), team.user(), team.reporter())) {
            Response response = member.http().get(PATH);

            assertEquals(503, response.status(), member.role() + ": " + response.body());
            JsonNode body = response.json();
            assertEquals("CLOUDONIX_NOT_CONFIGURED", body.path("error").path("code").asText());
            assertEquals("Cloudonix settings not configured for your organization.", body.path("message").asText());
            JsonNode hints = body.path("troubleshooting");
            assertTrue(hints.isArray() && !hints.isEmpty(), body.toString());
            hints.forEach(hint -> assertTrue(hint.isTextual() && !hint.asText().isBlank(), hints.toString()));
        }
    }

    @Test
    void settings_without_an_api_key_are_not_configured() {
        Team team = Identity.team(app, "IVR Voices Partial Org");
        new IvrMenuRows(app.dsl(), team.organizationId()).cloudonixSettings(UUID.randomUUID(), null);

        Response response = team.user().http().get(PATH);

        assertEquals(503, response.status(), response.body());
        assertEquals("CLOUDONIX_NOT_CONFIGURED", response.json().path("error").path("code").asText());
    }

    @Test
    void with_cloudonix_configured_the_answer_is_502_until_the_client_exists() {
        Team team = Identity.team(app, "IVR Voices Configured Org");
        new IvrMenuRows(app.dsl(), team.organizationId()).cloudonixSettings(UUID.randomUUID(), "v1:encrypted");

        Response response = team.reporter().http().get(PATH);

        assertEquals(502, response.status(), response.body());
        assertEquals("CLOUDONIX_UNAVAILABLE", response.json().path("error").path("code").asText());
        assertEquals("Cloudonix could not be reached. Please try again later.", response.json().path("message").asText());
    }

    @Test
    void voices_is_not_taken_for_a_menu_id() {
        Team team = Identity.team(app, "IVR Voices Route Org");

        Response response = team.owner().http().get(PATH);

        assertTrue(response.status() != 404, "a /{id} route would answer 404 for \"voices\": " + response.body());
    }
}
