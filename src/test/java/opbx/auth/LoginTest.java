package opbx.auth;

import static opbx.db.gen.Tables.API_TOKENS;
import static opbx.db.gen.Tables.USERS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import opbx.support.HttpTestClient.Response;
import opbx.support.Identity;
import opbx.support.TestApp;
import org.junit.jupiter.api.Test;

class LoginTest {

    private final TestApp app = TestApp.shared();

    @Test
    void login_then_me_then_users_with_the_token() {
        Identity.Team team = Identity.team(app, "Login Org");

        Response me = team.owner().http().get("/api/v1/auth/me");
        assertEquals(200, me.status(), me.body());
        JsonNode user = me.json().path("user");
        assertEquals(team.owner().email(), user.path("email").asText());
        assertEquals("owner", user.path("role").asText());
        assertEquals(team.organizationId(), user.path("organization").path("id").asLong());
        assertEquals("US", user.path("organization").path("default_country").asText());

        Response users = team.owner().http().get("/api/v1/users");
        assertEquals(200, users.status(), users.body());
        assertEquals(4, users.json().path("meta").path("total").asInt());
    }

    @Test
    void the_login_response_has_the_shape_the_web_app_reads() {
        Identity.Team team = Identity.team(app, "Shape Org");

        Response response = app.http().postJson("/api/v1/auth/login",
                "{\"email\":\"" + team.user().email().toUpperCase() + "\",\"password\":\"" + Identity.PASSWORD + "\"}");

        assertEquals(200, response.status(), response.body());
        JsonNode body = response.json();
        assertTrue(body.path("access_token").asText().matches("[0-9]+\\|[A-Za-z0-9]{40}"), body.toString());
        assertEquals("Bearer", body.path("token_type").asText());
        assertEquals(86400, body.path("expires_in").asInt());
        assertEquals(team.user().userId(), body.path("user").path("id").asLong());
        assertEquals("Shape Org", body.path("user").path("organization").path("name").asText());
    }

    @Test
    void a_wrong_password_and_an_unknown_email_are_the_same_401_without_details() {
        Identity.Team team = Identity.team(app, "Wrong Org");

        Response wrong = app.http().postJson("/api/v1/auth/login",
                "{\"email\":\"" + team.owner().email() + "\",\"password\":\"Nope12345\"}");
        Response unknown = app.http().postJson("/api/v1/auth/login",
                "{\"email\":\"nobody-here@example.com\",\"password\":\"Nope12345\"}");

        for (Response response : new Response[] {wrong, unknown}) {
            assertEquals(401, response.status());
            assertEquals("INVALID_CREDENTIALS", response.json().path("error").path("code").asText());
            assertEquals("Invalid credentials.", response.json().path("message").asText());
            assertFalse(response.json().path("error").has("details"));
        }
    }

    @Test
    void login_revokes_the_previous_token_and_logout_revokes_the_current_one() {
        Identity.Team team = Identity.team(app, "Revoke Org");
        String first = team.admin().token();

        String second = Identity.login(app, team.admin().email(), Identity.PASSWORD);

        assertNotEquals(first, second);
        assertEquals(401, app.http().withToken(first).get("/api/v1/auth/me").status());
        assertEquals(200, app.http().withToken(second).post("/api/v1/auth/logout").status());
        assertEquals(401, app.http().withToken(second).get("/api/v1/auth/me").status());
    }

    @Test
    void only_hashes_are_stored() {
        Identity.Team team = Identity.team(app, "Hash Org");
        String secret = team.owner().token().split("\\|")[1];

        String tokenHash = app.dsl().select(API_TOKENS.TOKEN_HASH).from(API_TOKENS)
                .where(API_TOKENS.ORGANIZATION_ID.eq(team.organizationId()))
                .and(API_TOKENS.USER_ID.eq(team.owner().userId()))
                .fetchOne(API_TOKENS.TOKEN_HASH);
        String passwordHash = app.dsl().select(USERS.PASSWORD_HASH).from(USERS)
                .where(USERS.ORGANIZATION_ID.eq(team.organizationId()))
                .and(USERS.ID.eq(team.owner().userId()))
                .fetchOne(USERS.PASSWORD_HASH);

        assertEquals(Tokens.sha256Hex(secret), tokenHash);
        assertFalse(tokenHash.contains(secret));
        assertTrue(passwordHash.startsWith("$2"), passwordHash);
        assertFalse(passwordHash.contains(Identity.PASSWORD));
    }

    @Test
    void a_missing_or_malformed_token_is_401() {
        assertEquals(401, app.http().get("/api/v1/auth/me").status());
        assertEquals(401, app.http().withToken("garbage").get("/api/v1/users").status());
        assertEquals(401, app.http().withToken("1|" + "a".repeat(40)).get("/api/v1/users").status());
        assertEquals("UNAUTHENTICATED", app.http().get("/api/v1/users").json().path("error").path("code").asText());
    }
}
