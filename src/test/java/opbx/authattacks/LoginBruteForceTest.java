package opbx.authattacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import opbx.access.Role;
import opbx.infra.EmbeddedRedisServer;
import opbx.support.HttpTestClient.Response;
import opbx.support.Identity;
import opbx.support.TestApp;
import opbx.support.TestStores;
import org.junit.jupiter.api.Test;

/**
 * Password guessing against POST /api/v1/auth/login (control-plane spec §0.8, §1.2) on servers of their own with low
 * limits. The counters live in the shared Redis, so each test speaks from an address of its own, told through a
 * trusted proxy's X-Forwarded-For; the spoofing test uses a Redis of its own instead, since there the address is the
 * socket's.
 */
class LoginBruteForceTest {

    private static final String LOGIN = "/api/v1/auth/login";

    private static String address() {
        return "2001:db8:9::" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1, 0xffff));
    }

    private static Response login(TestApp app, String email, String password, String from) {
        return app.http().send("POST", LOGIN, "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}",
                "application/json", from == null ? Map.of() : Map.of("X-Forwarded-For", from));
    }

    private static void assertLimited(Response response, String what) {
        assertEquals(429, response.status(), what + ": " + response.body());
        assertEquals("RATE_LIMITED", response.json().path("error").path("code").asText(), what);
        assertEquals("Too many login attempts. Please try again later.", response.json().path("message").asText());
        assertTrue(Integer.parseInt(response.header("Retry-After")) >= 1, what);
    }

    @Test
    void guessing_from_one_address_is_stopped_and_the_right_password_does_not_get_through_either() {
        TestApp app = TestApp.start(TestStores.get().database(), TestStores.get().redis(),
                Map.of("OPBX_RATE_LIMIT_LOGIN_PER_MIN", "3", "OPBX_TRUSTED_PROXIES", "127.0.0.1/32"));
        try {
            Identity.Member victim = Identity.member(TestApp.shared(), Identity.team(TestApp.shared(), "Brute Org")
                    .organizationId(), Role.PBX_ADMIN);
            String attacker = address();
            for (int i = 0; i < 3; i++) {
                Response guess = login(app, victim.email(), "Guess" + i + "abc", attacker);
                assertEquals(401, guess.status(), guess.body());
                assertEquals("INVALID_CREDENTIALS", guess.json().path("error").path("code").asText());
            }
            for (int i = 0; i < 20; i++) {
                assertLimited(login(app, victim.email(), "Guess" + (i + 3) + "abc", attacker), "guess " + (i + 4));
            }

            assertLimited(login(app, victim.email(), Identity.PASSWORD, attacker), "the right password");
            assertLimited(login(app, "someone-else@example.com", "Other123", attacker), "another account");
            Response elsewhere = login(app, victim.email(), Identity.PASSWORD, address());
            assertEquals(200, elsewhere.status(), "the victim, from another address: " + elsewhere.body());
        } finally {
            app.close();
        }
    }

    @Test
    void guessing_one_account_from_many_addresses_hits_the_per_email_limit_whatever_the_spelling() {
        TestApp app = TestApp.start(TestStores.get().database(), TestStores.get().redis(),
                Map.of("OPBX_RATE_LIMIT_LOGIN_PER_MIN", "1000", "OPBX_RATE_LIMIT_LOGIN_EMAIL_PER_MIN", "3",
                        "OPBX_TRUSTED_PROXIES", "127.0.0.1/32"));
        try {
            Identity.Member victim = Identity.member(TestApp.shared(), Identity.team(TestApp.shared(), "Spread Org")
                    .organizationId(), Role.OWNER);
            String[] spellings = {victim.email(), victim.email().toUpperCase(), " " + victim.email() + " "};
            for (int i = 0; i < 3; i++) {
                assertEquals(401, login(app, spellings[i], "Guess" + i + "abc", address()).status());
            }

            for (String spelling : spellings) {
                assertLimited(login(app, spelling, "Guess9abc", address()), "'" + spelling + "' from a new address");
            }
            assertLimited(login(app, victim.email(), Identity.PASSWORD, address()), "the right password");
        } finally {
            app.close();
        }
    }

    @Test
    void a_forwarded_for_header_from_an_untrusted_peer_does_not_buy_new_attempts() {
        try (EmbeddedRedisServer redis = EmbeddedRedisServer.start()) {
            TestApp app = TestApp.start(TestStores.get().database(), redis.target(),
                    Map.of("OPBX_RATE_LIMIT_LOGIN_PER_MIN", "3"));
            try {
                int admitted = 0;
                Response last = null;
                for (int i = 0; i < 8; i++) {
                    last = login(app, "nobody-spoof@example.com", "Guess" + i + "abc", address());
                    if (last.status() != 429) {
                        admitted++;
                    }
                }
                assertEquals(3, admitted, "X-Forwarded-For from 127.0.0.1 is not believed without OPBX_TRUSTED_PROXIES");
                assertLimited(last, "the eighth attempt");
            } finally {
                app.close();
            }
        }
    }
}
