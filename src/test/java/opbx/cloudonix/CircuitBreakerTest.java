package opbx.cloudonix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import opbx.cloudonix.CloudonixResult.Reason;
import opbx.support.FakeCloudonix;
import opbx.support.FakeCloudonix.Behavior;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The per-organisation breaker of control-plane spec §6.3. The clock is pinned and moved by hand: the 60 s pass
 * without sleeping. Each step leaves at least a second of clock between calls so pacing never interferes.
 */
class CircuitBreakerTest {

    private static final String DOMAIN = "/customers/self/domains/[^/]+";

    private final CloudonixKit kit = new CloudonixKit();
    private final FakeCloudonix fake = kit.fake;
    private final CloudonixClient client = kit.client(CloudonixKit.SHORT_TIMEOUT);
    private Instant now = Instant.parse("2026-03-02T10:00:00Z");

    @BeforeEach
    void pin() {
        kit.clock.pin(now);
    }

    @AfterEach
    void close() {
        kit.clock.release();
        kit.close();
    }

    private void advanceSeconds(long seconds) {
        now = now.plusSeconds(seconds);
        kit.clock.pin(now);
    }

    private CloudonixResult call(CloudonixClient through, CloudonixCredentials org) {
        CloudonixResult result = through.getDomain(org, Pace.INTERACTIVE);
        advanceSeconds(1);
        return result;
    }

    private void failFiveTimes(CloudonixCredentials org) {
        fake.script("GET", DOMAIN, Behavior.status(503));
        for (int i = 0; i < CircuitBreaker.FAILURE_THRESHOLD; i++) {
            assertEquals(Reason.API_REQUEST_FAILED, call(client, org).reason());
        }
    }

    @Test
    void five_consecutive_failures_open_it_and_then_nothing_is_sent() {
        CloudonixCredentials org = kit.newOrganization();
        failFiveTimes(org);
        fake.clearScripts();
        fake.clearRequests();

        CloudonixResult result = call(client, org);

        assertEquals(Reason.CIRCUIT_OPEN, result.reason());
        assertTrue(result.status().isEmpty());
        assertEquals("circuit_open", result.details().get("reason"));
        assertEquals(List.of(), fake.requests());
    }

    @Test
    void four_failures_then_a_success_reset_the_count() {
        CloudonixCredentials org = kit.newOrganization();
        fake.script("GET", DOMAIN, Behavior.status(500), 4);
        for (int i = 0; i < 4; i++) {
            call(client, org);
        }
        assertTrue(call(client, org).ok());
        fake.script("GET", DOMAIN, Behavior.status(500), 4);
        for (int i = 0; i < 4; i++) {
            assertEquals(Reason.API_REQUEST_FAILED, call(client, org).reason());
        }
        assertTrue(call(client, org).ok(), "still closed: the success started the count again");
    }

    @Test
    void client_errors_and_429_are_not_failures() {
        CloudonixCredentials org = kit.newOrganization();
        fake.script("GET", DOMAIN, Behavior.status(404), 3);
        fake.script("GET", DOMAIN, Behavior.rateLimited(), 3);
        for (int i = 0; i < 6; i++) {
            call(client, org);
            // A 429 without Retry-After holds the domain for a whole pacing window.
            advanceSeconds(DomainPacer.WINDOW.toSeconds() + 1);
        }
        assertTrue(call(client, org).ok());
    }

    @Test
    void after_sixty_seconds_exactly_one_trial_goes_through_and_its_success_closes_it() throws Exception {
        CloudonixCredentials org = kit.newOrganization();
        failFiveTimes(org);
        advanceSeconds(CircuitBreaker.OPEN_FOR.toSeconds());
        fake.clearRequests();
        // Cloudonix is back but slow, so the other calls arrive while the trial is in flight.
        fake.clearScripts();
        fake.script("GET", DOMAIN, Behavior.delay(Duration.ofMillis(300)));

        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<CloudonixResult>> results = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                results.add(pool.submit(() -> client.getDomain(org, Pace.INTERACTIVE)));
            }
            int ok = 0;
            int open = 0;
            for (Future<CloudonixResult> result : results) {
                if (result.get().ok()) {
                    ok++;
                } else if (result.get().reason() == Reason.CIRCUIT_OPEN) {
                    open++;
                }
            }
            assertEquals(1, ok, "one trial");
            assertEquals(3, open);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, fake.requests().size());

        advanceSeconds(1);
        assertTrue(call(client, org).ok(), "closed after the trial's success");
        assertTrue(call(client, org).ok());
    }

    @Test
    void a_failed_trial_reopens_it_for_another_sixty_seconds() {
        CloudonixCredentials org = kit.newOrganization();
        failFiveTimes(org);
        advanceSeconds(CircuitBreaker.OPEN_FOR.toSeconds());
        fake.clearRequests();

        assertEquals(Reason.API_REQUEST_FAILED, call(client, org).reason(), "the trial, still failing");
        assertEquals(1, fake.requests().size());
        fake.clearScripts();
        advanceSeconds(CircuitBreaker.OPEN_FOR.toSeconds() - 5);
        assertEquals(Reason.CIRCUIT_OPEN, call(client, org).reason());
        assertEquals(1, fake.requests().size());

        advanceSeconds(5);
        assertTrue(call(client, org).ok(), "the next trial succeeds");
        assertTrue(call(client, org).ok());
    }

    @Test
    void two_client_instances_share_one_breaker_per_organisation() {
        CloudonixCredentials org = kit.newOrganization();
        CloudonixCredentials other = kit.newOrganization();
        CloudonixClient second = kit.client(CloudonixKit.SHORT_TIMEOUT);
        fake.script("GET", "/customers/self/domains/" + org.domainUuid(), Behavior.status(502));
        for (int i = 0; i < 3; i++) {
            call(client, org);
        }
        for (int i = 0; i < 2; i++) {
            call(second, org);
        }
        fake.clearRequests();

        assertEquals(Reason.CIRCUIT_OPEN, call(client, org).reason());
        assertEquals(Reason.CIRCUIT_OPEN, call(second, org).reason());
        assertTrue(call(second, other).ok(), "another organisation is not affected");
        assertEquals(1, fake.requests().size());
    }

    @Test
    void timeouts_and_dropped_connections_count_as_failures() {
        CloudonixCredentials org = kit.newOrganization();
        fake.script("GET", DOMAIN, Behavior.delay(CloudonixKit.SHORT_TIMEOUT.multipliedBy(3)), 2);
        // Persistent: the JDK client re-sends a GET once when a pooled connection turns out closed (see CloudonixHttp).
        fake.script("GET", DOMAIN, Behavior.drop());
        assertEquals(Reason.TIMEOUT, call(client, org).reason());
        assertEquals(Reason.TIMEOUT, call(client, org).reason());
        for (int i = 0; i < 3; i++) {
            assertEquals(Reason.API_REQUEST_FAILED, call(client, org).reason());
        }
        assertEquals(Reason.CIRCUIT_OPEN, call(client, org).reason());
    }
}
