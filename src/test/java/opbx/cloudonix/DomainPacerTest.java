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
 * Pacing of control-plane spec §6.2: 10 tokens per domain, 1 more per second, shared through Redis. The clock is
 * pinned, so no token comes back during a test unless the test moves the clock.
 */
class DomainPacerTest {

    private final CloudonixKit kit = new CloudonixKit();

    @AfterEach
    void close() {
        kit.clock.release();
        kit.close();
    }

    @Test
    void the_eleventh_interactive_call_in_a_second_fails_rate_limited_and_sends_nothing() {
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
    void tokens_come_back_one_per_second_and_each_domain_has_its_own_bucket() throws InterruptedException {
        Instant start = Instant.parse("2026-03-02T10:00:00Z");
        kit.clock.pin(start);
        DomainPacer pacer = new DomainPacer(kit.redis, kit.clock);
        long org = kit.newOrganization().organizationId();
        long other = kit.newOrganization().organizationId();
        for (int i = 0; i < DomainPacer.CAPACITY; i++) {
            assertTrue(pacer.acquire(org, Duration.ZERO));
        }
        assertFalse(pacer.acquire(org, Duration.ZERO));
        assertTrue(pacer.acquire(other, Duration.ZERO), "another organisation's bucket is full");

        kit.clock.pin(start.plusSeconds(1));
        assertTrue(pacer.acquire(org, Duration.ZERO));
        assertFalse(pacer.acquire(org, Duration.ZERO));

        kit.clock.pin(start.plusSeconds(100));
        for (int i = 0; i < DomainPacer.CAPACITY; i++) {
            assertTrue(pacer.acquire(org, Duration.ZERO), "refilled, but never past the capacity");
        }
        assertFalse(pacer.acquire(org, Duration.ZERO));
    }

    @Test
    void an_interactive_call_waits_for_a_token_that_comes_within_the_bound() throws Exception {
        // The real clock: the token the 11th call waits for comes back while it waits.
        CloudonixClient client = kit.client();
        CloudonixCredentials org = kit.newOrganization();
        DomainPacer pacer = new DomainPacer(kit.redis, kit.clock);
        for (int i = 0; i < DomainPacer.CAPACITY; i++) {
            pacer.acquire(org.organizationId(), Duration.ZERO);
        }

        CloudonixResult result = client.getDomain(org, Pace.INTERACTIVE);

        assertTrue(result.ok(), result.toString());
        assertEquals(1, kit.fake.requests().size());
    }

    @Test
    void a_cloudonix_429_empties_the_bucket_so_the_next_calls_back_off() {
        kit.clock.pin(Instant.parse("2026-03-02T10:00:00Z"));
        CloudonixClient client = kit.client();
        CloudonixCredentials org = kit.newOrganization();
        kit.fake.script("GET", "/customers/self/domains/[^/]+", Behavior.rateLimited(), 1);
        assertTrue(client.getDomain(org, Pace.INTERACTIVE).hasStatus(429));

        CloudonixResult next = client.getDomain(org, Pace.INTERACTIVE);

        assertEquals(Reason.RATE_LIMITED, next.reason());
        assertTrue(next.status().isEmpty(), "not sent: no token while the clock stands still");
        assertEquals(1, kit.fake.requests().size());
    }
}
