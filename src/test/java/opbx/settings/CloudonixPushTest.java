package opbx.settings;

import static opbx.settings.Settings.PATH;
import static opbx.support.TestData.fieldNames;
import static opbx.support.TestData.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Set;
import opbx.db.gen.tables.records.CloudonixSettingsRecord;
import opbx.support.FakeCloudonix;
import opbx.support.FakeCloudonix.Behavior;
import opbx.support.HttpTestClient;
import opbx.support.Identity;
import opbx.support.Identity.Team;
import opbx.support.TestApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A save of configured settings pushes them to Cloudonix (control-plane spec §3.14, §6.1): domain profile, voice
 * application, default application; a failure is a warning on a save that stands (§6.4). Scenario 48.
 */
class CloudonixPushTest {

    private final TestApp app = CloudonixApp.app();
    private final FakeCloudonix fake = CloudonixApp.fake();

    @AfterEach
    void clearScripts() {
        fake.clearScripts();
    }

    @Test
    void a_configured_save_pushes_the_profile_creates_the_voice_application_and_makes_it_the_default() {
        Team team = Identity.team(app, "Push Sequence Org");
        CloudonixApp.Domain domain = CloudonixApp.newDomain();
        String requestsKey = Settings.requestsKey();

        JsonNode saved = Settings.save(team.owner().http(), json("domain_uuid", domain.uuid(), "domain_api_key",
                domain.key(), "domain_requests_api_key", requestsKey, "no_answer_timeout", 40, "recording_format", "wav"));

        assertFalse(saved.has("warning"), saved.toString());
        assertFalse(saved.has("cloudonix_warning"), saved.toString());
        List<String> calls = fake.requests().stream()
                .filter(request -> request.path().contains(domain.uuid()))
                .map(request -> request.method() + " " + request.path().replace(domain.path(""), ""))
                .toList();
        FakeCloudonix.Domain remote = fake.domain(domain.uuid());
        String applicationId = remote.applications.keySet().iterator().next().toString();
        // The profile by PUT (domainUpdate), the application, the default by PATCH (domainProfileUpdate), then the
        // domain read back to confirm the default took.
        assertEquals(List.of("PUT ", "POST /applications", "PATCH ", "GET "), calls);
        assertEquals(List.of(), fake.violations(), "every request as Cloudonix documents it");
        JsonNode profile = fake.requests("PUT", domain.path("")).get(0).body().path("profile");
        assertEquals(Set.of("call-timeout", "recording-media-type", "session-update-endpoint", "cdr-endpoint",
                "authorization-api-key"), fieldNames(profile));
        assertEquals(40, profile.path("call-timeout").asInt());
        assertEquals("wav", profile.path("recording-media-type").asText());
        assertEquals(saved.path("callback_url").asText(), profile.path("session-update-endpoint").asText());
        assertEquals(saved.path("cdr_url").asText(), profile.path("cdr-endpoint").asText());
        assertEquals(requestsKey, profile.path("authorization-api-key").asText());

        JsonNode application = remote.applications.get(Long.parseLong(applicationId));
        String base = CloudonixApp.PUBLIC_URL;
        assertEquals(base + "/api/voice/route", application.path("url").asText());
        assertEquals("POST", application.path("method").asText());
        assertEquals("cxml", application.path("type").asText());
        assertTrue(application.path("name").asText().matches("opbx-routing-application-[a-z0-9]{8}"), application.toString());
        assertEquals(applicationId, remote.defaultApplication.asText());
        assertTrue(remote.defaultApplication.isNumber(), "a numeric id is sent as a number");

        CloudonixSettingsRecord row = Settings.row(app.dsl(), team.organizationId());
        assertEquals(applicationId, row.getVoiceApplicationId());
        assertEquals(application.path("uuid").asText(), row.getVoiceApplicationUuid());
        assertEquals(application.path("name").asText(), row.getVoiceApplicationName());
        assertNotNull(row.getLastPushedAt());
        assertNull(row.getLastPushError());
        assertEquals(applicationId, saved.path("settings").path("voice_application_id").asText());
        assertFalse(saved.path("settings").path("last_pushed_at").isNull(), "the answer shows the push");
    }

