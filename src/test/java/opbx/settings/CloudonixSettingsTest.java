package opbx.settings;

import static opbx.settings.Settings.API_KEY;
import static opbx.settings.Settings.PATH;
import static opbx.settings.Settings.WEBHOOK_SECRET;
import static opbx.support.TestData.fieldNames;
import static opbx.support.TestData.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;
import java.util.UUID;
import opbx.auth.Tokens;
import opbx.db.gen.tables.records.CloudonixSettingsRecord;
import opbx.support.HttpTestClient;
import opbx.support.HttpTestClient.Response;
import opbx.support.Identity;
import opbx.support.Identity.Team;
import opbx.support.TestApp;
import org.junit.jupiter.api.Test;

/** GET and PUT /api/v1/settings/cloudonix (control-plane spec §3.14): masking, encryption at rest, partial saves. */
class CloudonixSettingsTest {

    private final TestApp app = CloudonixApp.app();

    @Test
    void without_settings_get_answers_null_and_the_webhook_urls_of_this_server() {
        Team team = Identity.team(app, "Settings Empty Org");

        Response response = team.owner().http().get(PATH);

        assertEquals(200, response.status(), response.body());
        assertTrue(response.json().path("settings").isNull(), response.body());
        String base = CloudonixApp.PUBLIC_URL;
        assertEquals(base + "/api/webhooks/cloudonix/session-update", response.json().path("callback_url").asText());
        assertEquals(base + "/api/webhooks/cloudonix/cdr", response.json().path("cdr_url").asText());
    }

    @Test
    void a_save_stores_every_field_and_get_shows_every_secret_masked() {
        String requestsKey = Settings.requestsKey();
        Team team = Identity.team(app, "Settings Save Org");
        String domain = Settings.domainName();
        String uuid = UUID.randomUUID().toString();
        JsonNode saved = Settings.save(team.owner().http(), json("domain_uuid", uuid.toUpperCase(),
                "domain_name", domain, "domain_api_key", API_KEY, "domain_requests_api_key", requestsKey,
                "webhook_secret", WEBHOOK_SECRET, "accept_unauthenticated_cdr", "1", "no_answer_timeout", "45",
                "recording_format", "wav", "cloudonix_package", "Business"));

        assertEquals("Cloudonix settings updated successfully.", saved.path("message").asText());
        JsonNode settings = team.owner().http().get(PATH).json().path("settings");
        assertEquals(Set.of("id", "organization_id", "domain_uuid", "domain_name", "domain_api_key",
                "domain_requests_api_key", "webhook_secret", "accept_unauthenticated_cdr", "webhook_base_url",
                "no_answer_timeout", "recording_format", "cloudonix_package", "is_configured", "has_webhook_auth",
                "voice_application_id", "last_pushed_at", "last_push_error", "created_at", "updated_at"),
                fieldNames(settings));
        assertEquals(saved.path("settings"), settings, "the save answers what GET shows");
        assertEquals(team.organizationId(), settings.path("organization_id").asLong());
        assertEquals(uuid, settings.path("domain_uuid").asText());
        assertEquals(domain, settings.path("domain_name").asText());
        assertEquals("************fXYZ", settings.path("domain_api_key").asText());
        assertEquals("************pqrs", settings.path("domain_requests_api_key").asText());
        assertEquals("************mnop", settings.path("webhook_secret").asText());
        assertTrue(settings.path("accept_unauthenticated_cdr").asBoolean());
        assertEquals(45, settings.path("no_answer_timeout").asInt());
        assertEquals("wav", settings.path("recording_format").asText());
        assertEquals("Business", settings.path("cloudonix_package").asText());
        assertTrue(settings.path("is_configured").asBoolean());
        assertTrue(settings.path("has_webhook_auth").asBoolean());
        assertTrue(settings.path("webhook_base_url").isNull());
        assertTrue(settings.path("last_pushed_at").isNull());
        String body = team.admin().http().get(PATH).body();
        for (String secret : new String[] {API_KEY, requestsKey, WEBHOOK_SECRET}) {
            assertFalse(body.contains(secret), "GET shows no secret in clear");
        }
    }

    @Test
    void a_mask_shows_at_most_the_last_four_characters_and_never_more_than_a_quarter() {
        Team team = Identity.team(app, "Settings Short Mask Org");

        assertEquals("************", Settings.save(team.owner().http(), json("domain_api_key", "abc"))
                .path("settings").path("domain_api_key").asText());
        assertEquals("************jkl", Settings.save(team.owner().http(), json("domain_api_key", "abcdefghijkl"))
                .path("settings").path("domain_api_key").asText());
        JsonNode sixteen = Settings.save(team.owner().http(), json("webhook_secret", "Sixteen-chars-16"));
        assertEquals("************s-16", sixteen.path("settings").path("webhook_secret").asText());
        JsonNode long40 = Settings.save(team.owner().http(), json("domain_api_key", "k".repeat(36) + "WXYZ"));
        assertEquals("************WXYZ", long40.path("settings").path("domain_api_key").asText());
        assertTrue(Settings.save(team.owner().http(), json("domain_uuid", null)).path("settings").path("domain_requests_api_key")
                .isNull(), "an unset secret has no mask");
    }

