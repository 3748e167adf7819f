package opbx.auth;

import static opbx.db.gen.Tables.API_TOKENS;
import static opbx.db.gen.Tables.ORGANIZATIONS;
import static opbx.db.gen.Tables.USERS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.OffsetDateTime;
import opbx.support.HttpTestClient.Response;
import opbx.support.Identity;
import opbx.support.TestApp;
import org.junit.jupiter.api.Test;

class TokenLifecycleTest {

    private final TestApp app = TestApp.shared();

    @Test
    void an_expired_token_is_401() {
        Identity.Team team = Identity.team(app, "Expiry Org");
        app.dsl().update(API_TOKENS)
                .set(API_TOKENS.EXPIRES_AT, OffsetDateTime.now().minusSeconds(1))
                .where(API_TOKENS.ORGANIZATION_ID.eq(team.organizationId()))
                .and(API_TOKENS.USER_ID.eq(team.owner().userId()))
                .execute();

        Response response = team.owner().http().get("/api/v1/auth/me");

        assertEquals(401, response.status());
        assertEquals("UNAUTHENTICATED", response.json().path("error").path("code").asText());
    }

    @Test
    void a_token_of_a_user_made_inactive_is_refused_at_the_next_request_and_deleted() {
        Identity.Team team = Identity.team(app, "Inactive Org");
        app.dsl().update(USERS)
                .set(USERS.STATUS, "inactive")
                .where(USERS.ORGANIZATION_ID.eq(team.organizationId()))
                .and(USERS.ID.eq(team.user().userId()))
                .execute();

        Response response = team.user().http().get("/api/v1/auth/me");

        assertEquals(401, response.status());
        assertEquals("ACCOUNT_INACTIVE", response.json().path("error").path("code").asText());
        assertEquals(0, app.dsl().fetchCount(API_TOKENS, API_TOKENS.ORGANIZATION_ID.eq(team.organizationId())
                .and(API_TOKENS.USER_ID.eq(team.user().userId()))));
    }

    @Test
    void a_suspended_organisation_is_refused_at_every_request_and_at_login() {
        Identity.Team team = Identity.team(app, "Suspended Org");
        app.dsl().update(ORGANIZATIONS)
                .set(ORGANIZATIONS.STATUS, "suspended")
                .where(ORGANIZATIONS.ID.eq(team.organizationId()))
                .execute();

        Response request = team.owner().http().get("/api/v1/users");
        Response login = app.http().postJson("/api/v1/auth/login",
                "{\"email\":\"" + team.admin().email() + "\",\"password\":\"" + Identity.PASSWORD + "\"}");

        assertEquals(401, request.status());
        assertEquals("ORGANIZATION_INACTIVE", request.json().path("error").path("code").asText());
        assertEquals(403, login.status());
        assertEquals("ORGANIZATION_INACTIVE", login.json().path("error").path("code").asText());
        assertEquals("Your organization is not active. Please contact support.", login.json().path("message").asText());
    }

    @Test
    void a_role_change_applies_at_the_next_request_without_a_new_token() {
        Identity.Team team = Identity.team(app, "Role Org");
        assertEquals(200, team.admin().http().get("/api/v1/users").status());

        app.dsl().update(USERS)
                .set(USERS.ROLE, "reporter")
                .where(USERS.ORGANIZATION_ID.eq(team.organizationId()))
                .and(USERS.ID.eq(team.admin().userId()))
                .execute();

        assertEquals(403, team.admin().http().get("/api/v1/users").status());
    }

    @Test
    void refresh_replaces_the_token() {
        Identity.Team team = Identity.team(app, "Refresh Org");

        Response refreshed = team.user().http().post("/api/v1/auth/refresh");

        assertEquals(200, refreshed.status(), refreshed.body());
        String token = refreshed.json().path("access_token").asText();
        assertNotEquals(team.user().token(), token);
        assertEquals(86400, refreshed.json().path("expires_in").asInt());
        assertEquals(401, team.user().http().get("/api/v1/auth/me").status());
        assertEquals(200, app.http().withToken(token).get("/api/v1/auth/me").status());
    }

    @Test
    void signup_is_not_there_unless_switched_on() {
        assertEquals(404, app.http().postJson("/api/v1/auth/signup", "{}").status());
    }
}
