package opbx.cloudonix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import opbx.support.FakeCloudonix;
import opbx.support.FakeCloudonix.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every call of control-plane spec §6.1 against the fake: what was sent, and what came back. */
class CloudonixClientTest {

    private final CloudonixKit kit = new CloudonixKit();
    private final FakeCloudonix fake = kit.fake;
    private final CloudonixClient client = kit.client();

    @AfterEach
    void close() {
        kit.close();
    }

    @Test
    void every_request_carries_the_bearer_key_json_headers_and_the_user_agent() {
        CloudonixCredentials org = kit.newOrganization();
        CloudonixResult result = client.getDomain(org, Pace.INTERACTIVE);

        assertTrue(result.ok(), result.toString());
        Request request = fake.requests().get(0);
        assertEquals("GET", request.method());
        assertEquals("/customers/self/domains/" + org.domainUuid(), request.path());
        assertEquals("Bearer " + org.apiKey(), request.header("Authorization"));
        assertEquals("application/json", request.header("Accept"));
        assertEquals("application/json", request.header("Content-Type"));
        assertTrue(request.header("User-Agent").startsWith("opbx-java/"), request.header("User-Agent"));
    }

    @Test
    void get_domain_reads_the_profile_and_the_plan() {
        CloudonixCredentials org = kit.newOrganization();
        CloudonixResult result = client.getDomain(org, Pace.INTERACTIVE);

        assertEquals(200, result.status().getAsInt());
        assertEquals(60, result.body().path("profile").path("call-timeout").asInt());
        assertEquals("wav", result.body().path("profile").path("recording-media-type").asText());
        assertEquals("Fake Plan", result.body().path("tenant").path("billingPlan").path("package").path("name").asText());
    }

    @Test
    void wrong_credentials_are_a_401_that_callers_read_as_invalid() {
        CloudonixCredentials org = kit.newOrganization();
        CloudonixCredentials wrong = new CloudonixCredentials(org.organizationId(), org.domainUuid(), "wrong-key-0000000000");
        CloudonixResult result = client.getDomain(wrong, Pace.INTERACTIVE);

        assertFalse(result.ok());
        assertEquals(CloudonixResult.Reason.API_REQUEST_FAILED, result.reason());
        assertTrue(result.hasStatus(401));
        assertEquals("Cloudonix request failed with status 401", result.error());
    }

    @Test
    void the_profile_is_put_and_the_default_application_patched_as_cloudonix_documents_them() {
        CloudonixCredentials org = kit.newOrganization();
        ObjectNode profile = kit.mapper.createObjectNode()
                .put("call-timeout", 45)
                .put("recording-media-type", "mp3")
                .put("session-update-endpoint", "https://pbx.example.com/api/webhooks/cloudonix/session-update")
                .put("cdr-endpoint", "https://pbx.example.com/api/webhooks/cloudonix/cdr")
                .put("authorization-api-key", "requests-key-123456789");
        String application = client.createApplication(org, "app", "https://pbx.example.com/api/voice/route",
                Pace.INTERACTIVE).body().path("id").asText();

        assertTrue(client.updateDomainProfile(org, profile, Pace.INTERACTIVE).ok());
        CloudonixResult byDefault = client.setDefaultApplication(org, application, Pace.INTERACTIVE);
        assertTrue(byDefault.ok(), byDefault.toString());

        List<Request> puts = fake.requests("PUT", "/customers/self/domains/" + org.domainUuid());
        assertEquals(1, puts.size(), "the profile only is PUT (domainUpdate)");
        assertEquals(profile, puts.get(0).body().get("profile"));
        assertEquals(1, puts.get(0).body().size());
        List<Request> patches = fake.requests("PATCH", "/customers/self/domains/" + org.domainUuid());
        assertEquals(1, patches.size(), "the default application is PATCHed (domainProfileUpdate)");
        assertTrue(patches.get(0).body().get("defaultApplication").isIntegralNumber());
        assertEquals(1, patches.get(0).body().size());
        FakeCloudonix.Domain domain = fake.domain(org.domainUuid());
        assertEquals(45, domain.profile.path("call-timeout").asInt());
        assertEquals(application, CloudonixClient.defaultApplicationOf(client.getDomain(org, Pace.INTERACTIVE).body()));
        assertEquals(List.of(), fake.violations());
    }