    @Test
    void secrets_are_stored_encrypted_and_the_requests_key_hash_is_the_sha256_of_the_plain_key() {
        String requestsKey = Settings.requestsKey();
        Team team = Identity.team(app, "Settings Encrypted Org");
        Settings.save(team.owner().http(), json("domain_api_key", API_KEY, "domain_requests_api_key", requestsKey,
                "webhook_secret", WEBHOOK_SECRET));

        CloudonixSettingsRecord row = Settings.row(app.dsl(), team.organizationId());
        long org = team.organizationId();
        assertEncrypted(row.getDomainApiKey(), API_KEY, "domain_api_key", org);
        assertEncrypted(row.getDomainRequestsApiKey(), requestsKey, "domain_requests_api_key", org);
        assertEncrypted(row.getWebhookSecret(), WEBHOOK_SECRET, "webhook_secret", org);
        assertEquals(Tokens.sha256Hex(requestsKey), row.getDomainRequestsApiKeyHash());
        assertTrue(row.getDomainRequestsApiKeyHash().matches("[0-9a-f]{64}"));
    }

    @Test
    void the_masks_sent_back_leave_every_stored_secret_unchanged() {
        String requestsKey = Settings.requestsKey();
        Team team = Identity.team(app, "Settings Mask Roundtrip Org");
        HttpTestClient http = team.owner().http();
        Settings.save(http, json("domain_uuid", UUID.randomUUID().toString(), "domain_api_key", API_KEY,
                "domain_requests_api_key", requestsKey, "webhook_secret", WEBHOOK_SECRET));
        CloudonixSettingsRecord before = Settings.row(app.dsl(), team.organizationId());
        JsonNode shown = http.get(PATH).json().path("settings");

        JsonNode saved = Settings.save(http, json("domain_api_key", shown.path("domain_api_key").asText(),
                "domain_requests_api_key", shown.path("domain_requests_api_key").asText(),
                "webhook_secret", shown.path("webhook_secret").asText(), "no_answer_timeout", 30));

        CloudonixSettingsRecord after = Settings.row(app.dsl(), team.organizationId());
        assertEquals(before.getDomainApiKey(), after.getDomainApiKey());
        assertEquals(before.getDomainRequestsApiKey(), after.getDomainRequestsApiKey());
        assertEquals(before.getWebhookSecret(), after.getWebhookSecret());
        assertEquals(before.getDomainRequestsApiKeyHash(), after.getDomainRequestsApiKeyHash());
        assertEquals(API_KEY, Settings.decrypt(app, after.getDomainApiKey(), "domain_api_key", team.organizationId()));
        assertEquals(30, after.getNoAnswerTimeout());
        assertEquals(shown.path("domain_api_key"), saved.path("settings").path("domain_api_key"));
    }

    @Test
    void a_new_secret_replaces_the_old_one_and_an_explicit_null_clears_it_with_its_hash() {
        String requestsKey = Settings.requestsKey();
        Team team = Identity.team(app, "Settings Replace Org");
        HttpTestClient http = team.owner().http();
        Settings.save(http, json("domain_api_key", API_KEY, "domain_requests_api_key", requestsKey));
        String newKey = "rk-new-key-0123456789abcdefghijk";

        Settings.save(http, json("domain_requests_api_key", newKey));
        CloudonixSettingsRecord replaced = Settings.row(app.dsl(), team.organizationId());
        assertEquals(newKey, Settings.decrypt(app, replaced.getDomainRequestsApiKey(), "domain_requests_api_key",
                team.organizationId()));
        assertEquals(Tokens.sha256Hex(newKey), replaced.getDomainRequestsApiKeyHash());
        assertEquals(API_KEY, Settings.decrypt(app, replaced.getDomainApiKey(), "domain_api_key", team.organizationId()),
                "a key not sent is unchanged");

        JsonNode cleared = Settings.save(http, json("domain_requests_api_key", null));
        CloudonixSettingsRecord row = Settings.row(app.dsl(), team.organizationId());
        assertNull(row.getDomainRequestsApiKey());
        assertNull(row.getDomainRequestsApiKeyHash());
        assertFalse(cleared.path("settings").path("has_webhook_auth").asBoolean());
    }

