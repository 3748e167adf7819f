package opbx.profile;

import opbx.support.TestData;
import static opbx.support.TestData.json;
import static opbx.support.TestData.fieldNames;
import static opbx.db.gen.Tables.API_TOKENS;
import static opbx.db.gen.Tables.AUDIT_LOG;
import static opbx.db.gen.Tables.EXTENSIONS;
import static opbx.db.gen.Tables.ORGANIZATIONS;
import static opbx.db.gen.Tables.USERS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import opbx.db.gen.tables.records.OrganizationsRecord;
import opbx.db.gen.tables.records.UsersRecord;
import opbx.support.HttpTestClient;
import opbx.support.HttpTestClient.Response;
import opbx.support.Identity;
import opbx.support.Identity.Member;
import opbx.support.Identity.Team;
import opbx.support.TestApp;
import org.junit.jupiter.api.Test;

/** /api/v1/profile, /profile/password, /profile/organization and inactive accounts (control-plane spec §1.1-1.4). */
class ProfileTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String TIMESTAMP = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z";
    private static final String POLICY = "The password must be at least 8 characters and contain upper-case and "
            + "lower-case letters and a number.";

    private final TestApp app = TestApp.shared();

    // ---------------------------------------------------------------- GET /profile

    @Test
    void the_profile_is_the_user_with_its_organization_and_a_null_extension() {
        Team team = Identity.team(app, "Profile Shape Org");

        for (Member member : List.of(team.owner(), team.admin(), team.user(), team.reporter())) {
            Response response = member.http().get("/api/v1/profile");
            assertEquals(200, response.status(), member.role() + ": " + response.body());
            JsonNode user = response.json().path("user");
            for (String field : List.of("id", "organization_id", "name", "email", "role", "status", "phone",
                    "street_address", "city", "state_province", "postal_code", "country", "created_at", "updated_at",
                    "organization", "extension")) {
                assertTrue(user.has(field), field + " missing in " + user);
            }
            assertEquals(member.userId(), user.path("id").asLong());
            assertEquals(team.organizationId(), user.path("organization_id").asLong());
            assertEquals(member.email(), user.path("email").asText());
            assertEquals(member.role().wire(), user.path("role").asText());
            assertEquals("active", user.path("status").asText());
            assertTrue(user.path("phone").isNull());
            assertTrue(user.path("created_at").asText().matches(TIMESTAMP), user.toString());
            assertTrue(user.path("updated_at").asText().matches(TIMESTAMP), user.toString());
            assertTrue(user.path("extension").isNull(), user.toString());
            assertFalse(response.body().contains("password"), response.body());

            JsonNode organization = user.path("organization");
            assertEquals(Set.of("id", "name", "slug", "status", "timezone", "default_country"), fieldNames(organization));
            assertEquals(team.organizationId(), organization.path("id").asLong());
            assertEquals("Profile Shape Org", organization.path("name").asText());
            assertTrue(organization.path("slug").asText().startsWith("profile-shape-org-"), organization.toString());
            assertEquals("active", organization.path("status").asText());
            assertEquals("UTC", organization.path("timezone").asText());
            assertEquals("US", organization.path("default_country").asText());
        }
    }

    @Test
    void the_profile_extension_is_the_lowest_numbered_non_deleted_one() {
        Team team = Identity.team(app, "Profile Extension Org");
        extension(team, team.user().userId(), "1001", false, false);
        long lowest = extension(team, team.user().userId(), "999", true, false);
        extension(team, team.user().userId(), "100", false, true);

        Response response = team.user().http().get("/api/v1/profile");

        assertEquals(200, response.status(), response.body());
        JsonNode extension = response.json().path("user").path("extension");
        assertEquals(Set.of("id", "extension_number", "type", "status", "voicemail_enabled"), fieldNames(extension));
        assertEquals(lowest, extension.path("id").asLong());
        assertEquals("999", extension.path("extension_number").asText());
        assertEquals("user", extension.path("type").asText());
        assertEquals("active", extension.path("status").asText());
        assertTrue(extension.path("voicemail_enabled").isBoolean());
        assertTrue(extension.path("voicemail_enabled").asBoolean());
        assertTrue(team.owner().http().get("/api/v1/profile").json().path("user").path("extension").isNull());
    }

    // ---------------------------------------------------------------- PUT /profile

    @Test
    void updating_the_profile_changes_name_and_address_and_returns_the_user_with_its_organization() {
        Team team = Identity.team(app, "Profile Update Org");
        Member member = team.reporter();

        Response response = member.http().put("/api/v1/profile", json(
                "name", "Rita Reporter", "phone", "+4930123456", "street_address", "Unter den Linden 1",
                "city", "Berlin", "state_province", "BE", "postal_code", "10117", "country", "DE"));

        assertEquals(200, response.status(), response.body());
        assertEquals("Profile updated successfully.", response.json().path("message").asText());
        JsonNode user = response.json().path("user");
        assertEquals("Rita Reporter", user.path("name").asText());
        assertEquals("Unter den Linden 1", user.path("street_address").asText());
        assertEquals("Berlin", user.path("city").asText());
        assertEquals("10117", user.path("postal_code").asText());
        assertEquals(team.organizationId(), user.path("organization").path("id").asLong());
        assertEquals("Profile Update Org", user.path("organization").path("name").asText());
        assertTrue(user.has("extension"), user.toString());

        UsersRecord row = TestData.userRow(app.dsl(), team.organizationId(), member.userId());
        assertEquals("Rita Reporter", row.getName());
        assertEquals("+4930123456", row.getPhone());
        assertEquals("BE", row.getStateProvince());
        assertEquals("DE", row.getCountry());
        assertEquals("reporter", row.getRole());
        assertEquals(1, app.dsl().fetchCount(AUDIT_LOG, AUDIT_LOG.ORGANIZATION_ID.eq(team.organizationId())
                .and(AUDIT_LOG.ACTION.eq("user.updated"))
                .and(AUDIT_LOG.ENTITY_ID.eq(String.valueOf(member.userId())))));

        JsonNode again = member.http().get("/api/v1/profile").json().path("user");
        assertEquals("Rita Reporter", again.path("name").asText());
        assertEquals("DE", again.path("country").asText());
    }

    @Test
    void the_same_role_in_a_profile_update_is_ignored_and_a_different_one_is_403() {
        Team team = Identity.team(app, "Profile Role Org");
        Member member = team.user();

        Response same = member.http().put("/api/v1/profile", json("role", "pbx_user", "name", "Same Role"));
        assertEquals(200, same.status(), same.body());
        assertEquals("Same Role", TestData.userRow(app.dsl(), team.organizationId(), member.userId()).getName());

        for (String role : List.of("pbx_admin", "owner", "reporter")) {
            Response different = member.http().put("/api/v1/profile", json("role", role, "name", "Escalated"));
            assertEquals(403, different.status(), role + ": " + different.body());
            assertEquals("FORBIDDEN", different.json().path("error").path("code").asText());
            assertEquals("You cannot change your own role.", different.json().path("message").asText());
        }
        UsersRecord row = TestData.userRow(app.dsl(), team.organizationId(), member.userId());
        assertEquals("pbx_user", row.getRole());
        assertEquals("Same Role", row.getName());
    }

    @Test
    void status_and_password_sent_to_the_profile_are_ignored() {
        Team team = Identity.team(app, "Profile Ignore Org");
        Member member = team.admin();
        String hash = TestData.userRow(app.dsl(), team.organizationId(), member.userId()).getPasswordHash();

        Response response = member.http().put("/api/v1/profile",
                json("status", "inactive", "password", "Ignor3dPass", "city", "Rome"));

        assertEquals(200, response.status(), response.body());
        UsersRecord row = TestData.userRow(app.dsl(), team.organizationId(), member.userId());
        assertEquals("active", row.getStatus());
        assertEquals(hash, row.getPasswordHash());
        assertEquals("Rome", row.getCity());
        assertEquals(200, member.http().get("/api/v1/auth/me").status());
    }

    @Test
    void an_invalid_profile_update_is_422_on_each_field() {
        Team team = Identity.team(app, "Profile Invalid Org");
        Member member = team.user();

        Response response = member.http().put("/api/v1/profile", json(
                "name", "X", "email", "nope", "postal_code", "1".repeat(21), "country", "C".repeat(101)));

        assertEquals(422, response.status(), response.body());
        JsonNode errors = response.json().path("errors");
        assertEquals(List.of("The name must be at least 2 characters."), strings(errors.path("name")));
        assertEquals(List.of("The email must be a valid email address."), strings(errors.path("email")));
        assertEquals(List.of("The postal code must not be greater than 20 characters."),
                strings(errors.path("postal_code")));
        assertEquals(List.of("The country must not be greater than 100 characters."), strings(errors.path("country")));
        assertEquals("Test pbx_user", TestData.userRow(app.dsl(), team.organizationId(), member.userId()).getName());

        Response taken = member.http().put("/api/v1/profile", json("email", team.owner().email()));
        assertEquals(422, taken.status(), taken.body());
        assertEquals(List.of("The email has already been taken."), strings(taken.json().path("errors").path("email")));

        Response emptyName = member.http().put("/api/v1/profile", json("name", ""));
        assertEquals(422, emptyName.status(), emptyName.body());
        assertEquals(List.of("The name field is required."), strings(emptyName.json().path("errors").path("name")));
    }

    @Test
    void the_own_email_may_be_resent_in_another_case_and_is_stored_lower_case() {
        Team team = Identity.team(app, "Profile Email Org");
        Member member = team.user();
        String fresh = "Fresh-" + member.userId() + "-" + team.organizationId() + "@Example.ORG";

        Response same = member.http().put("/api/v1/profile", json("email", member.email().toUpperCase()));
        assertEquals(200, same.status(), same.body());
        assertEquals(member.email(), TestData.userRow(app.dsl(), team.organizationId(), member.userId()).getEmail());

        Response changed = member.http().put("/api/v1/profile", json("email", fresh, "current_password", Identity.PASSWORD));
        assertEquals(200, changed.status(), changed.body());
        assertEquals(fresh.toLowerCase(), changed.json().path("user").path("email").asText());
        assertEquals(fresh.toLowerCase(), TestData.userRow(app.dsl(), team.organizationId(), member.userId()).getEmail());
        assertFalse(Identity.login(app, fresh, Identity.PASSWORD).isEmpty());
    }

    // ---------------------------------------------------------------- PUT /profile/password

    @Test
    void a_wrong_current_password_is_422_on_current_password() {
        Team team = Identity.team(app, "Profile Wrong Current Org");
        String hash = TestData.userRow(app.dsl(), team.organizationId(), team.user().userId()).getPasswordHash();

        Response response = team.user().http().put("/api/v1/profile/password", json(
                "current_password", "Wrong1234", "new_password", "Fresh1234x", "new_password_confirmation", "Fresh1234x"));

        assertEquals(422, response.status(), response.body());
        assertEquals(List.of("The current password is incorrect."),
                strings(response.json().path("errors").path("current_password")));
        assertEquals(hash, TestData.userRow(app.dsl(), team.organizationId(), team.user().userId()).getPasswordHash());
        assertEquals(200, team.user().http().get("/api/v1/auth/me").status());
    }

    @Test
    void a_mismatched_confirmation_a_weak_or_an_unchanged_password_is_422_on_new_password() {
        Team team = Identity.team(app, "Profile Mismatch Org");
        HttpTestClient http = team.user().http();

        Response mismatch = http.put("/api/v1/profile/password", json("current_password", Identity.PASSWORD,
                "new_password", "Fresh1234x", "new_password_confirmation", "Fresh1234y"));
        assertEquals(422, mismatch.status(), mismatch.body());
        assertEquals(List.of("The new password confirmation does not match."),
                strings(mismatch.json().path("errors").path("new_password")));
        assertFalse(mismatch.json().path("errors").has("current_password"));

        Response missing = http.put("/api/v1/profile/password", json("current_password", Identity.PASSWORD,
                "new_password", "Fresh1234x"));
        assertEquals(422, missing.status(), missing.body());
        assertEquals(List.of("The new password confirmation does not match."),
                strings(missing.json().path("errors").path("new_password")));

        Response weak = http.put("/api/v1/profile/password", json("current_password", Identity.PASSWORD,
                "new_password", "weak", "new_password_confirmation", "weak"));
        assertEquals(422, weak.status(), weak.body());
        assertEquals(List.of(POLICY), strings(weak.json().path("errors").path("new_password")));

        Response unchanged = http.put("/api/v1/profile/password", json("current_password", Identity.PASSWORD,
                "new_password", Identity.PASSWORD, "new_password_confirmation", Identity.PASSWORD));
        assertEquals(422, unchanged.status(), unchanged.body());
        assertTrue(unchanged.json().path("errors").has("new_password"), unchanged.body());

        Response empty = http.put("/api/v1/profile/password", "{}");
        assertEquals(422, empty.status(), empty.body());
        assertEquals(List.of("The current password field is required."),
                strings(empty.json().path("errors").path("current_password")));
        assertEquals(List.of("The new password field is required."),
                strings(empty.json().path("errors").path("new_password")));

        assertEquals(200, http.get("/api/v1/auth/me").status(), "nothing was revoked");
    }

    @Test
    void changing_the_password_revokes_every_token_and_the_new_password_logs_in() {
        Team team = Identity.team(app, "Profile Password Org");
        Member member = team.admin();
        String newPassword = "Changed1234pw";
        String oldHash = TestData.userRow(app.dsl(), team.organizationId(), member.userId()).getPasswordHash();

        Response response = member.http().put("/api/v1/profile/password", json("current_password", Identity.PASSWORD,
                "new_password", newPassword, "new_password_confirmation", newPassword));

        assertEquals(200, response.status(), response.body());
        assertEquals("Password updated successfully. Please log in again with your new password.",
                response.json().path("message").asText());
        Response after = member.http().get("/api/v1/auth/me");
        assertEquals(401, after.status(), after.body());
        assertEquals(0, app.dsl().fetchCount(API_TOKENS, API_TOKENS.ORGANIZATION_ID.eq(team.organizationId())
                .and(API_TOKENS.USER_ID.eq(member.userId()))));
        UsersRecord row = TestData.userRow(app.dsl(), team.organizationId(), member.userId());
        assertNotEquals(oldHash, row.getPasswordHash());
        assertNotNull(row.getPasswordChangedAt());

        Response oldLogin = app.http().postJson("/api/v1/auth/login",
                json("email", member.email(), "password", Identity.PASSWORD));
        assertEquals(401, oldLogin.status(), oldLogin.body());
        String token = Identity.login(app, member.email(), newPassword);
        assertEquals(200, app.http().withToken(token).get("/api/v1/profile").status());
        assertEquals(1, app.dsl().fetchCount(AUDIT_LOG, AUDIT_LOG.ORGANIZATION_ID.eq(team.organizationId())
                .and(AUDIT_LOG.ACTION.eq("auth.password_changed"))
                .and(AUDIT_LOG.ENTITY_ID.eq(String.valueOf(member.userId())))));
    }

    // ---------------------------------------------------------------- PUT /profile/organization

    @Test
    void only_the_owner_may_update_the_organization() {
        Team team = Identity.team(app, "Profile Org Perm Org");

        for (Member member : List.of(team.admin(), team.user(), team.reporter())) {
            Response response = member.http().put("/api/v1/profile/organization", json("name", "Taken Over"));
            assertEquals(403, response.status(), member.role() + ": " + response.body());
            assertEquals("FORBIDDEN", response.json().path("error").path("code").asText());
        }
        assertEquals("Profile Org Perm Org", organization(team).getName());
    }

    @Test
    void an_invalid_timezone_or_country_is_422_on_its_field() {
        Team team = Identity.team(app, "Profile Org Invalid Org");
        HttpTestClient owner = team.owner().http();

        for (String timezone : List.of("+02:00", "Mars/Base", "GMT+2", "Z", "not a zone")) {
            Response response = owner.put("/api/v1/profile/organization", json("timezone", timezone));
            assertEquals(422, response.status(), timezone + ": " + response.body());
            assertTrue(response.json().path("errors").has("timezone"), timezone + ": " + response.body());
        }
        for (String country : List.of("XX", "USA", "1", "ZZ")) {
            Response response = owner.put("/api/v1/profile/organization", json("default_country", country));
            assertEquals(422, response.status(), country + ": " + response.body());
            assertTrue(response.json().path("errors").has("default_country"), country + ": " + response.body());
        }
        Response name = owner.put("/api/v1/profile/organization", json("name", "A"));
        assertEquals(422, name.status(), name.body());
        assertEquals(List.of("The name must be at least 2 characters."), strings(name.json().path("errors").path("name")));

        OrganizationsRecord row = organization(team);
        assertEquals("Profile Org Invalid Org", row.getName());
        assertEquals("UTC", row.getTimezone());
    }

    @Test
    void the_owner_updates_name_timezone_and_default_country_and_the_slug_stays() {
        Team team = Identity.team(app, "Profile Org Update Org");
        String slug = organization(team).getSlug();
        OffsetDateTime updatedBefore = organization(team).getUpdatedAt();

        Response response = team.owner().http().put("/api/v1/profile/organization",
                json("name", "Renamed Org", "timezone", "Europe/Berlin", "default_country", "de"));

        assertEquals(200, response.status(), response.body());
        assertEquals("Organization updated successfully.", response.json().path("message").asText());
        JsonNode organization = response.json().path("organization");
        assertEquals(team.organizationId(), organization.path("id").asLong());
        assertEquals("Renamed Org", organization.path("name").asText());
        assertEquals(slug, organization.path("slug").asText());
        assertEquals("active", organization.path("status").asText());
        assertEquals("Europe/Berlin", organization.path("timezone").asText());
        assertEquals("DE", organization.path("default_country").asText());
        assertTrue(organization.path("updated_at").asText().matches(TIMESTAMP), organization.toString());

        OrganizationsRecord row = organization(team);
        assertEquals("Renamed Org", row.getName());
        assertEquals("Europe/Berlin", row.getTimezone());
        assertEquals(slug, row.getSlug());
        assertTrue(row.getSettings().data().contains("\"DE\""), row.getSettings().data());
        assertFalse(row.getUpdatedAt().isBefore(updatedBefore));

        JsonNode seen = team.reporter().http().get("/api/v1/profile").json().path("user").path("organization");
        assertEquals("Renamed Org", seen.path("name").asText());
        assertEquals("Europe/Berlin", seen.path("timezone").asText());
        assertEquals("DE", seen.path("default_country").asText());

        Response utc = team.owner().http().put("/api/v1/profile/organization", json("timezone", "UTC"));
        assertEquals(200, utc.status(), utc.body());
        assertEquals("UTC", utc.json().path("organization").path("timezone").asText());
        assertEquals("Renamed Org", utc.json().path("organization").path("name").asText(), "absent fields are kept");
        assertEquals("DE", utc.json().path("organization").path("default_country").asText());
        assertEquals(2, app.dsl().fetchCount(AUDIT_LOG, AUDIT_LOG.ORGANIZATION_ID.eq(team.organizationId())
                .and(AUDIT_LOG.ACTION.eq("organization.updated"))));
    }

    // ---------------------------------------------------------------- inactive user and organisation

    @Test
    void a_user_set_inactive_cannot_log_in() {
        Team team = Identity.team(app, "Profile Inactive User Org");
        Member member = team.user();

        Response deactivate = team.owner().http().put("/api/v1/users/" + member.userId(), json("status", "inactive"));
        assertEquals(200, deactivate.status(), deactivate.body());

        assertEquals(401, member.http().get("/api/v1/profile").status());
        Response login = app.http().postJson("/api/v1/auth/login",
                json("email", member.email(), "password", Identity.PASSWORD));
        assertEquals(403, login.status(), login.body());
        assertEquals("ACCOUNT_INACTIVE", login.json().path("error").path("code").asText());
        assertEquals("Your account is not active. Please contact support.", login.json().path("message").asText());
        assertFalse(login.json().has("access_token"));
        assertEquals(0, app.dsl().fetchCount(API_TOKENS, API_TOKENS.ORGANIZATION_ID.eq(team.organizationId())
                .and(API_TOKENS.USER_ID.eq(member.userId()))));
    }

    @Test
    void an_inactive_users_surviving_token_is_401_account_inactive() {
        Team team = Identity.team(app, "Profile Inactive Token Org");
        Member member = team.reporter();
        // set inactive behind the API's back, so the token survives
        app.dsl().update(USERS).set(USERS.STATUS, "inactive")
                .where(USERS.ORGANIZATION_ID.eq(team.organizationId())).and(USERS.ID.eq(member.userId())).execute();

        Response response = member.http().get("/api/v1/profile");

        assertEquals(401, response.status(), response.body());
        assertEquals("ACCOUNT_INACTIVE", response.json().path("error").path("code").asText());
        assertEquals("Your account is not active.", response.json().path("message").asText());
        assertEquals(0, app.dsl().fetchCount(API_TOKENS, API_TOKENS.ORGANIZATION_ID.eq(team.organizationId())
                .and(API_TOKENS.USER_ID.eq(member.userId()))), "the token of an inactive user is deleted when seen");

        app.dsl().update(USERS).set(USERS.STATUS, "active")
                .where(USERS.ORGANIZATION_ID.eq(team.organizationId())).and(USERS.ID.eq(member.userId())).execute();
        Response again = member.http().get("/api/v1/profile");
        assertEquals(401, again.status(), again.body());
        assertEquals("UNAUTHENTICATED", again.json().path("error").path("code").asText());
    }

    @Test
    void a_suspended_organization_refuses_its_tokens_and_its_logins() {
        Team team = Identity.team(app, "Profile Suspended Org");
        app.dsl().update(ORGANIZATIONS).set(ORGANIZATIONS.STATUS, "suspended")
                .where(ORGANIZATIONS.ID.eq(team.organizationId())).execute();

        for (Member member : List.of(team.owner(), team.admin(), team.user(), team.reporter())) {
            Response response = member.http().get("/api/v1/profile");
            assertEquals(401, response.status(), member.role() + ": " + response.body());
            assertEquals("ORGANIZATION_INACTIVE", response.json().path("error").path("code").asText());
            assertEquals("Your organization is not active.", response.json().path("message").asText());

            Response login = app.http().postJson("/api/v1/auth/login",
                    json("email", member.email(), "password", Identity.PASSWORD));
            assertEquals(403, login.status(), member.role() + ": " + login.body());
            assertEquals("ORGANIZATION_INACTIVE", login.json().path("error").path("code").asText());
            assertEquals("Your organization is not active. Please contact support.",
                    login.json().path("message").asText());
        }

        app.dsl().update(ORGANIZATIONS).set(ORGANIZATIONS.STATUS, "active")
                .where(ORGANIZATIONS.ID.eq(team.organizationId())).execute();
        assertEquals(200, team.owner().http().get("/api/v1/profile").status(), "the token works again");
    }

    // ---------------------------------------------------------------- helpers

    private long extension(Team team, long userId, String number, boolean voicemail, boolean deleted) {
        return app.dsl().insertInto(EXTENSIONS)
                .set(EXTENSIONS.ORGANIZATION_ID, team.organizationId())
                .set(EXTENSIONS.USER_ID, userId)
                .set(EXTENSIONS.EXTENSION_NUMBER, number)
                .set(EXTENSIONS.TYPE, "user")
                .set(EXTENSIONS.VOICEMAIL_ENABLED, voicemail)
                .set(EXTENSIONS.SIP_PASSWORD, "v1:not-read-by-these-tests")
                .set(EXTENSIONS.DELETED_AT, deleted ? OffsetDateTime.now() : null)
                .returning(EXTENSIONS.ID)
                .fetchOne(EXTENSIONS.ID);
    }

    private OrganizationsRecord organization(Team team) {
        return app.dsl().selectFrom(ORGANIZATIONS).where(ORGANIZATIONS.ID.eq(team.organizationId())).fetchOne();
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

}
