package opbx.cloudonix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import opbx.cloudonix.CloudonixResult.Reason;
import opbx.config.RedisTarget;
import opbx.cache.Redis;
import opbx.support.FakeCloudonix;
import opbx.support.FakeCloudonix.Behavior;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Each way a Cloudonix call can go wrong maps to its §6.4 reason; none throws, none retries. */
class CloudonixFailuresTest {

    private static final String SUBSCRIBERS = "/customers/self/domains/[^/]+/subscribers";

    private final CloudonixKit kit = new CloudonixKit();
    private final FakeCloudonix fake = kit.fake;
    private final CloudonixClient client = kit.client(CloudonixKit.SHORT_TIMEOUT);

    @AfterEach
    void close() {
        kit.close();
    }

    @Test
    void a_500_is_api_request_failed_with_its_status_and_is_sent_once() {
        CloudonixCredentials org = kit.newOrganization();
        fake.script("POST", SUBSCRIBERS, Behavior.status(500));

        CloudonixResult result = client.createSubscriber(org, new CloudonixSubscriber("1001", "Sip-Pass-123", true), Pace.INTERACTIVE);

        assertFalse(result.ok());
        assertEquals(Reason.API_REQUEST_FAILED, result.reason());
        assertEquals("Cloudonix request failed with status 500", result.error());
        assertEquals(Map.of("reason", "api_request_failed", "operation", "create_subscriber", "status", 500), result.details());
        assertEquals(1, fake.requests().size(), "no automatic retry");
    }

    @Test
    void an_answer_later_than_the_timeout_is_a_timeout_without_status() {
        CloudonixCredentials org = kit.newOrganization();
        fake.script("GET", SUBSCRIBERS, Behavior.delay(CloudonixKit.SHORT_TIMEOUT.multipliedBy(3)));

        CloudonixResult result = client.listSubscribers(org, Pace.INTERACTIVE);

        assertEquals(Reason.TIMEOUT, result.reason());
        assertTrue(result.status().isEmpty());
        assertEquals(Map.of("reason", "timeout", "operation", "list_subscribers"), result.details());
    }

    @Test
    void a_dropped_connection_is_api_request_failed_without_status() {
        CloudonixCredentials org = kit.newOrganization();
        fake.script("GET", "/customers/self/domains/[^/]+", Behavior.drop());

        CloudonixResult result = client.getDomain(org, Pace.INTERACTIVE);

        assertEquals(Reason.API_REQUEST_FAILED, result.reason());
        assertTrue(result.status().isEmpty());
        assertFalse(result.details().containsKey("status"));
    }

    @Test
    void nothing_listening_is_api_request_failed_without_status() {
        CloudonixCredentials org = kit.newOrganization();
        String deadUrl = fake.baseUrl();
        fake.close();
        CloudonixClient nowhere = new CloudonixClient(deadUrl, Duration.ofSeconds(1), CloudonixKit.SHORT_TIMEOUT, kit.mapper,
                new CircuitBreaker(kit.redis, kit.clock, Duration.ofSeconds(30)), new DomainPacer(kit.redis, kit.clock),
                kit.clock);

        CloudonixResult result = nowhere.getDomain(org, Pace.INTERACTIVE);

        assertEquals(Reason.API_REQUEST_FAILED, result.reason());
        assertTrue(result.status().isEmpty());
    }

    @Test
    void a_429_is_rate_limited_with_its_status() {
        CloudonixCredentials org = kit.newOrganization();
        fake.script("GET", SUBSCRIBERS, Behavior.rateLimited());

        CloudonixResult result = client.listSubscribers(org, Pace.INTERACTIVE);

        assertEquals(Reason.RATE_LIMITED, result.reason());
        assertTrue(result.hasStatus(429));
        assertEquals(Map.of("reason", "rate_limited", "operation", "list_subscribers", "status", 429), result.details());
    }

    @Test
    void malformed_json_where_json_is_expected_is_an_unexpected_response() {
        CloudonixCredentials org = kit.newOrganization();
        fake.script("POST", SUBSCRIBERS, Behavior.malformedJson());
        fake.script("GET", SUBSCRIBERS, Behavior.status(200, "{\"not\":\"an array\"}"));

        CloudonixResult created = client.createSubscriber(org, new CloudonixSubscriber("1001", "Sip-Pass-123", true), Pace.INTERACTIVE);
        CloudonixResult listed = client.listSubscribers(org, Pace.INTERACTIVE);

        assertEquals(Reason.UNEXPECTED_RESPONSE, created.reason());
        assertTrue(created.hasStatus(200));
        assertEquals(Reason.UNEXPECTED_RESPONSE, listed.reason());
    }

    @Test
    void a_write_whose_answer_is_not_read_succeeds_on_an_empty_204() {
        CloudonixCredentials org = kit.newOrganization();
        fake.script("PATCH", "/customers/self/domains/[^/]+", Behavior.status(204, ""));

        CloudonixResult result = client.setDefaultApplication(org, "12", Pace.INTERACTIVE);

        assertTrue(result.ok(), result.toString());
        assertTrue(result.hasStatus(204));
    }

    @Test
    void other_4xx_answers_are_api_request_failed_with_their_status() {
        CloudonixCredentials org = kit.newOrganization();
        fake.script("PUT", SUBSCRIBERS + "/.*", Behavior.status(422, "{\"message\":\"msisdn invalid\"}"));

        CloudonixResult result = client.updateSubscriber(org, "77", new CloudonixSubscriber("1x", "Sip-Pass-123", true), Pace.INTERACTIVE);

        assertEquals(Reason.API_REQUEST_FAILED, result.reason());
        assertTrue(result.hasStatus(422));
        assertEquals("Cloudonix request failed with status 422", result.error());
    }

    @Test
    void with_redis_unreachable_breaker_and_pacing_let_calls_through() {
        CloudonixCredentials org = kit.newOrganization();
        try (Redis away = new Redis(RedisTarget.parse("redis://127.0.0.1:1/0"))) {
            CloudonixClient withoutRedis = kit.client(Duration.ofSeconds(5), away);
            for (int i = 0; i < 12; i++) {
                assertTrue(withoutRedis.getDomain(org, Pace.INTERACTIVE).ok());
            }
        }
        assertEquals(12, fake.requests().size());
    }
}