    @Test
    void a_second_save_updates_the_same_application_and_a_lost_one_is_created_anew() {
        Team team = Identity.team(app, "Push Update Org");
        CloudonixApp.Domain domain = CloudonixApp.newDomain();
        HttpTestClient http = team.owner().http();
        CloudonixApp.configure(http, domain);
        FakeCloudonix.Domain remote = fake.domain(domain.uuid());
        String first = Settings.row(app.dsl(), team.organizationId()).getVoiceApplicationId();

        JsonNode second = Settings.save(http, json("webhook_base_url", "https://pbx.example.com/"));

        assertFalse(second.has("warning"), second.toString());
        assertEquals(1, remote.applications.size(), "no second application");
        assertEquals(1, fake.requests("GET", domain.path("/applications/" + first)).size(), "looked up, not assumed");
        assertEquals(1, fake.requests("PUT", domain.path("/applications/" + first)).size());
        assertEquals("cxml", fake.requests("PUT", domain.path("/applications/" + first)).get(0).body().path("type").asText());
        assertEquals("https://pbx.example.com/api/voice/route",
                remote.applications.get(Long.parseLong(first)).path("url").asText());
        assertEquals("https://pbx.example.com/api/webhooks/cloudonix/cdr", remote.profile.path("cdr-endpoint").asText());
        assertFalse(remote.profile.has("authorization-api-key"), "no requests key, no authorization key");

        synchronized (fake) {
            remote.applications.clear();
        }
        CloudonixApp.refillPace(team.organizationId()); // eleven calls so far: Cloudonix's 10 per 10 s would hold the next
        JsonNode third = Settings.save(http, json("no_answer_timeout", 25));

        assertFalse(third.has("warning"), third.toString());
        String recreated = Settings.row(app.dsl(), team.organizationId()).getVoiceApplicationId();
        assertNotEquals(first, recreated);
        assertTrue(remote.applications.containsKey(Long.parseLong(recreated)));
        assertEquals(recreated, remote.defaultApplication.asText());
        assertEquals(25, remote.profile.path("call-timeout").asInt());
    }

    @Test
    void a_failed_profile_does_not_stop_the_steps_that_do_not_need_it_and_the_save_stands_with_a_warning() {
        Team team = Identity.team(app, "Push Failure Org");
        CloudonixApp.Domain domain = CloudonixApp.newDomain();
        fake.script("PUT", domain.path(""), Behavior.status(500), 1);

        JsonNode saved = CloudonixApp.configure(team.owner().http(), domain);

        assertEquals("Cloudonix settings updated successfully.", saved.path("message").asText());
        assertEquals("Cloudonix settings saved locally but not pushed to Cloudonix", saved.path("warning").asText());
        JsonNode warning = saved.path("cloudonix_warning");
        assertEquals(saved.path("warning").asText(), warning.path("message").asText());
        assertEquals("Cloudonix request failed with status 500", warning.path("error").asText());
        assertEquals("api_request_failed", warning.path("details").path("reason").asText());
        assertEquals("update_domain_profile", warning.path("details").path("operation").asText());
        assertEquals(500, warning.path("details").path("status").asInt());
        assertEquals(1, fake.requests("POST", domain.path("/applications")).size(), "the application does not need the profile");
        FakeCloudonix.Domain remote = fake.domain(domain.uuid());
        assertEquals(remote.applications.keySet().iterator().next().toString(), remote.defaultApplication.asText(),
                "calls reach OpBX even though the profile failed");
        JsonNode steps = warning.path("steps");
        assertEquals("update_domain_profile", steps.path(0).path("operation").asText(), warning.toString());
        assertFalse(steps.path(0).path("ok").asBoolean(true));
        assertTrue(steps.path(1).path("ok").asBoolean(), warning.toString());
        assertEquals("set_default_application", steps.path(2).path("operation").asText());
        assertTrue(steps.path(2).path("ok").asBoolean(), warning.toString());
        CloudonixSettingsRecord row = Settings.row(app.dsl(), team.organizationId());
        assertEquals(domain.uuid(), row.getDomainUuid().toString(), "the local save stands");
        assertEquals("update_domain_profile: Cloudonix request failed with status 500", row.getLastPushError());
        assertNull(row.getLastPushedAt());
        assertEquals(row.getLastPushError(), saved.path("settings").path("last_push_error").asText());

        JsonNode retried = Settings.save(team.owner().http(), "{}");
        assertFalse(retried.has("warning"), retried.toString());
        assertTrue(retried.path("settings").path("last_push_error").isNull(), "a good push clears the error");
    }

