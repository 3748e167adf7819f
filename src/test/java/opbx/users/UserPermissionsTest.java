package opbx.users;

import opbx.support.TestData;
import static opbx.support.TestData.json;
import static opbx.support.TestData.uniqueEmail;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import opbx.access.Role;
import opbx.db.gen.tables.records.UsersRecord;
import opbx.support.HttpTestClient.Response;
import opbx.support.Identity;
import opbx.support.Identity.Member;
import opbx.support.Identity.Team;
import opbx.support.TestApp;
import org.junit.jupiter.api.Test;

/** The users rows of the permission matrix (control-plane spec §2.2), allowed and denied, for all four roles. */
class UserPermissionsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String NEW_PASSWORD = "Passw0rdNew";

    private final TestApp app = TestApp.shared();

    // ---------------------------------------------------------------- list

    @Test
    void owner_and_pbx_admin_may_list_the_users_of_their_organisation() {
        Team team = Identity.team(app, "Perm List Org");

        for (Member member : List.of(team.owner(), team.admin())) {
            Response response = member.http().get("/api/v1/users");
            assertEquals(200, response.status(), member.role() + ": " + response.body());
            assertEquals(4, response.json().path("meta").path("total").asInt(), response.body());
            assertEquals(4, response.json().path("data").size(), response.body());
        }
    }

    @Test
    void pbx_user_and_reporter_may_not_list_users() {
        Team team = Identity.team(app, "Perm No List Org");

        for (Member member : List.of(team.user(), team.reporter())) {
            Response response = member.http().get("/api/v1/users");
            assertForbidden(response, member.role() + " listing users");
        }
    }

    // ---------------------------------------------------------------- view

    @Test
    void every_role_may_view_its_own_user_record() {
        Team team = Identity.team(app, "Perm View Self Org");

        for (Role role : Role.values()) {
            Member member = team.as(role);
            Response response = member.http().get("/api/v1/users/" + member.userId());
            assertEquals(200, response.status(), role + ": " + response.body());
            assertEquals(member.userId(), response.json().path("data").path("id").asLong());
            assertEquals(member.email(), response.json().path("data").path("email").asText());
            assertEquals(role.wire(), response.json().path("data").path("role").asText());
        }
    }

    @Test
    void owner_and_pbx_admin_may_view_any_user_of_their_organisation() {
        Team team = Identity.team(app, "Perm View Any Org");

        for (Member viewer : List.of(team.owner(), team.admin())) {
            for (Role role : Role.values()) {
                Member target = team.as(role);
                Response response = viewer.http().get("/api/v1/users/" + target.userId());
                assertEquals(200, response.status(), viewer.role() + " viewing " + role + ": " + response.body());
                assertEquals(target.userId(), response.json().path("data").path("id").asLong());
            }
        }
    }

    @Test
    void pbx_user_and_reporter_viewing_another_user_of_their_organisation_is_403_not_404() {
        Team team = Identity.team(app, "Perm View Other Org");

        for (Member viewer : List.of(team.user(), team.reporter())) {
            for (Role role : Role.values()) {
                Member target = team.as(role);
                if (target.userId() == viewer.userId()) {
                    continue;
                }
                assertForbidden(viewer.http().get("/api/v1/users/" + target.userId()),
                        viewer.role() + " viewing " + role);
            }
        }
    }

    // ---------------------------------------------------------------- create

    @Test
    void owner_may_create_pbx_admin_pbx_user_and_reporter() {
        Team team = Identity.team(app, "Perm Owner Create Org");

        for (Role role : List.of(Role.PBX_ADMIN, Role.PBX_USER, Role.REPORTER)) {
            Response response = create(team.owner(), role.wire());
            assertEquals(201, response.status(), role + ": " + response.body());
            assertEquals(role.wire(), response.json().path("data").path("role").asText());
            long id = response.json().path("data").path("id").asLong();
            assertEquals(role.wire(), TestData.userRow(app.dsl(), team.organizationId(), id).getRole());
        }
    }

    @Test
    void pbx_admin_may_create_pbx_user_and_reporter() {
        Team team = Identity.team(app, "Perm Admin Create Org");

        for (Role role : List.of(Role.PBX_USER, Role.REPORTER)) {
            Response response = create(team.admin(), role.wire());
            assertEquals(201, response.status(), role + ": " + response.body());
            assertEquals(role.wire(), response.json().path("data").path("role").asText());
        }
    }

    @Test
    void pbx_admin_creating_a_pbx_admin_is_a_422_on_role() {
        Team team = Identity.team(app, "Perm Admin Creates Admin Org");
        String email = uniqueEmail("admin2");

        Response response = team.admin().http().postJson("/api/v1/users", json(
                "name", "Second Admin", "email", email, "password", NEW_PASSWORD, "role", "pbx_admin"));

        assertValidation(response, "role", "You are not allowed to assign the pbx_admin role.");
        assertEquals(4, TestData.userCount(app.dsl(), team.organizationId()));
    }

    @Test
    void nobody_can_assign_the_owner_role_when_creating_a_user() {
        Team team = Identity.team(app, "Perm Create Owner Org");

        for (Member creator : List.of(team.owner(), team.admin())) {
            Response response = create(creator, "owner");
            assertValidation(response, "role", "You are not allowed to assign the owner role.");
        }
        assertEquals(4, TestData.userCount(app.dsl(), team.organizationId()));
    }

    @Test
    void pbx_user_and_reporter_may_not_create_users() {
        Team team = Identity.team(app, "Perm No Create Org");

        for (Member creator : List.of(team.user(), team.reporter())) {
            for (String role : List.of("pbx_user", "reporter")) {
                assertForbidden(create(creator, role), creator.role() + " creating a " + role);
            }
        }
        assertEquals(4, TestData.userCount(app.dsl(), team.organizationId()));
    }

    // ---------------------------------------------------------------- update

    @Test
    void owner_may_update_every_other_user_of_the_organisation() {
        Team team = Identity.team(app, "Perm Owner Update Org");

        for (Role role : List.of(Role.PBX_ADMIN, Role.PBX_USER, Role.REPORTER)) {
            Member target = team.as(role);
            Response response = team.owner().http().put("/api/v1/users/" + target.userId(),
                    json("name", "Renamed " + role.wire()));
            assertEquals(200, response.status(), role + ": " + response.body());
            assertEquals("User updated successfully.", response.json().path("message").asText());
            assertEquals("Renamed " + role.wire(), response.json().path("data").path("name").asText());
            assertEquals("Renamed " + role.wire(), TestData.userRow(app.dsl(), team.organizationId(), target.userId()).getName());
        }

        Response demote = team.owner().http().put("/api/v1/users/" + team.admin().userId(), json("role", "reporter"));
        assertEquals(200, demote.status(), demote.body());
        assertEquals("reporter", TestData.userRow(app.dsl(), team.organizationId(), team.admin().userId()).getRole());

        Response promote = team.owner().http().put("/api/v1/users/" + team.user().userId(), json("role", "pbx_admin"));
        assertEquals(200, promote.status(), promote.body());
        assertEquals("pbx_admin", TestData.userRow(app.dsl(), team.organizationId(), team.user().userId()).getRole());
    }

    @Test
    void owner_may_not_promote_anyone_to_owner() {
        Team team = Identity.team(app, "Perm Promote Owner Org");

        Response response = team.owner().http().put("/api/v1/users/" + team.admin().userId(), json("role", "owner"));

        assertValidation(response, "role", "You are not allowed to assign the owner role.");
        assertEquals("pbx_admin", TestData.userRow(app.dsl(), team.organizationId(), team.admin().userId()).getRole());
    }

    @Test
    void pbx_admin_may_update_pbx_user_and_reporter_targets() {
        Team team = Identity.team(app, "Perm Admin Update Org");

        for (Role role : List.of(Role.PBX_USER, Role.REPORTER)) {
            Member target = team.as(role);
            Response response = team.admin().http().put("/api/v1/users/" + target.userId(), json("city", "Lyon"));
            assertEquals(200, response.status(), role + ": " + response.body());
            assertEquals("Lyon", TestData.userRow(app.dsl(), team.organizationId(), target.userId()).getCity());
        }
        Response toReporter = team.admin().http().put("/api/v1/users/" + team.user().userId(), json("role", "reporter"));
        assertEquals(200, toReporter.status(), toReporter.body());
        assertEquals("reporter", TestData.userRow(app.dsl(), team.organizationId(), team.user().userId()).getRole());
    }

    @Test
    void pbx_admin_may_not_promote_a_user_to_pbx_admin() {
        Team team = Identity.team(app, "Perm Admin Promote Org");

        Response response = team.admin().http().put("/api/v1/users/" + team.user().userId(), json("role", "pbx_admin"));

        assertValidation(response, "role", "You are not allowed to assign the pbx_admin role.");
        assertEquals("pbx_user", TestData.userRow(app.dsl(), team.organizationId(), team.user().userId()).getRole());

        Response toOwner = team.admin().http().put("/api/v1/users/" + team.reporter().userId(), json("role", "owner"));
        assertValidation(toOwner, "role", "You are not allowed to assign the owner role.");
        assertEquals("reporter", TestData.userRow(app.dsl(), team.organizationId(), team.reporter().userId()).getRole());
    }

    @Test
    void pbx_admin_updating_the_owner_or_another_pbx_admin_is_403() {
        Team team = Identity.team(app, "Perm Admin Update Owner Org");
        Member secondAdmin = Identity.member(app, team.organizationId(), Role.PBX_ADMIN);

        for (Member target : List.of(team.owner(), secondAdmin)) {
            assertForbidden(team.admin().http().put("/api/v1/users/" + target.userId(),
                    json("name", "Hijacked")), "pbx_admin updating " + target.role());
            assertForbidden(team.admin().http().put("/api/v1/users/" + target.userId(),
                    json("password", "Hijack3dPass")), "pbx_admin setting the password of " + target.role());
            assertForbidden(team.admin().http().put("/api/v1/users/" + target.userId(),
                    json("status", "inactive")), "pbx_admin deactivating " + target.role());
            UsersRecord row = TestData.userRow(app.dsl(), team.organizationId(), target.userId());
            assertEquals("Test " + target.role().wire(), row.getName());
            assertEquals("active", row.getStatus());
            // the target's token survived: nothing was revoked
            assertEquals(200, target.http().get("/api/v1/auth/me").status());
        }
    }

    @Test
    void every_role_may_update_its_own_profile_fields_through_its_user_record() {
        Team team = Identity.team(app, "Perm Self Update Org");

        for (Role role : Role.values()) {
            Member member = team.as(role);
            Response response = member.http().put("/api/v1/users/" + member.userId(),
                    json("name", "Self " + role.wire(), "phone", "+15550100", "role", role.wire(), "status", "active"));
            assertEquals(200, response.status(), role + ": " + response.body());
            assertEquals("Self " + role.wire(), response.json().path("data").path("name").asText());
            assertEquals("+15550100", TestData.userRow(app.dsl(), team.organizationId(), member.userId()).getPhone());
            assertEquals(role.wire(), TestData.userRow(app.dsl(), team.organizationId(), member.userId()).getRole());
        }
    }

    @Test
    void changing_ones_own_role_through_the_user_record_is_403() {
        Team team = Identity.team(app, "Perm Self Role Org");

        for (Role role : Role.values()) {
            Member member = team.as(role);
            String other = role == Role.REPORTER ? "pbx_user" : "reporter";
            Response response = member.http().put("/api/v1/users/" + member.userId(), json("role", other));
            assertForbidden(response, "You cannot change your own role.", role + " changing its own role");
            assertEquals(role.wire(), TestData.userRow(app.dsl(), team.organizationId(), member.userId()).getRole());
        }
    }

    @Test
    void changing_ones_own_status_through_the_user_record_is_403() {
        Team team = Identity.team(app, "Perm Self Status Org");

        for (Role role : Role.values()) {
            Member member = team.as(role);
            Response response = member.http().send("PATCH", "/api/v1/users/" + member.userId(),
                    json("status", "inactive"), "application/json", Map.of());
            assertForbidden(response, "You cannot change your own status.", role + " changing its own status");
            assertEquals("active", TestData.userRow(app.dsl(), team.organizationId(), member.userId()).getStatus());
            assertEquals(200, member.http().get("/api/v1/auth/me").status());
        }
    }

    @Test
    void setting_ones_own_password_through_the_user_record_is_403() {
        Team team = Identity.team(app, "Perm Self Password Org");

        for (Role role : Role.values()) {
            Member member = team.as(role);
            String hashBefore = TestData.userRow(app.dsl(), team.organizationId(), member.userId()).getPasswordHash();
            Response response = member.http().put("/api/v1/users/" + member.userId(), json("password", NEW_PASSWORD));
            assertForbidden(response, "Use the profile page to change your own password.",
                    role + " setting its own password");
            assertEquals(hashBefore, TestData.userRow(app.dsl(), team.organizationId(), member.userId()).getPasswordHash());
            assertEquals(200, member.http().get("/api/v1/auth/me").status());
        }
    }

    @Test
    void pbx_user_and_reporter_updating_another_user_is_403() {
        Team team = Identity.team(app, "Perm Update Other Org");

        for (Member actor : List.of(team.user(), team.reporter())) {
            for (Role role : Role.values()) {
                Member target = team.as(role);
                if (target.userId() == actor.userId()) {
                    continue;
                }
                assertForbidden(actor.http().put("/api/v1/users/" + target.userId(), json("name", "Changed By Peer")),
                        actor.role() + " updating " + role);
                assertEquals("Test " + role.wire(), TestData.userRow(app.dsl(), team.organizationId(), target.userId()).getName());
            }
        }
    }

    @Test
    void a_role_change_applies_to_the_next_request_without_revoking_the_token() {
        Team team = Identity.team(app, "Perm Role Effect Org");
        assertEquals(200, team.admin().http().get("/api/v1/users").status());
        assertForbidden(team.user().http().get("/api/v1/users"), "pbx_user before promotion");

        assertEquals(200, team.owner().http().put("/api/v1/users/" + team.admin().userId(), json("role", "reporter"))
                .status());
        assertEquals(200, team.owner().http().put("/api/v1/users/" + team.user().userId(), json("role", "pbx_admin"))
                .status());

        assertForbidden(team.admin().http().get("/api/v1/users"), "pbx_admin demoted to reporter");
        Response me = team.admin().http().get("/api/v1/auth/me");
        assertEquals(200, me.status(), me.body());
        assertEquals("reporter", me.json().path("user").path("role").asText());
        assertEquals(200, team.user().http().get("/api/v1/users").status(), "pbx_user promoted to pbx_admin");
        assertEquals(1, TestData.tokenCount(app.dsl(), team.organizationId(), team.admin().userId()));
        assertEquals(1, TestData.tokenCount(app.dsl(), team.organizationId(), team.user().userId()));
    }

    // ---------------------------------------------------------------- delete

    @Test
    void deleting_ones_own_account_is_403() {
        Team team = Identity.team(app, "Perm Self Delete Org");

        for (Member member : List.of(team.owner(), team.admin())) {
            Response response = member.http().delete("/api/v1/users/" + member.userId());
            assertForbidden(response, "You cannot delete your own account.", member.role() + " deleting itself");
            assertNull(TestData.userRow(app.dsl(), team.organizationId(), member.userId()).getDeletedAt());
        }
        // pbx_user and reporter are refused by the permission check before any row rule
        for (Member member : List.of(team.user(), team.reporter())) {
            assertForbidden(member.http().delete("/api/v1/users/" + member.userId()), member.role() + " deleting itself");
            assertNull(TestData.userRow(app.dsl(), team.organizationId(), member.userId()).getDeletedAt());
        }
    }

    @Test
    void pbx_admin_deleting_the_owner_or_another_pbx_admin_is_403() {
        Team team = Identity.team(app, "Perm Admin Delete Owner Org");
        Member secondAdmin = Identity.member(app, team.organizationId(), Role.PBX_ADMIN);

        for (Member target : List.of(team.owner(), secondAdmin)) {
            assertForbidden(team.admin().http().delete("/api/v1/users/" + target.userId()),
                    "pbx_admin deleting " + target.role());
            assertNull(TestData.userRow(app.dsl(), team.organizationId(), target.userId()).getDeletedAt());
            assertEquals(200, target.http().get("/api/v1/auth/me").status());
        }
    }

    @Test
    void pbx_admin_may_delete_pbx_user_and_reporter_targets() {
        Team team = Identity.team(app, "Perm Admin Delete Org");

        for (Member target : List.of(team.user(), team.reporter())) {
            Response response = team.admin().http().delete("/api/v1/users/" + target.userId());
            assertEquals(204, response.status(), target.role() + ": " + response.body());
            assertNotNull(TestData.userRow(app.dsl(), team.organizationId(), target.userId()).getDeletedAt());
        }
    }

    @Test
    void pbx_user_and_reporter_may_not_delete_anyone() {
        Team team = Identity.team(app, "Perm No Delete Org");

        for (Member actor : List.of(team.user(), team.reporter())) {
            for (Role role : Role.values()) {
                Member target = team.as(role);
                assertForbidden(actor.http().delete("/api/v1/users/" + target.userId()),
                        actor.role() + " deleting " + role);
                assertNull(TestData.userRow(app.dsl(), team.organizationId(), target.userId()).getDeletedAt());
            }
        }
    }

    @Test
    void owner_deleting_a_pbx_user_answers_204_and_the_user_is_gone_with_its_tokens() {
        Team team = Identity.team(app, "Perm Owner Delete Org");
        Member target = team.user();
        assertEquals(1, TestData.tokenCount(app.dsl(), team.organizationId(), target.userId()));

        Response response = team.owner().http().delete("/api/v1/users/" + target.userId());

        assertEquals(204, response.status(), response.body());
        assertEquals("", response.body());
        Response show = team.owner().http().get("/api/v1/users/" + target.userId());
        assertEquals(404, show.status(), show.body());
        assertEquals("NOT_FOUND", show.json().path("error").path("code").asText());
        assertEquals("User not found.", show.json().path("message").asText());
        assertEquals(0, TestData.tokenCount(app.dsl(), team.organizationId(), target.userId()));
        assertEquals(401, target.http().get("/api/v1/auth/me").status());
        assertNotNull(TestData.userRow(app.dsl(), team.organizationId(), target.userId()).getDeletedAt());
        Response login = app.http().postJson("/api/v1/auth/login",
                json("email", target.email(), "password", Identity.PASSWORD));
        assertEquals(401, login.status(), login.body());
    }

    // ---------------------------------------------------------------- restore

    @Test
    void owner_may_restore_a_deleted_user_of_any_role_below_owner() {
        Team team = Identity.team(app, "Perm Owner Restore Org");

        for (Member target : List.of(team.admin(), team.user(), team.reporter())) {
            assertEquals(204, team.owner().http().delete("/api/v1/users/" + target.userId()).status());
            Response response = team.owner().http().post("/api/v1/users/" + target.userId() + "/restore");
            assertEquals(200, response.status(), target.role() + ": " + response.body());
            assertEquals("User restored successfully.", response.json().path("message").asText());
            assertEquals(target.userId(), response.json().path("data").path("id").asLong());
            assertNull(TestData.userRow(app.dsl(), team.organizationId(), target.userId()).getDeletedAt());
        }
    }

    @Test
    void pbx_admin_may_restore_pbx_user_and_reporter_but_not_a_pbx_admin() {
        Team team = Identity.team(app, "Perm Admin Restore Org");
        Member secondAdmin = Identity.member(app, team.organizationId(), Role.PBX_ADMIN);
        for (Member target : List.of(team.user(), team.reporter(), secondAdmin)) {
            assertEquals(204, team.owner().http().delete("/api/v1/users/" + target.userId()).status());
        }

        for (Member target : List.of(team.user(), team.reporter())) {
            Response response = team.admin().http().post("/api/v1/users/" + target.userId() + "/restore");
            assertEquals(200, response.status(), target.role() + ": " + response.body());
            assertNull(TestData.userRow(app.dsl(), team.organizationId(), target.userId()).getDeletedAt());
        }
        assertForbidden(team.admin().http().post("/api/v1/users/" + secondAdmin.userId() + "/restore"),
                "pbx_admin restoring a pbx_admin");
        assertNotNull(TestData.userRow(app.dsl(), team.organizationId(), secondAdmin.userId()).getDeletedAt());
    }

    @Test
    void pbx_admin_may_not_restore_a_deleted_owner() {
        Team team = Identity.team(app, "Perm Admin Restore Owner Org");
        long secondOwner = Identity.insertUser(app.dsl(), team.organizationId(), Role.OWNER, uniqueEmail("owner2"));
        assertEquals(204, team.owner().http().delete("/api/v1/users/" + secondOwner).status());

        assertForbidden(team.admin().http().post("/api/v1/users/" + secondOwner + "/restore"), "pbx_admin restoring an owner");
        assertNotNull(TestData.userRow(app.dsl(), team.organizationId(), secondOwner).getDeletedAt());

        Response byOwner = team.owner().http().post("/api/v1/users/" + secondOwner + "/restore");
        assertEquals(200, byOwner.status(), byOwner.body());
        assertNull(TestData.userRow(app.dsl(), team.organizationId(), secondOwner).getDeletedAt());
    }

    @Test
    void pbx_user_and_reporter_may_not_restore_users() {
        Team team = Identity.team(app, "Perm No Restore Org");
        Member deleted = Identity.member(app, team.organizationId(), Role.PBX_USER);
        assertEquals(204, team.owner().http().delete("/api/v1/users/" + deleted.userId()).status());

        for (Member actor : List.of(team.user(), team.reporter())) {
            assertForbidden(actor.http().post("/api/v1/users/" + deleted.userId() + "/restore"),
                    actor.role() + " restoring");
        }
        assertNotNull(TestData.userRow(app.dsl(), team.organizationId(), deleted.userId()).getDeletedAt());
    }

    // ---------------------------------------------------------------- helpers

    private Response create(Member creator, String role) {
        return creator.http().postJson("/api/v1/users", json(
                "name", "New " + role, "email", uniqueEmail(role.replace('_', '-')), "password", NEW_PASSWORD,
                "role", role));
    }

    private static void assertForbidden(Response response, String what) {
        assertForbidden(response, null, what);
    }

    private static void assertForbidden(Response response, String message, String what) {
        assertEquals(403, response.status(), what + ": " + response.body());
        JsonNode body = response.json();
        assertEquals("FORBIDDEN", body.path("error").path("code").asText(), what + ": " + response.body());
        if (message != null) {
            assertEquals(message, body.path("message").asText(), what);
            assertEquals(message, body.path("error").path("message").asText(), what);
        }
        assertFalse(body.has("errors"), what);
    }

    private static void assertValidation(Response response, String field, String message) {
        assertEquals(422, response.status(), response.body());
        JsonNode body = response.json();
        assertEquals("VALIDATION_FAILED", body.path("error").path("code").asText());
        assertEquals(List.of(message), MAPPER.convertValue(body.path("errors").path(field), List.class), response.body());
    }

}
