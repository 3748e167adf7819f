package opbx.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import opbx.access.Role;
import opbx.infra.EmbeddedRedisServer;
import opbx.support.HttpTestClient;
import opbx.support.HttpTestClient.Response;
import opbx.support.Identity;
import opbx.support.TestApp;
import opbx.support.TestStores;
import org.junit.jupiter.api.Test;

/** The limiters on the real routes, on a server of its own with the spec's default limits. */
class RequestLimitsTest {

    private static final Map<String, String> SPEC_LIMITS = Map.of(
            "OPBX_RATE_LIMIT_LOGIN_PER_MIN", "5",
            "OPBX_RATE_LIMIT_LOGIN_EMAIL_PER_MIN", "10",
            "OPBX_RATE_LIMIT_SENSITIVE_PER_MIN", "10",
            "OPBX_RATE_LIMIT_API_PER_MIN", "300");

    @Test
    void the_sixth_login_from_one_address_in_a_minute_is_429_with_retry_after() {
        try (EmbeddedRedisServer redis = EmbeddedRedisServer.start()) {
            TestApp app = TestApp.start(TestStores.get().database(), redis.target(), SPEC_LIMITS);
            try {
                String body = "{\"email\":\"nobody-limit@example.com\",\"password\":\"Wrong1234\"}";
                for (int i = 0; i < 5; i++) {
                    Response response = app.http().postJson("/api/v1/auth/login", body);
                    assertEquals(401, response.status());
                    assertEquals("5", response.header("X-RateLimit-Limit"));
                }

                Response limited = app.http().postJson("/api/v1/auth/login", body);

                assertEquals(429, limited.status());
                assertEquals("RATE_LIMITED", limited.json().path("error").path("code").asText());
                assertEquals("Too many login attempts. Please try again later.", limited.json().path("message").asText());
                assertTrue(Integer.parseInt(limited.header("Retry-After")) >= 1);
                assertTrue(limited.json().path("retry_after").asInt() >= 1);
                assertEquals("0", limited.header("X-RateLimit-Remaining"));
                assertNotNull(limited.header("X-RateLimit-Reset"));
            } finally {
                app.close();
            }
        }
    }

    @Test
    void the_sensitive_limiter_stops_the_eleventh_password_attempt_of_a_user() {
        try (EmbeddedRedisServer redis = EmbeddedRedisServer.start()) {
            TestApp app = TestApp.start(TestStores.get().database(), redis.target(), SPEC_LIMITS);
            try {
                Identity.Member member = Identity.member(app, Identity.team(TestApp.shared(), "Sensitive Org").organizationId(),
                        Role.PBX_USER);
                String body = "{\"current_password\":\"Wrong1234\",\"new_password\":\"Other1234\","
                        + "\"new_password_confirmation\":\"Other1234\"}";
                for (int i = 0; i < 10; i++) {
                    assertEquals(422, member.http().put("/api/v1/profile/password", body).status());
                }
                assertEquals(429, member.http().put("/api/v1/profile/password", body).status());
                assertEquals(200, member.http().get("/api/v1/profile").status(), "other routes are not sensitive");
            } finally {
                app.close();
            }
        }
    }

    @Test
    void with_redis_down_login_and_requests_still_work() {
        EmbeddedRedisServer redis = EmbeddedRedisServer.start();
        TestApp app = TestApp.start(TestStores.get().database(), redis.target(), SPEC_LIMITS);
        try {
            Identity.Team team = Identity.team(TestApp.shared(), "Redis Down Org");
            redis.stop();

            String token = Identity.login(app, team.owner().email(), Identity.PASSWORD);
            HttpTestClient owner = app.http().withToken(token);

            assertEquals(200, owner.get("/api/v1/users").status());
            assertEquals("degraded", app.http().get("/api/health").json().path("status").asText());
        } finally {
            app.close();
            redis.close();
        }
    }
}
