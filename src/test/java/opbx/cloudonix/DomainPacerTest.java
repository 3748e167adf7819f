package opbx.cloudonix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import opbx.cloudonix.CloudonixResult.Reason;
import opbx.support.FakeCloudonix.Behavior;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Pacing: at most 10 requests per domain in any 10 s (the stricter of Cloudonix's two documented limits), shared
 * through Redis; a 429 holds the domain for the time Cloudonix gives and is sent again within the call's budget. The
 * clock is pinned, so no place in the window comes back during a test unless the test moves the clock.
 */
class DomainPacerTest {

    private final CloudonixKit kit = new CloudonixKit();

    @AfterEach
    void close() {
        kit.clock.release();
        kit.close();
    }

    @Test
    void the_eleventh_interactive_call_in_the_window_fails_rate_limited_and_sends_nothing() {
        kit.clock.pin(Instant.parse("2026-03-02T10:00:00Z"));
        CloudonixClient client = kit.client();
        CloudonixCredentials org = kit.newOrganization();
        for (int i = 0; i < DomainPacer.CAPACITY; i++) {
            assertTrue(client.getDomain(org, Pace.INTERACTIVE).ok(), "call " + (i + 1));
        }

        CloudonixResult eleventh = client.getDomain(org, Pace.INTERACTIVE);

        assertEquals(Reason.RATE_LIMITED, eleventh.reason());
        assertTrue(eleventh.status().isEmpty());
        assertEquals(DomainPacer.CAPACITY, kit.fake.requests().size());
    }

    @Test
    void the_window_slides_and_never_lets_more_than_ten_through_in_ten_seconds() throws InterruptedException {
        Instant start = Instant.parse("2026-03-02T10:00:00Z");
        kit.clock.pin(start);
        DomainPacer pacer = new DomainPacer(kit.redis, kit.clock);
        long org = kit.newOrganization().organizationId();
        long other = kit.newOrganization().organizationId();
        for (int i = 0; i < DomainPacer.CAPACITY; i++) {
            assertTrue(pacer.acquire(org, Duration.ZERO));
        }
        assertFalse(pacer.acquire(org, Duration.ZERO));
        assertTrue(pacer.acquire(other, Duration.ZERO), "another organisation's window is its own");

        // A token bucket refilling one per second would let one through here, and 19 within 10 s.
        kit.clock.pin(start.plusSeconds(5));
        assertFalse(pacer.acquire(org, Duration.ZERO), "the ten of 10:00:00 are still in the window at 10:00:05");
        kit.clock.pin(start.plus(DomainPacer.WINDOW).minusMillis(1));
        assertFalse(pacer.acquire(org, Duration.ZERO));

        kit.clock.pin(start.plus(DomainPacer.WINDOW));
        for (int i = 0; i < DomainPacer.CAPACITY; i++) {
            assertTrue(pacer.acquire(org, Duration.ZERO), "the window has moved past them");
        }
        assertFalse(pacer.acquire(org, Duration.ZERO));
    }

    @Test
    void an_interactive_call_waits_for_a_place_that_frees_within_its_bound() throws Exception {
        // The ten sends are logged 9.5 s in the past, then the real clock runs: the oldest leaves the window in 0.5 s.
        CloudonixCredentials org = kit.newOrganization();
        DomainPacer pacer = new DomainPacer(kit.redis, kit.clock);
        kit.clock.pin(Instant.now().minus(DomainPacer.WINDOW).plusMillis(500));
        for (int i = 0; i < DomainPacer.CAPACITY; i++) {
            assertTrue(pacer.acquire(org.organizationId(), Duration.ZERO));
        }
        kit.clock.release();

        CloudonixResult result = kit.client().getDomain(org, Pace.INTERACTIVE);

        assertTrue(result.ok(), result.toString());
        assertEquals(1, kit.fake.requests().size());
    }

    @Test
    void a_429_holds_the_domain_for_the_time_cloudonix_gave() {
        Instant start = Instant.parse("2026-03-02T10:00:00Z");
        kit.clock.pin(start);
        CloudonixClient client = kit.client();
        CloudonixCredentials org = kit.newOrganization();
        kit.fake.script("GET", "/customers/self/domains/[^/]+", Behavior.rateLimited(5), 1);
        CloudonixResult limited = client.getDomain(org, Pace.INTERACTIVE);
        assertTrue(limited.hasStatus(429), "5 s is past an interactive call's budget: not sent again " + limited);

        CloudonixResult next = client.getDomain(org, Pace.INTERACTIVE);
        assertEquals(Reason.RATE_LIMITED, next.reason());
        assertTrue(next.status().isEmpty(), "not sent while the domain is held");
        assertEquals(1, kit.fake.requests().size());

        kit.clock.pin(start.plusSeconds(5));
        assertTrue(client.getDomain(org, Pace.INTERACTIVE).ok(), "the hold is over");
    }

    @Test
    void a_429_with_a_short_retry_after_is_sent_again_and_succeeds() {
        // The real clock: the hold of 1 s passes while the call waits within its 2 s budget.
        CloudonixClient client = kit.client();
        CloudonixCredentials org = kit.newOrganization();
        kit.fake.script("GET", "/customers/self/domains/[^/]+", Behavior.rateLimited(1), 1);

        CloudonixResult result = client.getDomain(org, Pace.INTERACTIVE);

        assertTrue(result.ok(), result.toString());
        assertEquals(2, kit.fake.requests().size(), "the 429, then the same request again");
    }
}
