package opbx.authattacks;

import static opbx.db.gen.Tables.API_TOKENS;
import static opbx.db.gen.Tables.USERS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import opbx.auth.Tokens;
import opbx.support.HttpTestClient.Response;
import opbx.support.Identity;
import opbx.support.TestApp;
import org.junit.jupiter.api.Test;

/**
 * Bearer tokens under attack (control-plane spec §1.1, §2.3): expired, revoked, malformed, spliced and borrowed
 * tokens are a 401 {@code UNAUTHENTICATED} that changes nothing; another organisation's valid token reaches none of
 * this organisation's ids (404).
 */
class TokenAttacksTest {

    private final TestApp app = TestApp.shared();

    private static void assertUnauthenticated(Response response, String what) {
        assertEquals(401, response.status(), what + ": " + response.body());
        assertEquals("UNAUTHENTICATED", response.json().path("error").path("code").asText(), what);
        assertFalse(response.body().contains("Exception") || response.body().contains("at opbx."), response.body());
    }

    /** A token row written straight to the database, as the login would write it, with the given expiry. */
    private String insertToken(Identity.Member member, OffsetDateTime expiresAt) {
        String secret = Tokens.newSecret();
        long id = app.dsl().insertInto(API_TOKENS)
                .set(API_TOKENS.ORGANIZATION_ID, member.organizationId())
                .set(API_TOKENS.USER_ID, member.userId())
                .set(API_TOKENS.TOKEN_HASH, Tokens.sha256Hex(secret))
                .set(API_TOKENS.EXPIRES_AT, expiresAt)
                .returning(API_TOKENS.ID)
                .fetchOne(API_TOKENS.ID);
        return Tokens.format(id, secret);
    }

    /**
     * What the database holds for a token that was refused (this test failed about once in a hundred full-suite runs
     * with the real token refused as 401 and the cause is not yet known): the row, its expiry against now, the
     * user's and organisation's state.
     */
    private String tokenState(Identity.Member member, long tokenId) {
        var token = app.dsl().select(API_TOKENS.ID, API_TOKENS.EXPIRES_AT, API_TOKENS.USER_ID).from(API_TOKENS)
                .where(API_TOKENS.ORGANIZATION_ID.eq(member.organizationId())).and(API_TOKENS.ID.eq(tokenId)).fetchOne();
        var user = app.dsl().select(USERS.STATUS, USERS.DELETED_AT).from(USERS)
                .where(USERS.ORGANIZATION_ID.eq(member.organizationId())).and(USERS.ID.eq(member.userId())).fetchOne();
        var tokens = app.dsl().select(API_TOKENS.ID).from(API_TOKENS)
                .where(API_TOKENS.ORGANIZATION_ID.eq(member.organizationId()))
                .and(API_TOKENS.USER_ID.eq(member.userId())).fetch(API_TOKENS.ID);
        return "token " + tokenId + " " + (token == null ? "missing" : "expires " + token.value2() + " (now "
                + OffsetDateTime.now() + ")") + "; the user's tokens " + tokens + "; user " + user;
    }

    private String userName(Identity.Member member) {
        return app.dsl().select(USERS.NAME).from(USERS)
                .where(USERS.ORGANIZATION_ID.eq(member.organizationId()))
                .and(USERS.ID.eq(member.userId()))
                .fetchOne(USERS.NAME);
    }

    @Test
    void a_token_past_its_expiry_is_refused_on_reads_and_writes_and_changes_nothing() {
        Identity.Team team = Identity.team(app, "Expired Token Org");
        String expired = insertToken(team.owner(), OffsetDateTime.now().minusMinutes(1));
        String justValid = insertToken(team.owner(), OffsetDateTime.now().plusMinutes(5));

        assertUnauthenticated(app.http().withToken(expired).get("/api/v1/auth/me"), "expired, read");
        assertUnauthenticated(app.http().withToken(expired).put("/api/v1/profile", "{\"name\":\"Expired Write\"}"),
                "expired, write");
        assertUnauthenticated(app.http().get("/api/v1/events?token=" + expired.replace("|", "%7C")), "expired, event stream");
        assertEquals("Test owner", userName(team.owner()));
        assertEquals(200, app.http().withToken(justValid).get("/api/v1/auth/me").status(), "a live token beside it works");
    }

    @Test
    void a_revoked_token_stays_dead_on_every_kind_of_route() {
        Identity.Team team = Identity.team(app, "Revoked Token Org");
        String token = team.admin().token();
        assertEquals(200, team.admin().http().post("/api/v1/auth/logout").status());

        assertUnauthenticated(app.http().withToken(token).get("/api/v1/users"), "list");
        assertUnauthenticated(app.http().withToken(token).postJson("/api/v1/conference-rooms", "{\"name\":\"Ghost\"}"), "create");
        assertUnauthenticated(app.http().withToken(token).post("/api/v1/auth/refresh"), "refresh");
        assertUnauthenticated(app.http().withToken(token).post("/api/v1/auth/logout"), "logout again");
        assertEquals(0, team.owner().http().get("/api/v1/conference-rooms").json().path("meta").path("total").asInt());
    }

