package opbx.authattacks;

import static opbx.db.gen.Tables.API_TOKENS;
import static opbx.support.TestData.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;
import opbx.access.Role;
import opbx.auth.Tokens;
import opbx.support.HttpTestClient;
import opbx.support.HttpTestClient.Response;
import opbx.support.Identity;
import opbx.support.TestApp;
import opbx.support.TestStores;
import org.junit.jupiter.api.Test;

/**
 * What a stolen or unattended token must not be enough for (issue 14, items 7 and 8): changing the login e-mail (the
 * first step of taking an account over through a password reset) takes the current password and ends the user's other
 * sessions; guessing whether a requests key is another organisation's runs at the sensitive rate and is never told
 * whose it is.
 */
class AccountTakeoverTest {

    private final TestApp app = TestApp.shared();

    private static Response patch(HttpTestClient http, String path, String body) {
        return http.send("PATCH", path, body, "application/json", Map.of());
    }

    /** A second live session of the member, as another device would hold (a login would end the first). */
    private String secondSession(Identity.Member member) {
        String secret = Tokens.newSecret();
        long id = app.dsl().insertInto(API_TOKENS)
                .set(API_TOKENS.ORGANIZATION_ID, member.organizationId())
                .set(API_TOKENS.USER_ID, member.userId())
                .set(API_TOKENS.TOKEN_HASH, Tokens.sha256Hex(secret))
                .set(API_TOKENS.EXPIRES_AT, OffsetDateTime.now().plusHours(1))
                .returning(API_TOKENS.ID)
                .fetchOne(API_TOKENS.ID);
        return Tokens.format(id, secret);
    }

    @Test
    void changing_the_login_email_takes_the_current_password_and_ends_the_other_sessions() {
        Identity.Member user = Identity.member(app, Identity.team(app, "Takeover Org").organizationId(), Role.PBX_USER);
        String other = secondSession(user);
        String newEmail = "moved-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";

        Response bare = patch(user.http(), "/api/v1/profile", json("email", newEmail));
        assertEquals(422, bare.status(), bare.body());
        assertEquals("The current password is required to change the e-mail address.",
                bare.json().path("errors").path("current_password").path(0).asText());
        Response wrong = patch(user.http(), "/api/v1/profile", json("email", newEmail, "current_password", "Wrong123x"));
        assertEquals("The current password is incorrect.", wrong.json().path("errors").path("current_password").path(0).asText());
        Response viaUsers = patch(user.http(), "/api/v1/users/" + user.userId(), json("email", newEmail));
        assertEquals(422, viaUsers.status(), "the same rule through /users/{own id}: " + viaUsers.body());
        assertEquals(200, app.http().withToken(other).get("/api/v1/auth/me").status(), "nothing changed yet");

        Response changed = patch(user.http(), "/api/v1/profile",
                json("email", newEmail, "current_password", Identity.PASSWORD, "name", "Moved"));
        assertEquals(200, changed.status(), changed.body());
        assertEquals(newEmail, changed.json().path("user").path("email").asText());
        assertEquals(401, app.http().withToken(other).get("/api/v1/auth/me").status(), "the other session ended");
        assertEquals(200, user.http().get("/api/v1/auth/me").status(), "the session that made the change goes on");
        Response sameEmail = patch(user.http(), "/api/v1/profile", json("email", newEmail, "name", "No password needed"));
        assertEquals(200, sameEmail.status(), "other profile fields need no password: " + sameEmail.body());
        assertTrue(Identity.login(app, newEmail, Identity.PASSWORD).contains("|"), "the new e-mail is the login");
    }

    @Test
    void an_admin_changing_someone_elses_email_ends_that_users_sessions() {
        Identity.Team team = Identity.team(app, "Takeover Admin Org");
        String session = team.user().token();
        Response changed = patch(team.admin().http(), "/api/v1/users/" + team.user().userId(),
                json("email", "renamed-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com"));
        assertEquals(200, changed.status(), changed.body());
        assertEquals(401, app.http().withToken(session).get("/api/v1/auth/me").status());
    }

    @Test
    void probing_for_another_organisations_requests_key_is_slow_and_says_nothing_of_its_owner() {
        TestApp limited = TestApp.start(TestStores.get().database(), TestStores.get().redis(),
                Map.of("OPBX_RATE_LIMIT_SENSITIVE_PER_MIN", "3"));
        try {
            Identity.Team victim = Identity.team(limited, "Key Owner Org");
            String key = "rk-" + UUID.randomUUID().toString().replace("-", "");
            assertEquals(200, victim.owner().http().put("/api/v1/settings/cloudonix",
                    json("domain_requests_api_key", key)).status());
            Identity.Team prober = Identity.team(limited, "Key Prober Org");

            Response taken = patch(prober.owner().http(), "/api/v1/settings/cloudonix", json("domain_requests_api_key", key));
            assertEquals(422, taken.status(), taken.body());
            assertEquals("This domain requests api key cannot be used. Generate a new one.",
                    taken.json().path("errors").path("domain_requests_api_key").path(0).asText());
            assertTrue(!taken.body().contains("Key Owner Org") && !taken.body().contains(String.valueOf(victim.organizationId())),
                    taken.body());
            for (int i = 0; i < 2; i++) {
                patch(prober.owner().http(), "/api/v1/settings/cloudonix", json("domain_requests_api_key", "rk-guess-" + i));
            }
            Response limitedAnswer = patch(prober.owner().http(), "/api/v1/settings/cloudonix",
                    json("domain_requests_api_key", "rk-guess-9"));
            assertEquals(429, limitedAnswer.status(), limitedAnswer.body());
            assertEquals(200, patch(prober.owner().http(), "/api/v1/settings/cloudonix", json("no_answer_timeout", 45))
                    .status(), "a save that sets no secret is not slowed");
        } finally {
            limited.close();
        }
    }
}