    @Test
    void only_sent_keys_change_and_null_puts_a_defaulted_column_back_to_its_default() {
        Team team = Identity.team(app, "Settings Partial Org");
        HttpTestClient http = team.owner().http();
        String domain = Settings.domainName();
        Settings.save(http, json("domain_name", domain, "no_answer_timeout", 90, "recording_format", "wav",
                "accept_unauthenticated_cdr", true, "cloudonix_package", "Pro"));

        Response patched = Settings.patch(http, json("cloudonix_package", "Enterprise"));
        assertEquals(200, patched.status(), patched.body());
        JsonNode settings = patched.json().path("settings");
        assertEquals(domain, settings.path("domain_name").asText());
        assertEquals(90, settings.path("no_answer_timeout").asInt());
        assertEquals("Enterprise", settings.path("cloudonix_package").asText());

        JsonNode reset = Settings.save(http, json("no_answer_timeout", null, "recording_format", null,
                "accept_unauthenticated_cdr", null, "domain_name", null)).path("settings");
        assertEquals(60, reset.path("no_answer_timeout").asInt());
        assertEquals("mp3", reset.path("recording_format").asText());
        assertFalse(reset.path("accept_unauthenticated_cdr").asBoolean());
        assertTrue(reset.path("domain_name").isNull());
    }

    @Test
    void every_invalid_field_is_reported_and_nothing_is_saved() {
        Team team = Identity.team(app, "Settings Invalid Org");

        Response response = team.owner().http().put(PATH, json("domain_uuid", "not-a-uuid",
                "domain_name", "d".repeat(256), "domain_api_key", "k".repeat(256),
                "domain_requests_api_key", "too-short", "webhook_secret", "short",
                "accept_unauthenticated_cdr", "maybe", "webhook_base_url", "ftp://hooks.example.com",
                "no_answer_timeout", 4, "recording_format", "ogg", "cloudonix_package", "p".repeat(256)));

        assertEquals(422, response.status(), response.body());
        JsonNode errors = response.json().path("errors");
        assertEquals(Set.of("domain_uuid", "domain_name", "domain_api_key", "domain_requests_api_key",
                "webhook_secret", "accept_unauthenticated_cdr", "webhook_base_url", "no_answer_timeout",
                "recording_format", "cloudonix_package"), fieldNames(errors));
        assertEquals("The domain requests api key must be at least 16 characters.",
                errors.path("domain_requests_api_key").get(0).asText());
        assertEquals("The webhook base url must be a valid URL.", errors.path("webhook_base_url").get(0).asText());
        assertEquals("The no answer timeout must be between 5 and 120.", errors.path("no_answer_timeout").get(0).asText());
        assertNull(Settings.row(app.dsl(), team.organizationId()), "a refused first save leaves no row");
        assertEquals(422, team.owner().http().put(PATH, json("no_answer_timeout", 121)).status());
    }

    @Test
    void the_webhook_urls_follow_webhook_base_url_without_its_trailing_slash() {
        Team team = Identity.team(app, "Settings Urls Org");

        JsonNode saved = Settings.save(team.owner().http(), json("webhook_base_url", "https://hooks.example.com/pbx/"));

        assertEquals("https://hooks.example.com/pbx/api/webhooks/cloudonix/session-update",
                saved.path("callback_url").asText());
        assertEquals("https://hooks.example.com/pbx/api/webhooks/cloudonix/cdr", saved.path("cdr_url").asText());
        JsonNode shown = team.admin().http().get(PATH).json();
        assertEquals(saved.path("callback_url"), shown.path("callback_url"));
        assertEquals("https://hooks.example.com/pbx/", shown.path("settings").path("webhook_base_url").asText());
    }

    @Test
    void a_configured_save_of_a_domain_cloudonix_does_not_know_warns_and_an_unconfigured_one_does_not() {
        Team team = Identity.team(app, "Settings Warning Org");
        HttpTestClient http = team.owner().http();

        JsonNode partial = Settings.save(http, json("domain_api_key", API_KEY));
        assertFalse(partial.has("warning"), partial.toString());
        assertFalse(partial.has("cloudonix_warning"), partial.toString());
        assertFalse(partial.path("settings").path("is_configured").asBoolean());

        JsonNode configured = Settings.save(http, json("domain_uuid", UUID.randomUUID().toString()));
        assertTrue(configured.path("settings").path("is_configured").asBoolean());
        assertEquals("Cloudonix settings updated successfully.", configured.path("message").asText());
        assertEquals("Cloudonix settings saved locally but not pushed to Cloudonix", configured.path("warning").asText());
        JsonNode warning = configured.path("cloudonix_warning");
        assertEquals(configured.path("warning").asText(), warning.path("message").asText());
        assertEquals("Cloudonix request failed with status 404", warning.path("error").asText());
        assertEquals("api_request_failed", warning.path("details").path("reason").asText(), warning.toString());
        assertEquals("update_domain_profile", warning.path("details").path("operation").asText());
        assertEquals(404, warning.path("details").path("status").asInt());
    }

    private void assertEncrypted(String stored, String plain, String column, long organizationId) {
        assertTrue(stored.startsWith("v1:"), stored);
        assertFalse(stored.contains(plain), "the plain value is not in the column");
        assertEquals(plain, Settings.decrypt(app, stored, column, organizationId));
    }
}
