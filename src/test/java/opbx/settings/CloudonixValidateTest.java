package opbx.settings;

import static opbx.settings.Settings.API_KEY;
import static opbx.settings.Settings.PATH;
import static opbx.support.TestData.fieldNames;
import static opbx.support.TestData.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import opbx.support.FakeCloudonix;
import opbx.support.FakeCloudonix.Behavior;
import opbx.support.HttpTestClient;
import opbx.support.HttpTestClient.Response;
import opbx.support.Identity;
import opbx.support.Identity.Team;
import opbx.support.TestApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** POST /settings/cloudonix/validate (control-plane spec §3.14, §6.1; scenario 48) against the fake Cloudonix. */
class CloudonixValidateTest {

    private static final String INVALID = "Invalid Cloudonix credentials. Please check your domain UUID and API key.";

    private final TestApp app = CloudonixApp.app();
    private final FakeCloudonix fake = CloudonixApp.fake();

    @AfterEach
    void clearScripts() {
        fake.clearScripts();
    }

    @Test
    void valid_credentials_answer_the_profile_hints_and_store_nothing() {
        Team team = Identity.team(app, "Validate Valid Org");
        CloudonixApp.Domain domain = CloudonixApp.newDomain();
        fake.domain(domain.uuid()).profile.put("call-timeout", 45).put("recording-media-type", "MP3");

        Response response = validate(team.owner().http(), domain.uuid(), domain.key());

        assertEquals(200, response.status(), response.body());
        assertTrue(response.json().path("valid").asBoolean());
        assertEquals("Cloudonix credentials are valid.", response.json().path("message").asText());
        JsonNode hints = response.json().path("profile_settings");
        assertEquals(domain.uuid() + ".cloudonix.net", hints.path("domain_name").asText());
        assertEquals(45, hints.path("no_answer_timeout").asInt());
        assertEquals("mp3", hints.path("recording_format").asText());
        assertEquals("Fake Plan", hints.path("cloudonix_package").asText());
        List<FakeCloudonix.Request> reads = fake.requests("GET", domain.path(""));
        assertEquals(1, reads.size());
        assertEquals("Bearer " + domain.key(), reads.get(0).header("Authorization"));
        assertNull(Settings.row(app.dsl(), team.organizationId()), "nothing is stored");
    }

    @Test
    void profile_values_the_settings_would_refuse_are_not_hinted() {
        Team team = Identity.team(app, "Validate Odd Profile Org");
        CloudonixApp.Domain domain = CloudonixApp.newDomain();
        fake.domain(domain.uuid()).profile.put("call-timeout", 300).put("recording-media-type", "ogg");

        Response response = validate(team.owner().http(), domain.uuid(), domain.key());

        assertEquals(200, response.status(), response.body());
        assertEquals(Set.of("domain_name", "cloudonix_package"), fieldNames(response.json().path("profile_settings")));
    }

    @Test
    void a_wrong_key_or_an_unknown_domain_is_200_valid_false() {
        Team team = Identity.team(app, "Validate Invalid Org");
        CloudonixApp.Domain domain = CloudonixApp.newDomain();

        Response wrongKey = validate(team.owner().http(), domain.uuid(), domain.key() + "-wrong");
        Response unknown = validate(team.owner().http(), UUID.randomUUID().toString(), domain.key());
        fake.script("GET", domain.path(""), Behavior.status(403), 1);
        Response forbidden = validate(team.owner().http(), domain.uuid(), domain.key());

        for (Response response : List.of(wrongKey, unknown, forbidden)) {
            assertEquals(200, response.status(), response.body());
            assertFalse(response.json().path("valid").asBoolean(), response.body());
            assertEquals(INVALID, response.json().path("message").asText());
            assertFalse(response.json().has("profile_settings"), response.body());
        }
    }

    @Test
    void cloudonix_failing_or_unreachable_is_502() {
        Team team = Identity.team(app, "Validate Unreachable Org");
        CloudonixApp.Domain domain = CloudonixApp.newDomain();
        fake.script("GET", domain.path(""), Behavior.status(500), 1);
        // Every later try: the JDK client sends a GET again once when its connection drops.
        fake.script("GET", domain.path(""), Behavior.drop());

        for (int i = 0; i < 2; i++) {
            Response response = validate(team.owner().http(), domain.uuid(), domain.key());

            assertEquals(502, response.status(), response.body());
            assertEquals("CLOUDONIX_UNAVAILABLE", response.json().path("error").path("code").asText());
            assertEquals("Cloudonix could not be reached. Please try again later.", response.json().path("message").asText());
        }
        assertNull(Settings.row(app.dsl(), team.organizationId()));
    }

    @Test
    void the_mask_of_the_stored_key_validates_with_the_stored_key() {
        Team team = Identity.team(app, "Validate Mask Org");
        CloudonixApp.Domain domain = CloudonixApp.newDomain();
        HttpTestClient http = team.owner().http();
        CloudonixApp.configure(http, domain);
        String mask = http.get(PATH).json().path("settings").path("domain_api_key").asText();
        fake.clearRequests();

        Response response = validate(http, domain.uuid(), mask);

        assertEquals(200, response.status(), response.body());
        assertTrue(response.json().path("valid").asBoolean(), response.body());
        assertEquals("Bearer " + domain.key(), fake.requests("GET", domain.path("")).get(0).header("Authorization"));
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

    private static Response validate(HttpTestClient http, String uuid, String key) {
        return http.postJson(PATH + "/validate", json("domain_uuid", uuid, "domain_api_key", key));
    }
}
