package opbx.ratelimit;

import static io.javalin.apibuilder.ApiBuilder.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.javalin.Javalin;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import opbx.app.App;
import opbx.cache.Redis;
import opbx.config.RedisTarget;
import opbx.http.Json;
import opbx.http.ResponseHeaders;
import opbx.infra.FreePort;
import opbx.ratelimit.RateLimiter.Decision;
import opbx.support.HttpTestClient;
import opbx.support.HttpTestClient.Response;
import opbx.support.TestStores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    /** The start of some minute, so offsets below read as "seconds into the bucket". */
    private static final long MINUTE = 1_700_000_040_000L;

    private final TestClock clock = new TestClock(MINUTE);
    private Redis redis;
    private RateLimiter limiter;
    private String key;

    @BeforeEach
    void setUp() {
        redis = new Redis(TestStores.get().redis());
        limiter = new RateLimiter(redis, clock);
        // The test Redis is shared by the whole JVM: every test counts under keys of its own.
        key = RateLimitKeys.login("test-" + UUID.randomUUID());
    }

    @AfterEach
    void tearDown() {
        redis.close();
    }

    @Test
    void the_limit_is_admitted_and_the_next_request_is_refused_with_retry_after_and_nothing_remaining() {
        clock.set(MINUTE + 10_000);
        for (int i = 1; i <= 5; i++) {
            Decision decision = limiter.attempt(key, 5);
            assertTrue(decision.allowed(), "request " + i);
            assertEquals(5, decision.limit());
            assertEquals(5 - i, decision.remaining(), "remaining after request " + i);
            assertEquals(MINUTE / 1000 + 60, decision.resetEpochSeconds());
            assertEquals(0, decision.retryAfterSeconds());
        }

        Decision refused = limiter.attempt(key, 5);

        assertFalse(refused.allowed());
        assertEquals(0, refused.remaining());
        assertEquals(MINUTE / 1000 + 60, refused.resetEpochSeconds());
        // A full bucket must first roll over and then decay (50 s + 12 s here), which the cap keeps at 60.
        assertEquals(60, refused.retryAfterSeconds());
    }

    @Test
    void refused_requests_are_not_counted_so_the_client_is_released_as_the_window_decays() {
        for (int i = 0; i < 5; i++) {
            assertTrue(limiter.attempt(key, 5).allowed());
        }
        for (int i = 0; i < 10; i++) {
            clock.set(MINUTE + 30_000 + i * 1000);
            assertFalse(limiter.attempt(key, 5).allowed(), "refusal " + i);
        }

        // 12 s into the next minute the previous 5 weigh 5 × 48/60 = 4, so one request fits; had the 10 refusals
        // counted, the previous bucket would weigh 12 and nothing would.
        clock.set(MINUTE + 72_000);
        Decision released = limiter.attempt(key, 5);
        assertTrue(released.allowed());
        assertEquals(0, released.remaining());

        Decision refused = limiter.attempt(key, 5);
        assertFalse(refused.allowed());
        // 5 × (60 − e)/60 + 1 + 1 ≤ 5 from e = 24 s on: 12 s from now.
        assertEquals(12, refused.retryAfterSeconds());
        clock.set(MINUTE + 60_000 + 23_999);
        assertFalse(limiter.attempt(key, 5).allowed(), "one millisecond early");
        clock.set(MINUTE + 60_000 + 24_000);
        assertTrue(limiter.attempt(key, 5).allowed(), "at retry_after");
    }

    @Test
    void the_previous_minute_counts_in_proportion_to_what_is_left_of_the_current_one() {
        clock.set(MINUTE + 5_000);
        for (int i = 0; i < 10; i++) {
            assertTrue(limiter.attempt(key, 10).allowed());
        }

        clock.set(MINUTE + 90_000);
        List<Long> remaining = new ArrayList<>();
        int admitted = 0;
        for (int i = 0; i < 20; i++) {
            Decision decision = limiter.attempt(key, 10);
            if (decision.allowed()) {
                admitted++;
                remaining.add(decision.remaining());
            }
        }

        // Half-way through the next minute the previous 10 weigh 5: exactly 5 more fit.
        assertEquals(5, admitted);
        assertEquals(List.of(4L, 3L, 2L, 1L, 0L), remaining);
    }

    @Test
    void a_minute_with_no_traffic_in_between_forgets_everything() {
        for (int i = 0; i < 3; i++) {
            assertTrue(limiter.attempt(key, 3).allowed());
        }
        assertFalse(limiter.attempt(key, 3).allowed());

        clock.set(MINUTE + 120_000);

        Decision decision = limiter.attempt(key, 3);
        assertTrue(decision.allowed());
        assertEquals(2, decision.remaining());
    }

    @Test
    void limiters_on_separate_clients_share_one_count() throws Exception {
        RedisTarget target = TestStores.get().redis();
        try (Redis second = new Redis(target); Redis third = new Redis(target)) {
            List<RateLimiter> instances =
                    List.of(limiter, new RateLimiter(second, clock), new RateLimiter(third, clock));
            for (int i = 0; i < 6; i++) {
                assertTrue(instances.get(i % 3).attempt(key, 6).allowed(), "request " + i);
            }
            for (RateLimiter instance : instances) {
                assertFalse(instance.attempt(key, 6).allowed());
            }
        }
    }

    @Test
    void concurrent_requests_through_two_instances_never_admit_more_than_the_limit() throws Exception {
        RedisTarget target = TestStores.get().redis();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (Redis second = new Redis(target)) {
            List<RateLimiter> instances = List.of(limiter, new RateLimiter(second, clock));
            List<Callable<Boolean>> requests = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                RateLimiter instance = instances.get(i % 2);
                requests.add(() -> instance.attempt(key, 25).allowed());
            }
            int admitted = 0;
            for (Future<Boolean> result : pool.invokeAll(requests)) {
                admitted += result.get() ? 1 : 0;
            }
            assertEquals(25, admitted);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void buckets_are_per_minute_keys_that_expire_after_two_minutes() {
        clock.set(MINUTE + 30_000);
        limiter.attempt(key, 5);

        String bucket = key + ":" + (MINUTE / 60_000);
        assertEquals("1", redis.client().get(bucket));
        long ttl = redis.client().ttl(bucket);
        assertTrue(ttl > 100 && ttl <= 120, "ttl " + ttl);
    }

    @Test
    void a_limit_of_zero_is_off_and_never_touches_redis() {
        for (int i = 0; i < 50; i++) {
            Decision decision = limiter.attempt(key, 0);
            assertTrue(decision.allowed());
            assertEquals(0, decision.limit());
        }
        assertFalse(limiter.isBlocked(key, 0));

        assertNull(redis.client().get(key + ":" + (MINUTE / 60_000)));
    }

    @Test
    void requests_are_let_through_when_redis_is_unreachable() {
        try (Redis down = new Redis(RedisTarget.local(FreePort.find()))) {
            RateLimiter failOpen = new RateLimiter(down, clock);
            for (int i = 0; i < 5; i++) {
                Decision decision = failOpen.attempt(key, 2);
                assertTrue(decision.allowed(), "request " + i);
                assertEquals(2, decision.limit());
            }
            assertFalse(failOpen.isBlocked(key, 2));
            failOpen.countFailure(key);
        }
    }

    @Test
    void only_counted_failures_block_and_checking_counts_nothing() {
        String email = RateLimitKeys.loginEmail("Ada-" + UUID.randomUUID() + "@Example.COM");
        for (int i = 0; i < 10; i++) {
            assertFalse(limiter.isBlocked(email, 3), "check " + i);
        }

        limiter.countFailure(email);
        limiter.countFailure(email);
        assertFalse(limiter.isBlocked(email, 3));
        limiter.countFailure(email);
        assertTrue(limiter.isBlocked(email, 3));
        Decision peeked = limiter.peek(email, 3);
        assertFalse(peeked.allowed());
        assertTrue(peeked.retryAfterSeconds() >= 1);

        // 3 failures weigh 1.5 half-way through the next minute: one more attempt may be made.
        clock.set(MINUTE + 90_000);
        assertFalse(limiter.isBlocked(email, 3));
    }

    @Test
    void the_email_key_ignores_case_and_user_keys_are_tenant_scoped() {
        assertEquals(RateLimitKeys.loginEmail("ada@example.com"), RateLimitKeys.loginEmail("Ada@Example.COM"));
        assertEquals("opbx:rl:login:203.0.113.9", RateLimitKeys.login("203.0.113.9"));
        assertEquals("opbx:{7}:rl:api:u42", RateLimitKeys.api(7, 42));
        assertEquals("opbx:{7}:rl:sensitive:u42", RateLimitKeys.sensitive(7, 42));
        assertEquals("opbx:{7}:rl:org", RateLimitKeys.org(7));
    }

    @Test
    void the_headers_carry_the_decision_and_a_refusal_answers_429_with_retry_after() {
        Javalin app = App.create(Json.newMapper(), new ResponseHeaders(List.of()), ctx -> { }, List.of(() -> {
            get("allowed", ctx -> RateLimitHeaders.apply(ctx, new Decision(true, 5, 4, 1_700_000_100L, 0)));
            get("refused", ctx -> RateLimitHeaders.apply(ctx, new Decision(false, 5, 0, 1_700_000_100L, 17),
                    RateLimitHeaders.LOGIN_MESSAGE));
            get("off", ctx -> RateLimitHeaders.apply(ctx, new Decision(true, 0, 0, 0, 0)));
        }));
        app.start(0);
        try {
            HttpTestClient http = new HttpTestClient("http://localhost:" + app.port());

            Response allowed = http.get("/api/allowed");
            assertEquals(200, allowed.status());
            assertEquals("5", allowed.header("X-RateLimit-Limit"));
            assertEquals("4", allowed.header("X-RateLimit-Remaining"));
            assertEquals("1700000100", allowed.header("X-RateLimit-Reset"));
            assertNull(allowed.header("Retry-After"));

            Response refused = http.get("/api/refused");
            assertEquals(429, refused.status());
            assertEquals("17", refused.header("Retry-After"));
            assertEquals("0", refused.header("X-RateLimit-Remaining"));
            assertEquals("RATE_LIMITED", refused.json().path("error").path("code").asText());
            assertEquals("Too many login attempts. Please try again later.", refused.json().path("message").asText());
            assertEquals(17, refused.json().path("retry_after").asInt());

            assertNull(http.get("/api/off").header("X-RateLimit-Limit"));
        } finally {
            app.stop();
        }
    }

    /** A clock the test moves by hand, so no test sleeps. */
    private static final class TestClock extends Clock {

        private volatile long millis;

        TestClock(long millis) {
            this.millis = millis;
        }

        void set(long millis) {
            this.millis = millis;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public long millis() {
            return millis;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }
    }
}
