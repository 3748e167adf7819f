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
    void the_domain_profile_and_the_default_application_are_put_on_the_domain() {
        CloudonixCredentials org = kit.newOrganization();
        ObjectNode profile = kit.mapper.createObjectNode()
                .put("call-timeout", 45)
                .put("recording-media-type", "mp3")
                .put("session-update-endpoint", "https://pbx.example.com/api/webhooks/cloudonix/session-update")
                .put("cdr-endpoint", "https://pbx.example.com/api/webhooks/cloudonix/cdr")
                .put("authorization-api-key", "requests-key-123456789");

        assertTrue(client.updateDomainProfile(org, profile, Pace.INTERACTIVE).ok());
        assertTrue(client.setDefaultApplication(org, "4321", Pace.INTERACTIVE).ok());

        List<Request> puts = fake.requests("PUT", "/customers/self/domains/" + org.domainUuid());
        assertEquals(profile, puts.get(0).body().get("profile"));
        assertEquals(1, puts.get(0).body().size());
        assertEquals(4321L, puts.get(1).body().get("defaultApplication").asLong());
        assertTrue(puts.get(1).body().get("defaultApplication").isNumber());
        FakeCloudonix.Domain domain = fake.domain(org.domainUuid());
        assertEquals(45, domain.profile.path("call-timeout").asInt());
        assertEquals(4321L, domain.defaultApplication.asLong());
    }

    @Test
    void an_application_is_created_then_updated_and_a_missing_one_is_a_404() {
        CloudonixCredentials org = kit.newOrganization();
        String name = CloudonixClient.newApplicationName();
        assertTrue(name.matches("opbx-routing-application-[a-z0-9]{8}"), name);

        CloudonixResult created = client.createApplication(org, name, "https://pbx.example.com/api/voice/route", Pace.INTERACTIVE);
        assertTrue(created.ok(), created.toString());
        JsonNode sent = fake.requests("POST", ".*/applications").get(0).body();
        assertEquals(name, sent.path("name").asText());
        assertEquals("cxml", sent.path("type").asText());
        assertEquals("https://pbx.example.com/api/voice/route", sent.path("url").asText());
        assertEquals("POST", sent.path("method").asText());
        assertTrue(sent.path("profile").isObject());
        String id = created.body().path("id").asText();
        assertNotNull(created.body().get("uuid"));
        assertEquals(name, created.body().path("name").asText());

        CloudonixResult updated = client.updateApplication(org, id, "https://new.example.com/api/voice/route", Pace.INTERACTIVE);
        assertTrue(updated.ok(), updated.toString());
        JsonNode update = fake.requests("PUT", ".*/applications/" + id).get(0).body();
        assertEquals("https://new.example.com/api/voice/route", update.path("url").asText());
        assertEquals("POST", update.path("method").asText());

        CloudonixResult missing = client.updateApplication(org, "999999", "https://x.example.com", Pace.INTERACTIVE);
        assertTrue(missing.hasStatus(404));
        assertEquals("update_application", missing.operation());
    }

    @Test
    void a_subscriber_is_created_updated_listed_and_deleted() {
        CloudonixCredentials org = kit.newOrganization();
        CloudonixResult created = client.createSubscriber(org, new CloudonixSubscriber("1001", "Sip-Pass-123", true), Pace.INTERACTIVE);
        assertTrue(created.ok(), created.toString());
        assertEquals(201, created.status().getAsInt());
        JsonNode sent = fake.requests("POST", ".*/subscribers").get(0).body();
        assertEquals("1001", sent.path("msisdn").asText());
        assertEquals("Sip-Pass-123", sent.path("sipPassword").asText());
        assertTrue(sent.path("active").asBoolean());
        String id = created.body().path("id").asText();
        assertNotNull(created.body().get("uuid"));

        CloudonixResult updated = client.updateSubscriber(org, id, new CloudonixSubscriber("1001", "New-Pass-456", false), Pace.INTERACTIVE);
        assertTrue(updated.ok(), updated.toString());
        assertFalse(fake.requests("PUT", ".*/subscribers/" + id).get(0).body().path("active").asBoolean(true));

        CloudonixResult list = client.listSubscribers(org, Pace.BULK);
        assertTrue(list.body().isArray());
        assertEquals(1, list.body().size());
        assertEquals("New-Pass-456", list.body().get(0).path("sipPassword").asText());

        CloudonixResult deleted = client.deleteSubscriber(org, id, Pace.INTERACTIVE);
        assertTrue(deleted.ok(), deleted.toString());
        assertEquals(204, deleted.status().getAsInt());
        assertNull(deleted.body());
        assertEquals(1, fake.requests("DELETE", ".*/subscribers/" + id).size());
    }

    @Test
    void deleting_a_subscriber_that_is_already_gone_is_a_success() {
        CloudonixCredentials org = kit.newOrganization();
        CloudonixResult result = client.deleteSubscriber(org, "424242", Pace.INTERACTIVE);
        assertTrue(result.ok(), result.toString());
        assertTrue(result.hasStatus(404));
    }

    @Test
    void creating_an_existing_subscriber_is_a_409_the_caller_resolves_by_listing() {
        CloudonixCredentials org = kit.newOrganization();
        fake.addSubscriber(org.domainUuid(), "1001", "Old-Pass-1", true);
        CloudonixResult result = client.createSubscriber(org, new CloudonixSubscriber("1001", "Sip-Pass-123", true), Pace.INTERACTIVE);
        assertTrue(result.hasStatus(409));
        assertEquals("create_subscriber", result.details().get("operation"));
        assertEquals(409, result.details().get("status"));
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
