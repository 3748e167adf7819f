package opbx.cloudonix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import opbx.support.FakeCloudonix;
import opbx.support.FakeCloudonix.Behavior;
import opbx.support.LogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * No secret reaches the log (control-plane spec §6.1): not the domain API key, not a SIP password, not the requests
 * key pushed in the domain profile, even when Cloudonix echoes them back in an error. slf4j-simple writes to
 * System.err, which the test captures around the calls.
 */
class CloudonixLogsTest {

    static {
        // Request lines are debug; this turns them on when this class is the first to create the client's logger
        // (surefire runs all classes in one JVM, so another test may have created it already at info).
        System.setProperty("org.slf4j.simpleLogger.log.opbx.cloudonix", "debug");
    }

    private static final String SUBSCRIBERS = "/customers/self/domains/[^/]+/subscribers.*";

    private final CloudonixKit kit = new CloudonixKit();
    private final FakeCloudonix fake = kit.fake;

    @AfterEach
    void close() {
        kit.close();
    }

    @Test
    void a_sync_with_every_kind_of_failure_logs_no_key_and_no_password() {
        CloudonixClient client = kit.client(CloudonixKit.SHORT_TIMEOUT);
        CloudonixCredentials org = kit.newOrganization();
        String requestsKey = "ReqKey-" + org.apiKey().substring(2, 20);
        List<String> passwords = List.of("Sip-Pass-LOG-1", "Sip-Pass-LOG-2", "Sip-Pass-LOG-3", "Sip-Pass-LOG-4");

        String logs = LogCapture.during(() -> {
            ObjectNode profile = kit.mapper.createObjectNode().put("call-timeout", 30).put("authorization-api-key", requestsKey);
            client.updateDomainProfile(org, profile, Pace.BULK);
            fake.script("PUT", "/customers/self/domains/[^/]+", Behavior.status(400, "{\"error\":\"bad profile\",\"echo\":"
                    + profile + "}"), 1);
            client.updateDomainProfile(org, profile, Pace.BULK);

            JsonNode created = client.createSubscriber(org, new CloudonixSubscriber("1001", passwords.get(0), true), Pace.BULK).body();
            String id = created.path("id").asText();
            // Cloudonix echoing the request, as JSON and as text.
            fake.script("PUT", SUBSCRIBERS, Behavior.status(422, "{\"message\":\"invalid\",\"request\":{\"msisdn\":\"1001\","
                    + "\"sipPassword\":\"" + passwords.get(1) + "\"}}"), 1);
            client.updateSubscriber(org, id, new CloudonixSubscriber("1001", passwords.get(1), true), Pace.BULK);
            fake.script("PUT", SUBSCRIBERS, Behavior.status(400, "bad request: sipPassword=" + passwords.get(2)
                    + " key=" + org.apiKey()), 1);
            client.updateSubscriber(org, id, new CloudonixSubscriber("1001", passwords.get(2), true), Pace.BULK);
            fake.script("POST", SUBSCRIBERS, Behavior.status(500), 1);
            client.createSubscriber(org, new CloudonixSubscriber("1002", passwords.get(3), true), Pace.BULK);
            fake.script("GET", SUBSCRIBERS, Behavior.delay(CloudonixKit.SHORT_TIMEOUT.multipliedBy(3)), 1);
            client.listSubscribers(org, Pace.BULK);
            client.getDomain(new CloudonixCredentials(org.organizationId(), org.domainUuid(), org.apiKey() + "-wrong"), Pace.BULK);
            client.deleteSubscriber(org, id, Pace.BULK);
        });

        assertEquals(9, fake.requests().size(), logs);
        assertFalse(logs.contains(org.apiKey()), "the domain API key was logged");
        assertFalse(logs.contains(org.apiKey().substring(4, 12)), "part of the domain API key beyond its first 4 characters was logged");
        assertFalse(logs.contains(requestsKey), "the requests key was logged");
        for (String password : passwords) {
            assertFalse(logs.contains(password), "a SIP password was logged");
        }
        assertTrue(logs.contains("key " + org.apiKey().substring(0, 4) + "…"), "failures name the key by its first 4 characters");
        assertTrue(logs.contains("answered 422"), logs);
        assertTrue(logs.contains(Redaction.MASK), "echoed secrets appear masked");
        if (LoggerFactory.getLogger(CloudonixClient.class).isDebugEnabled()) {
            assertTrue(logs.contains("create_subscriber: POST"), "request lines were logged at debug");
        }
    }

    @Test
    void bodies_are_masked_at_any_depth() {
        JsonNode body = kit.mapper.createObjectNode()
                .put("msisdn", "1001")
                .put("sipPassword", "secret-1")
                .set("profile", kit.mapper.createObjectNode().put("authorization-api-key", "secret-2").put("call-timeout", 30));

        String masked = Redaction.maskBody(body).toString();

        assertFalse(masked.contains("secret-1"));
        assertFalse(masked.contains("secret-2"));
        assertTrue(masked.contains("\"msisdn\":\"1001\""));
        assertTrue(masked.contains("\"call-timeout\":30"));
        assertEquals("secret-1", body.path("sipPassword").asText(), "the body sent is not changed");
    }
}