    @Test
    void malformed_and_spliced_tokens_are_401_and_never_a_500() {
        Identity.Team team = Identity.team(app, "Malformed Token Org");
        String valid = team.owner().token();
        String id = valid.substring(0, valid.indexOf('|'));
        String secret = valid.substring(valid.indexOf('|') + 1);
        String otherId = team.user().token().substring(0, team.user().token().indexOf('|'));
        List<String> headers = new ArrayList<>(List.of("Bearer", "Bearer ", "Bearer |", "Bearer 1|", "Bearer |" + secret,
                "Bearer garbage", "Bearer " + "A".repeat(7_000), "Bearer " + id + "|" + "A".repeat(7_000),
                "Bearer " + id + "|" + secret + "x", "Bearer " + id + "|" + secret.substring(1),
                "Bearer " + id + "|" + secret.toLowerCase(), "Bearer " + otherId + "|" + secret,
                "Bearer -" + id + "|" + secret, "Bearer 0|" + secret, "Bearer 99999999999999999999|" + secret,
                "Bearer +" + id + "|" + secret, "Bearer " + id + "||" + secret, "Bearer " + id + "|" + secret + "|" + secret,
                "Bearer 1' OR '1'='1|" + secret, "Bearer " + id + "%7C" + secret, "Bearer " + id + "|" + secret.substring(1) + "_",
                "Bearer " + Tokens.sha256Hex(secret), "Basic " + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes()),
                "Token " + valid, valid, "Bearer " + id + " " + secret, "Bearer\t" + id + "|"));
        for (String header : headers) {
            Response response = app.http().send("GET", "/api/v1/users", null, null, Map.of("Authorization", header));
            String shown = header.length() > 60 ? header.substring(0, 60) + "..." : header;
            assertUnauthenticated(response, shown);
        }
        // Past Jetty's 8 KiB header limit the server refuses the request itself, before any token is read.
        Response huge = app.http().send("GET", "/api/v1/users", null, null, Map.of("Authorization", "Bearer " + "A".repeat(10_000)));
        assertEquals(431, huge.status(), huge.body());
        assertTrue(huge.header("Content-Type").startsWith("application/json"), huge.header("Content-Type"));
        Response still = team.owner().http().get("/api/v1/users");
        assertEquals(200, still.status(), () -> "the real token still works: " + still.body() + "; in the database: "
                + tokenState(team.owner(), Long.parseLong(id)));
        System.out.println("TokenAttacksTest: " + headers.size() + " malformed Authorization headers refused");
    }

    @Test
    void a_token_in_the_query_string_counts_only_on_the_event_stream() {
        Identity.Team team = Identity.team(app, "Query Token Org");
        String token = team.owner().token().replace("|", "%7C");

        for (String query : List.of("token=", "access_token=", "api_token=", "bearer=")) {
            assertUnauthenticated(app.http().get("/api/v1/users?" + query + token), query);
            assertUnauthenticated(app.http().send("PUT", "/api/v1/profile?" + query + token, "{\"name\":\"Via Query\"}",
                    "application/json", Map.of()), query + " write");
        }
        assertEquals("Test owner", userName(team.owner()));
    }

    @Test
    void another_organisations_valid_token_finds_none_of_this_organisations_records_and_changes_none() {
        Identity.Team ours = Identity.team(app, "Token Victim Org");
        Identity.Team theirs = Identity.team(app, "Token Attacker Org");
        long room = ours.owner().http().postJson("/api/v1/conference-rooms", "{\"name\":\"Private\"}")
                .json().path("data").path("id").asLong();
        String userPath = "/api/v1/users/" + ours.user().userId();
        String roomPath = "/api/v1/conference-rooms/" + room;

        List<Response> answers = List.of(theirs.owner().http().get(userPath),
                theirs.owner().http().put(userPath, "{\"name\":\"Taken Over\",\"role\":\"owner\"}"),
                theirs.owner().http().delete(userPath),
                theirs.owner().http().post(userPath + "/restore"),
                theirs.owner().http().get(roomPath),
                theirs.owner().http().put(roomPath, "{\"name\":\"Taken Over\"}"),
                theirs.owner().http().delete(roomPath));

        for (Response response : answers) {
            assertEquals(404, response.status(), response.body());
            assertEquals("NOT_FOUND", response.json().path("error").path("code").asText());
        }
        assertEquals("Test pbx_user", userName(ours.user()));
        assertEquals(200, ours.user().http().get("/api/v1/auth/me").status(), "the victim's session is untouched");
        assertEquals("Private", ours.owner().http().get(roomPath).json().path("data").path("name").asText());
        assertTrue(theirs.owner().http().get("/api/v1/users").json().path("data").findValuesAsText("email")
                .stream().noneMatch(email -> email.equals(ours.user().email())), "their list shows none of our users");
    }
}
