package opbx.users;

import static opbx.db.gen.Tables.API_TOKENS;
import static opbx.db.gen.Tables.USERS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import opbx.access.Role;
import opbx.db.gen.tables.records.UsersRecord;
import opbx.support.HttpTestClient.Response;
import opbx.support.Identity;
import opbx.support.Identity.Member;
import opbx.support.Identity.Team;
import opbx.support.TestApp;
import org.jooq.Result;
import org.junit.jupiter.api.Test;

/**
 * Every id-taking users route called by each role of organisation A with organisation B's user ids (control-plane
 * spec §2.3): a role the permission matrix denies is refused with 403 before any lookup; an allowed role gets the same
 * 404 as for a missing id; B's rows are unchanged afterwards.
 */
class TenantIsolationTest {

    private final TestApp app = TestApp.shared();

    /** A route, and the roles the permission check (§2.2) lets through to the handler. */
    private record Route(String method, String suffix, String body, List<Role> allowed) {
    }

    private static final List<Route> ROUTES = List.of(
            new Route("GET", "", null, List.of(Role.values())),
            new Route("PUT", "", "{\"name\":\"Pwned\",\"status\":\"inactive\",\"role\":\"reporter\","
                    + "\"password\":\"Pwned1234\",\"email\":\"pwned@example.com\"}", List.of(Role.values())),
            new Route("PATCH", "", "{\"name\":\"Pwned\",\"status\":\"inactive\"}", List.of(Role.values())),
            new Route("DELETE", "", null, List.of(Role.OWNER, Role.PBX_ADMIN)),
            new Route("POST", "/restore", null, List.of(Role.OWNER, Role.PBX_ADMIN)));

    @Test
    void every_role_of_one_organisation_gets_404_or_403_on_every_user_route_of_another() {
        Team a = Identity.team(app, "Isolation A Org");
        Team b = Identity.team(app, "Isolation B Org");
        Result<UsersRecord> before = rowsOf(b);
        int tokensBefore = tokensOf(b);

        List<String> failures = new ArrayList<>();
        for (Role callerRole : Role.values()) {
            Member caller = a.as(callerRole);
            for (Role targetRole : Role.values()) {
                long target = b.as(targetRole).userId();
                for (Route route : ROUTES) {
                    Response response = call(caller, route, target);
                    int expected = route.allowed().contains(callerRole) ? 404 : 403;
                    String code = expected == 404 ? "NOT_FOUND" : "FORBIDDEN";
                    if (response.status() != expected
                            || !code.equals(response.json().path("error").path("code").asText())) {
                        failures.add(callerRole.wire() + " " + route.method() + " /users/{" + targetRole.wire() + " of B}"
                                + route.suffix() + " -> " + response.status() + " " + response.body()
                                + " (expected " + expected + ")");
                    }
                    if (expected == 404) {
                        assertEquals("User not found.", response.json().path("message").asText(), response.body());
                    }
                }
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));

        assertEquals(before, rowsOf(b), "B's users are unchanged");
        assertEquals(tokensBefore, tokensOf(b), "B's tokens are untouched");
        for (Role role : Role.values()) {
            assertEquals(200, b.as(role).http().get("/api/v1/auth/me").status(), role + " of B is still logged in");
        }
    }

    @Test
    void a_deleted_user_of_another_organisation_cannot_be_restored_or_seen() {
        Team a = Identity.team(app, "Isolation Restore A Org");
        Team b = Identity.team(app, "Isolation Restore B Org");
        long deleted = b.user().userId();
        assertEquals(204, b.owner().http().delete("/api/v1/users/" + deleted).status());
        Result<UsersRecord> before = rowsOf(b);

        for (Member caller : List.of(a.owner(), a.admin())) {
            Response restore = caller.http().post("/api/v1/users/" + deleted + "/restore");
            assertEquals(404, restore.status(), caller.role() + ": " + restore.body());
            assertEquals("User not found.", restore.json().path("message").asText());
            Response trashed = caller.http().get("/api/v1/users?trashed=only");
            assertEquals(200, trashed.status(), trashed.body());
            assertEquals(0, trashed.json().path("meta").path("total").asInt(), trashed.body());
        }
        for (Member caller : List.of(a.user(), a.reporter())) {
            assertEquals(403, caller.http().post("/api/v1/users/" + deleted + "/restore").status());
        }

        assertEquals(before, rowsOf(b));
        assertNotNull(before.stream().filter(row -> row.getId() == deleted).findFirst().orElseThrow().getDeletedAt());
    }

    @Test
    void lists_and_searches_never_show_another_organisations_users() {
        Team a = Identity.team(app, "Isolation List A Org");
        Team b = Identity.team(app, "Isolation List B Org");

        for (Member caller : List.of(a.owner(), a.admin())) {
            for (String query : List.of("", "?trashed=with", "?search=" + b.owner().email(), "?search=Test",
                    "?per_page=100&role=owner")) {
                Response response = caller.http().get("/api/v1/users" + query);
                assertEquals(200, response.status(), response.body());
                response.json().path("data").forEach(user -> {
                    assertEquals(a.organizationId(), user.path("organization_id").asLong(), query + ": " + user);
                    for (Role role : Role.values()) {
                        assertFalse(user.path("id").asLong() == b.as(role).userId(), query + ": " + user);
                    }
                });
            }
            assertEquals(0, caller.http().get("/api/v1/users?search=" + b.owner().email()).json()
                    .path("meta").path("total").asInt());
        }
    }

    @Test
    void organization_id_in_a_body_is_ignored_and_the_user_lands_in_the_callers_organisation() {
        Team a = Identity.team(app, "Isolation Body A Org");
        Team b = Identity.team(app, "Isolation Body B Org");

        Response created = a.owner().http().postJson("/api/v1/users", "{\"name\":\"Smuggled\",\"email\":\"smuggled-"
                + a.organizationId() + "-" + b.organizationId() + "@example.com\",\"password\":\"Smuggl3dPass\","
                + "\"role\":\"pbx_user\",\"organization_id\":" + b.organizationId() + "}");
        assertEquals(201, created.status(), created.body());
        assertEquals(a.organizationId(), created.json().path("data").path("organization_id").asLong());
        long id = created.json().path("data").path("id").asLong();

        Response moved = a.owner().http().put("/api/v1/users/" + id, "{\"organization_id\":" + b.organizationId() + "}");
        assertEquals(200, moved.status(), moved.body());
        assertEquals(a.organizationId(), moved.json().path("data").path("organization_id").asLong());
        assertEquals(4, rowsOf(b).size());
        assertEquals(1, app.dsl().fetchCount(USERS, USERS.ORGANIZATION_ID.eq(a.organizationId()).and(USERS.ID.eq(id))));
        assertEquals(404, b.owner().http().get("/api/v1/users/" + id).status());
    }

    private static Response call(Member caller, Route route, long target) {
        String path = "/api/v1/users/" + target + route.suffix();
        return caller.http().send(route.method(), path, route.body(),
                route.body() == null ? null : "application/json", Map.of());
    }

    private Result<UsersRecord> rowsOf(Team team) {
        return app.dsl().selectFrom(USERS)
                .where(USERS.ORGANIZATION_ID.eq(team.organizationId()))
                .orderBy(USERS.ID)
                .fetch();
    }

    private int tokensOf(Team team) {
        return app.dsl().fetchCount(API_TOKENS, API_TOKENS.ORGANIZATION_ID.eq(team.organizationId()));
    }
}
