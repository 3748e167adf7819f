package opbx.authattacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import opbx.access.Role;
import opbx.infra.EmbeddedRedisServer;
import opbx.support.HttpTestClient.Response;
import opbx.support.Identity;
import opbx.support.LogCapture;
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
    void guessing_one_account_from_many_addresses_is_slowed_and_never_locks_the_owner_out() {
        TestApp app = TestApp.start(TestStores.get().database(), TestStores.get().redis(),
                Map.of("OPBX_RATE_LIMIT_LOGIN_PER_MIN", "1000", "OPBX_RATE_LIMIT_LOGIN_EMAIL_PER_MIN", "3",
                        "OPBX_TRUSTED_PROXIES", "127.0.0.1/32"));
        try {
            Identity.Member victim = Identity.member(TestApp.shared(), Identity.team(TestApp.shared(), "Spread Org")
                    .organizationId(), Role.OWNER);
            String office = address();
            assertEquals(200, login(app, victim.email(), Identity.PASSWORD, office).status(), "the owner's usual address");
            String[] spellings = {victim.email(), victim.email().toUpperCase(), " " + victim.email() + " "};

            String logs = LogCapture.during(() -> {
                for (int i = 0; i < 6; i++) {
                    Response guess = login(app, spellings[i % 3], "Guess" + i + "abc", address());
                    assertEquals(401, guess.status(), "guess " + (i + 1) + " is refused as wrong, not locked: " + guess.body());
                    assertEquals("INVALID_CREDENTIALS", guess.json().path("error").path("code").asText());
                }
            });
            assertTrue(logs.contains("login_under_attack"), "the attack is in the log");
            assertFalse(logs.contains(victim.email()), "the log names the account masked, not its address");
            assertTrue(counter(app, "delayed") >= 3, "answers to new addresses were held back once under attack");

            double delayedBefore = counter(app, "delayed");
            assertEquals(200, login(app, victim.email(), Identity.PASSWORD, office).status(),
                    "the owner from a known address, at once");
            assertEquals(delayedBefore, counter(app, "delayed"), "a known address is not held back");
            assertEquals(200, login(app, victim.email(), Identity.PASSWORD, address()).status(),
                    "the owner from a new address too: slowed, not locked out");
        } finally {
            app.close();
        }
    }

    @Test
    void an_address_that_failed_too_often_for_an_email_is_refused_for_it_and_only_it() {
        TestApp app = TestApp.start(TestStores.get().database(), TestStores.get().redis(),
                Map.of("OPBX_RATE_LIMIT_LOGIN_PER_MIN", "1000", "OPBX_RATE_LIMIT_LOGIN_EMAIL_PER_MIN", "3",
                        "OPBX_TRUSTED_PROXIES", "127.0.0.1/32"));
        try {
            long org = Identity.team(TestApp.shared(), "Pair Org").organizationId();
            Identity.Member victim = Identity.member(TestApp.shared(), org, Role.PBX_ADMIN);
            Identity.Member colleague = Identity.member(TestApp.shared(), org, Role.PBX_USER);
            String attacker = address();
            for (int i = 0; i < 3; i++) {
                assertEquals(401, login(app, victim.email(), "Guess" + i + "abc", attacker).status());
            }
            assertLimited(login(app, victim.email(), "Guess9abc", attacker), "a fourth guess from that address");
            assertLimited(login(app, victim.email(), Identity.PASSWORD, attacker), "even the right password from it");
            assertEquals(200, login(app, colleague.email(), Identity.PASSWORD, attacker).status(),
                    "another account from the same address (an office behind one NAT)");
            assertEquals(200, login(app, victim.email(), Identity.PASSWORD, address()).status(),
                    "the victim from any other address");
        } finally {
            app.close();
        }
    }

    private static double counter(TestApp app, String result) {
        String line = app.http().get("/metrics").body().lines()
                .filter(l -> l.startsWith("opbx_auth_logins_total{") && l.contains("result=\"" + result + "\""))
                .findFirst().orElse(null);
        return line == null ? 0 : Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
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
