package opbx.cloudonix;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import opbx.cache.Redis;
import opbx.http.Json;
import opbx.support.FakeCloudonix;
import opbx.support.TestClock;
import opbx.support.TestStores;

/**
 * What every Cloudonix test needs: a fresh fake Cloudonix, the test Redis, a clock of its own, and credentials of a
 * new organisation (a random large id, so no two tests share breaker or pacing state).
 */
final class CloudonixKit implements AutoCloseable {

    /** Short enough that a scripted delay of 3 s is a timeout, long enough for a loaded CI machine otherwise. */
    static final Duration SHORT_TIMEOUT = Duration.ofSeconds(1);

    final FakeCloudonix fake = FakeCloudonix.start();
    final Redis redis = new Redis(TestStores.get().redis());
    final TestClock clock = new TestClock();
    final ObjectMapper mapper = Json.newMapper();

    /** A client with the production wiring's breaker and pacer on the test Redis. */
    CloudonixClient client(Duration timeout) {
        return client(timeout, redis);
    }

    CloudonixClient client(Duration timeout, Redis store) {
        return new CloudonixClient(fake.baseUrl(), Duration.ofSeconds(2), timeout, mapper,
                new CircuitBreaker(store, clock, Duration.ofSeconds(30)), new DomainPacer(store, clock), clock);
    }

    CloudonixClient client() {
        return client(Duration.ofSeconds(5));
    }

    /** A new organisation with a domain of its own in the fake. */
    CloudonixCredentials newOrganization() {
        String domain = "dom-" + UUID.randomUUID();
        String key = "XK" + UUID.randomUUID().toString().replace("-", "");
        fake.addDomain(domain, key);
        return new CloudonixCredentials(ThreadLocalRandom.current().nextLong(1_000_000_000L, 1_000_000_000_000L), domain, key);
    }

    @Override
    public void close() {
        fake.close();
        redis.close();
    }
}