    @Test
    void a_failure_after_the_application_was_created_keeps_the_application() {
        Team team = Identity.team(app, "Push Default Failure Org");
        CloudonixApp.Domain domain = CloudonixApp.newDomain();
        fake.script("PATCH", domain.path(""), Behavior.status(503), 1);

        JsonNode saved = CloudonixApp.configure(team.owner().http(), domain);

        JsonNode details = saved.path("cloudonix_warning").path("details");
        assertEquals("set_default_application", details.path("operation").asText(), saved.toString());
        assertEquals(503, details.path("status").asInt());
        CloudonixSettingsRecord row = Settings.row(app.dsl(), team.organizationId());
        assertNotNull(row.getVoiceApplicationId(), "the created application is remembered");
        assertTrue(row.getLastPushError().startsWith("set_default_application: "), row.getLastPushError());
    }

    @Test
    void saving_back_the_masked_key_keeps_the_stored_key_and_cloudonix_still_sees_it() {
        Team team = Identity.team(app, "Push Mask Org");
        CloudonixApp.Domain domain = CloudonixApp.newDomain();
        HttpTestClient http = team.owner().http();
        CloudonixApp.configure(http, domain);
        String storedCipher = Settings.row(app.dsl(), team.organizationId()).getDomainApiKey();
        JsonNode shown = http.get(PATH).json().path("settings");
        fake.clearRequests();

        JsonNode saved = Settings.save(http, json("domain_uuid", shown.path("domain_uuid").asText(),
                "domain_api_key", shown.path("domain_api_key").asText(), "no_answer_timeout", 33));

        assertFalse(saved.has("warning"), saved.toString());
        assertEquals(storedCipher, Settings.row(app.dsl(), team.organizationId()).getDomainApiKey());
        List<FakeCloudonix.Request> pushed = fake.requests().stream()
                .filter(request -> request.path().contains(domain.uuid())).toList();
        assertEquals(5, pushed.size(), "profile, application lookup and update, default, read-back: " + pushed);
        pushed.forEach(request -> assertEquals("Bearer " + domain.key(), request.header("Authorization")));
    }

    @Test
    void a_default_application_that_does_not_take_is_a_warning() {
        Team team = Identity.team(app, "Push Unconfirmed Org");
        CloudonixApp.Domain domain = CloudonixApp.newDomain();
        // Cloudonix accepts the PATCH but the domain still reads no default application.
        fake.script("PATCH", domain.path(""), Behavior.status(200, "{}"), 1);

        JsonNode saved = CloudonixApp.configure(team.owner().http(), domain);

        JsonNode warning = saved.path("cloudonix_warning");
        assertEquals("set_default_application", warning.path("details").path("operation").asText(), saved.toString());
        assertTrue(warning.path("error").asText().contains("calls to the domain will not reach OpBX"), warning.toString());
    }

    @Test
    void settings_that_are_not_configured_are_not_pushed() {
        Team team = Identity.team(app, "Push Unconfigured Org");
        CloudonixApp.Domain domain = CloudonixApp.newDomain();

        JsonNode saved = Settings.save(team.owner().http(), json("domain_uuid", domain.uuid(), "no_answer_timeout", 30));

        assertFalse(saved.has("warning"), saved.toString());
        assertFalse(saved.has("cloudonix_warning"), saved.toString());
        assertTrue(fake.requests().stream().noneMatch(request -> request.path().contains(domain.uuid())));
        assertNull(Settings.row(app.dsl(), team.organizationId()).getLastPushError());
    }
}
