package opbx.settings;

import static opbx.settings.Settings.API_KEY;
import static opbx.settings.Settings.PATH;
import static opbx.settings.Settings.WEBHOOK_SECRET;
import static opbx.support.TestData.fieldNames;
import static opbx.support.TestData.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;
import opbx.auth.Tokens;
import opbx.db.gen.tables.records.CloudonixSettingsRecord;
import opbx.support.HttpTestClient;
import opbx.support.HttpTestClient.Response;
import opbx.support.Identity;
import opbx.support.Identity.Team;
import opbx.support.TestApp;
import org.junit.jupiter.api.Test;

/** generate-requests-key and reveal (control-plane spec §3.14), and the audit of saves and reveals (§5). */
class CloudonixSettingsSecretsTest {

    private final TestApp app = CloudonixApp.app();

    @Test
    void a_generated_key_is_32_characters_new_each_time_and_not_stored_until_saved() {
        String requestsKey = Settings.requestsKey();
        Team team = Identity.team(app, "Settings Generate Org");
        HttpTestClient http = team.owner().http();
        Settings.save(http, json("domain_requests_api_key", requestsKey));
        CloudonixSettingsRecord before = Settings.row(app.dsl(), team.organizationId());

        Response first = http.post(PATH + "/generate-requests-key");
        Response second = http.post(PATH + "/generate-requests-key");

        assertEquals(200, first.status(), first.body());
        String key = first.json().path("api_key").asText();
        assertTrue(key.matches("[A-Za-z0-9\\-_.~]{32}"), key);
        assertEquals("API key generated. Save the settings to apply it.", first.json().path("message").asText());
        assertNotEquals(key, second.json().path("api_key").asText());
        assertEquals(before, Settings.row(app.dsl(), team.organizationId()), "generating stores nothing");

        Settings.save(http, json("domain_requests_api_key", key));
        CloudonixSettingsRecord saved = Settings.row(app.dsl(), team.organizationId());
        assertEquals(Tokens.sha256Hex(key), saved.getDomainRequestsApiKeyHash());
        assertEquals(key, Settings.decrypt(app, saved.getDomainRequestsApiKey(), "domain_requests_api_key",
                team.organizationId()));
    }

    @Test
    void reveal_with_the_owners_password_returns_the_secrets_in_clear_and_is_audited() {
        String requestsKey = Settings.requestsKey();
        Team team = Identity.team(app, "Settings Reveal Org");
        HttpTestClient http = team.owner().http();
        Settings.save(http, json("domain_api_key", API_KEY, "domain_requests_api_key", requestsKey,
                "webhook_secret", WEBHOOK_SECRET));

        Response response = http.postJson(PATH + "/reveal", json("current_password", Identity.PASSWORD));

        assertEquals(200, response.status(), response.body());
        assertEquals(Set.of("domain_api_key", "domain_requests_api_key", "webhook_secret"),
                fieldNames(response.json()));
        assertEquals(API_KEY, response.json().path("domain_api_key").asText());
        assertEquals(requestsKey, response.json().path("domain_requests_api_key").asText());
        assertEquals(WEBHOOK_SECRET, response.json().path("webhook_secret").asText());

        JsonNode rows = audit(team, "settings.cloudonix_revealed");
        assertEquals(1, rows.size(), rows.toString());
        assertEquals(team.owner().userId(), rows.get(0).path("actor").path("user_id").asLong());
        assertFalse(rows.toString().contains(API_KEY) || rows.toString().contains(WEBHOOK_SECRET));
    }

    @Test
    void reveal_without_or_with_a_wrong_password_is_422_and_not_audited() {
        Team team = Identity.team(app, "Settings Reveal Refused Org");
        HttpTestClient http = team.owner().http();
        Settings.save(http, json("domain_api_key", API_KEY));

        Response missing = http.postJson(PATH + "/reveal", "{}");
        Response wrong = http.postJson(PATH + "/reveal", json("current_password", "Wrong1234"));

        assertEquals(422, missing.status(), missing.body());
        assertEquals("The current password field is required.",
                missing.json().path("errors").path("current_password").get(0).asText());
        assertEquals(422, wrong.status(), wrong.body());
        assertEquals("The current password is incorrect.",
                wrong.json().path("errors").path("current_password").get(0).asText());
        assertFalse(wrong.body().contains(API_KEY));
        assertEquals(0, audit(team, "settings.cloudonix_revealed").size());
    }

    @Test
    void a_save_is_audited_with_changed_fields_and_secrets_only_as_changed() {
        Team team = Identity.team(app, "Settings Audit Org");
        HttpTestClient http = team.owner().http();
        String domain = Settings.domainName();
        Settings.save(http, json("domain_name", domain, "domain_api_key", API_KEY, "webhook_secret", WEBHOOK_SECRET));
        JsonNode shown = http.get(PATH).json().path("settings");
        Settings.save(http, json("domain_api_key", shown.path("domain_api_key").asText(), "webhook_secret",
                "whsec_rotated_0123456789", "no_answer_timeout", 30));
        Settings.save(http, json("no_answer_timeout", 30));

        JsonNode rows = audit(team, "settings.cloudonix_updated");
        assertEquals(2, rows.size(), "a save that changes nothing is not audited: " + rows);
        JsonNode first = rows.get(0).path("changes");
        assertEquals(Set.of("domain_name", "domain_api_key", "webhook_secret"), fieldNames(first));
        assertEquals(domain, first.path("domain_name").path("to").asText());
        assertEquals(Set.of("changed"), fieldNames(first.path("domain_api_key")));
        JsonNode second = rows.get(1).path("changes");
        assertEquals(Set.of("webhook_secret", "no_answer_timeout"), fieldNames(second), "the mask is no change");
        assertTrue(second.path("webhook_secret").path("changed").asBoolean());
        assertEquals(60, second.path("no_answer_timeout").path("from").asInt());
        assertEquals(30, second.path("no_answer_timeout").path("to").asInt());
        String all = rows.toString();
        assertFalse(all.contains(API_KEY) || all.contains(WEBHOOK_SECRET) || all.contains("whsec_rotated"), all);
    }

    private JsonNode audit(Team team, String action) {
        Response response = team.owner().http().get("/api/v1/audit-log?action=" + action + "&sort_order=asc");
        assertEquals(200, response.status(), response.body());
        return response.json().path("data");
    }
}