    @Test
    void the_strict_fake_refuses_what_the_client_used_to_send() {
        // PUT with defaultApplication, an application update without type, a subscriber create with active: what the
        // client sent before it was held to the published API, each refused as Cloudonix's description allows.
        CloudonixCredentials org = kit.newOrganization();
        String base = fake.baseUrl() + "/customers/self/domains/" + org.domainUuid();
        String application = client.createApplication(org, "app", "https://x.example.com", Pace.INTERACTIVE).body()
                .path("id").asText();
        assertEquals(400, raw(org, "PUT", base, "{\"defaultApplication\":" + application + "}"));
        assertEquals(400, raw(org, "PUT", base + "/applications/" + application,
                "{\"url\":\"https://x.example.com\",\"method\":\"POST\",\"profile\":{}}"));
        assertEquals(400, raw(org, "POST", base + "/subscribers",
                "{\"msisdn\":\"1001\",\"sipPassword\":\"Sip-Pass-123\",\"active\":true}"));
        assertEquals(3, fake.violations().size(), fake.violations().toString());
    }

    private static int raw(CloudonixCredentials org, String method, String url, String body) {
        try {
            return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                    .header("Authorization", "Bearer " + org.apiKey()).header("Content-Type", "application/json")
                    .method(method, java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void an_application_is_created_looked_up_and_updated_with_its_type() {
        CloudonixCredentials org = kit.newOrganization();
        String name = CloudonixClient.newApplicationName();
        assertTrue(name.matches("opbx-routing-application-[a-z0-9]{8}"), name);

        CloudonixResult created = client.createApplication(org, name, "https://pbx.example.com/api/voice/route", Pace.INTERACTIVE);
        assertTrue(created.ok(), created.toString());
        assertEquals(200, created.status().getAsInt(), "creates answer 200");
        JsonNode sent = fake.requests("POST", ".*/applications").get(0).body();
        assertEquals(name, sent.path("name").asText());
        assertEquals("cxml", sent.path("type").asText());
        assertEquals("https://pbx.example.com/api/voice/route", sent.path("url").asText());
        assertEquals("POST", sent.path("method").asText());
        assertTrue(sent.path("profile").isObject());
        String id = created.body().path("id").asText();
        assertNotNull(created.body().get("uuid"));
        assertEquals(name, created.body().path("name").asText());

        assertTrue(client.getApplication(org, id, Pace.INTERACTIVE).found());
        CloudonixResult updated = client.updateApplication(org, id, "https://new.example.com/api/voice/route", Pace.INTERACTIVE);
        assertTrue(updated.ok(), updated.toString());
        JsonNode update = fake.requests("PUT", ".*/applications/" + id).get(0).body();
        assertEquals("cxml", update.path("type").asText(), "type is required on update");
        assertEquals("https://new.example.com/api/voice/route", update.path("url").asText());
        assertEquals("POST", update.path("method").asText());

        CloudonixResult lookup = client.getApplication(org, "999999", Pace.INTERACTIVE);
        assertTrue(lookup.ok(), "a 404 lookup is an answer: " + lookup);
        assertFalse(lookup.found());
        CloudonixResult missing = client.updateApplication(org, "999999", "https://x.example.com", Pace.INTERACTIVE);
        assertTrue(missing.hasStatus(500), "an update of an unknown id is what Cloudonix documents: 200 or 500");
        assertEquals(List.of(), fake.violations());
    }

    @Test
    void a_subscriber_is_created_without_active_updated_with_it_listed_and_deleted() {
        CloudonixCredentials org = kit.newOrganization();
        CloudonixResult empty = client.listSubscribers(org, Pace.BULK);
        assertTrue(empty.ok(), "a fresh domain's 404 \"No subscribers found\" is the empty list: " + empty);
        assertEquals(0, empty.body().size());
        CloudonixResult created = client.createSubscriber(org, new CloudonixSubscriber("1001", "Sip-Pass-123", true), Pace.INTERACTIVE);
        assertTrue(created.ok(), created.toString());
        assertEquals(200, created.status().getAsInt());
        JsonNode sent = fake.requests("POST", ".*/subscribers").get(0).body();
        assertEquals("1001", sent.path("msisdn").asText());
        assertEquals("Sip-Pass-123", sent.path("sipPassword").asText());
        assertFalse(sent.has("active"), "active is not a create property");
        String id = created.body().path("id").asText();
        assertNotNull(created.body().get("uuid"));

        CloudonixResult updated = client.updateSubscriber(org, id, new CloudonixSubscriber("1001", "New-Pass-456", false), Pace.INTERACTIVE);
        assertTrue(updated.ok(), updated.toString());
        JsonNode update = fake.requests("PUT", ".*/subscribers/" + id).get(0).body();
        assertFalse(update.path("active").asBoolean(true));
        assertFalse(update.has("msisdn"), "msisdn is set on create only");

        assertTrue(client.getSubscriber(org, "1001", Pace.INTERACTIVE).found(), "looked up by msisdn");
        fake.answerPasswordAs("sip-password");
        CloudonixResult list = client.listSubscribers(org, Pace.BULK);
        assertTrue(list.body().isArray());
        assertEquals(1, list.body().size());
        assertEquals("New-Pass-456", CloudonixClient.sipPasswordOf(list.body().get(0)), "read in the other spelling too");

        CloudonixResult deleted = client.deleteSubscriber(org, id, Pace.INTERACTIVE);
        assertTrue(deleted.ok(), deleted.toString());
        assertEquals(204, deleted.status().getAsInt());
        assertNull(deleted.body());
        assertEquals(1, fake.requests("DELETE", ".*/subscribers/" + id).size());
        assertFalse(client.getSubscriber(org, "1001", Pace.INTERACTIVE).found());
        assertEquals(List.of(), fake.violations());
    }

    @Test
    void deleting_a_subscriber_that_is_already_gone_is_a_success() {
        CloudonixCredentials org = kit.newOrganization();
        CloudonixResult result = client.deleteSubscriber(org, "424242", Pace.INTERACTIVE);
        assertTrue(result.ok(), result.toString());
        assertTrue(result.hasStatus(404));
    }

    @Test
    void creating_an_existing_subscriber_is_an_undocumented_failure_so_callers_look_first() {
        CloudonixCredentials org = kit.newOrganization();
        fake.addSubscriber(org.domainUuid(), "1001", "Old-Pass-1", true);
        CloudonixResult result = client.createSubscriber(org, new CloudonixSubscriber("1001", "Sip-Pass-123", true), Pace.INTERACTIVE);
        assertTrue(result.hasStatus(500), result.toString());
        assertEquals("create_subscriber", result.details().get("operation"));
    }

    @Test
    void a_fresh_domain_has_no_trunks_and_no_voices_rather_than_an_error() {
        CloudonixCredentials org = kit.newOrganization();
        fake.domain(org.domainUuid()).voices.removeAll();
        CloudonixResult trunks = client.listTrunks(org, Pace.INTERACTIVE);
        CloudonixResult voices = client.listVoices(org, Pace.INTERACTIVE);
        assertTrue(trunks.ok() && trunks.body().isArray() && trunks.body().isEmpty(), trunks.toString());
        assertTrue(voices.ok() && voices.body().isArray() && voices.body().isEmpty(), voices.toString());
        fake.domain(org.domainUuid()).voicesEnabled = false;
        assertTrue(client.listVoices(org, Pace.INTERACTIVE).hasStatus(403));
    }

    @Test
    void trunks_are_listed_and_the_outbound_ones_kept_on_request() {
        CloudonixCredentials org = kit.newOrganization();
        fake.addTrunk(org.domainUuid(), "carrier-a", "public-outbound");
        fake.addTrunk(org.domainUuid(), "carrier-b", "inbound");
        fake.addTrunk(org.domainUuid(), "carrier-c", "outbound");

        CloudonixResult trunks = client.listTrunks(org, Pace.INTERACTIVE);
        assertEquals(3, trunks.body().size());
        JsonNode outbound = client.outboundTrunks(trunks.body());
        assertEquals(2, outbound.size());
        assertEquals("carrier-a", outbound.get(0).path("name").asText());
        assertEquals("carrier-c", outbound.get(1).path("name").asText());
    }

    @Test
    void voices_come_from_the_domain_resources_path() {
        CloudonixCredentials org = kit.newOrganization();
        CloudonixResult voices = client.listVoices(org, Pace.INTERACTIVE);

        assertTrue(voices.ok(), voices.toString());
        assertEquals("/domains/" + org.domainUuid() + "/resources/voices", fake.requests().get(0).path());
        assertEquals("Cloudonix-Neural:Zoe", voices.body().get(0).path("voice").asText());
        assertTrue(voices.body().get(0).path("languages").isArray());
    }

    @Test
    void credentials_and_subscribers_never_show_their_secrets_in_to_string() {
        CloudonixCredentials org = kit.newOrganization();
        assertFalse(org.toString().contains(org.apiKey()));
        assertTrue(org.toString().contains(org.apiKey().substring(0, 4)));
        assertFalse(new CloudonixSubscriber("1001", "Sip-Pass-123", true).toString().contains("Sip-Pass-123"));
    }
}
