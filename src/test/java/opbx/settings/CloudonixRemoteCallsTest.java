package opbx.settings;

import static opbx.settings.Settings.API_KEY;
import static opbx.settings.Settings.PATH;
import static opbx.support.TestData.fieldNames;
import static opbx.support.TestData.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.UUID;
import opbx.support.HttpTestClient;
import opbx.support.HttpTestClient.Response;
import opbx.support.Identity;
import opbx.support.Identity.Team;
import opbx.support.TestApp;
import org.junit.jupiter.api.Test;

/**
 * validate and outbound-trunks (control-plane spec §3.14) before the Cloudonix client exists: the not-configured
 * answer as specified, and otherwise 502 CLOUDONIX_UNAVAILABLE.
 */
class CloudonixRemoteCallsTest {

    private static final String UNAVAILABLE = "Cloudonix could not be reached. Please try again later.";

    private final TestApp app = TestApp.shared();

    @Test
    void outbound_trunks_without_configured_settings_is_the_not_configured_answer() {
        Team team = Identity.team(app, "Trunks Unconfigured Org");
        HttpTestClient http = team.admin().http();

        Response none = http.get(PATH + "/outbound-trunks");
        Settings.save(team.owner().http(), json("domain_api_key", API_KEY));
        Response keyOnly = http.get(PATH + "/outbound-trunks");

        for (Response response : new Response[] {none, keyOnly}) {
            assertEquals(422, response.status(), response.body());
            assertEquals("CLOUDONIX_NOT_CONFIGURED", response.json().path("error").path("code").asText());
            assertEquals("Please configure Cloudonix settings before fetching outbound trunks.",
                    response.json().path("message").asText());
            assertTrue(response.json().path("troubleshooting").isArray(), response.body());
            assertFalse(response.json().path("error").has("details"), "not a field validation error");
        }
    }

    @Test
    void outbound_trunks_of_a_configured_organisation_is_502_while_cloudonix_cannot_be_reached() {
        Team team = Identity.team(app, "Trunks Configured Org");
        Settings.save(team.owner().http(), json("domain_api_key", API_KEY, "domain_uuid", UUID.randomUUID().toString()));

        Response response = team.owner().http().get(PATH + "/outbound-trunks");

        assertEquals(502, response.status(), response.body());
        assertEquals("CLOUDONIX_UNAVAILABLE", response.json().path("error").path("code").asText());
        assertEquals(UNAVAILABLE, response.json().path("message").asText());
    }

    @Test
    void validate_requires_a_uuid_and_an_api_key() {
        Team team = Identity.team(app, "Validate Fields Org");
        HttpTestClient http = team.owner().http();

        Response empty = http.postJson(PATH + "/validate", "{}");
        Response badUuid = http.postJson(PATH + "/validate", json("domain_uuid", "abc", "domain_api_key", API_KEY));

        assertEquals(422, empty.status(), empty.body());
        assertEquals(Set.of("domain_uuid", "domain_api_key"), fieldNames(empty.json().path("errors")));
        assertEquals("The domain uuid field is required.", empty.json().path("errors").path("domain_uuid").get(0).asText());
        assertEquals(422, badUuid.status(), badUuid.body());
        assertEquals(Set.of("domain_uuid"), fieldNames(badUuid.json().path("errors")));
    }

    @Test
    void validate_with_well_formed_credentials_is_502_and_stores_nothing() {
        Team team = Identity.team(app, "Validate Unreachable Org");

        Response response = team.owner().http().postJson(PATH + "/validate",
                json("domain_uuid", UUID.randomUUID().toString(), "domain_api_key", API_KEY));

        assertEquals(502, response.status(), response.body());
        assertEquals("CLOUDONIX_UNAVAILABLE", response.json().path("error").path("code").asText());
        assertEquals(UNAVAILABLE, response.json().path("message").asText());
        assertNull(Settings.row(app.dsl(), team.organizationId()));
    }
}
