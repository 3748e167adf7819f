package opbx.users;

import opbx.support.TestData;
import static opbx.support.TestData.json;
import static opbx.support.TestData.uniqueEmail;
import static opbx.support.TestData.fieldNames;
import static opbx.db.gen.Tables.AUDIT_LOG;
import static opbx.db.gen.Tables.EXTENSIONS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import opbx.access.Role;
import opbx.db.gen.tables.records.UsersRecord;
import opbx.support.HttpTestClient;
import opbx.support.HttpTestClient.Response;
import opbx.support.Identity;
import opbx.support.Identity.Team;
import opbx.support.TestApp;
import org.junit.jupiter.api.Test;

/** /api/v1/users: create, validation, partial update, list, soft delete and restore (control-plane spec §3.1). */
class UserCrudTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String TIMESTAMP = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z";
    private static final String PASSWORD = "Str0ngPassw0rd";

    private final TestApp app = TestApp.shared();

    // ---------------------------------------------------------------- create

    @Test
    void create_with_every_field_answers_201_with_the_full_user_object() {
        Team team = Identity.team(app, "Crud Create Org");
        String email = uniqueEmail("jane");

        Response response = team.owner().http().postJson("/api/v1/users", json(
                "name", "  Jane Roe  ", "email", email, "password", PASSWORD, "role", "pbx_user", "status", "active",
                "phone", "+15550101", "street_address", "1 Main Street", "city", "Springfield",
                "state_province", "IL", "postal_code", "62701", "country", "US",
                "organization_id", 999999, "id", 424242));

        assertEquals(201, response.status(), response.body());
        JsonNode body = response.json();
        assertEquals("User created successfully.", body.path("message").asText());
        JsonNode data = body.path("data");
        Set<String> expectedKeys = Set.of("id", "organization_id", "name", "email", "role", "status", "phone",
                "street_address", "city", "state_province", "postal_code", "country", "extension", "last_login_at",
                "created_at", "updated_at", "deleted_at");
        assertEquals(new TreeSet<>(expectedKeys), fieldNames(data), data.toString());
        long id = data.path("id").asLong();
        assertTrue(id > 0);
        assertTrue(id != 424242, "the id in the body is ignored");
        assertEquals(team.organizationId(), data.path("organization_id").asLong());
        assertEquals("Jane Roe", data.path("name").asText());
        assertEquals(email, data.path("email").asText());
        assertEquals("pbx_user", data.path("role").asText());
        assertEquals("active", data.path("status").asText());
        assertEquals("+15550101", data.path("phone").asText());
        assertEquals("1 Main Street", data.path("street_address").asText());
        assertEquals("Springfield", data.path("city").asText());
        assertEquals("IL", data.path("state_province").asText());
        assertEquals("62701", data.path("postal_code").asText());
        assertEquals("US", data.path("country").asText());
        assertTrue(data.path("extension").isNull(), data.toString());
        assertTrue(data.path("last_login_at").isNull(), data.toString());
        assertTrue(data.path("deleted_at").isNull(), data.toString());
        assertTrue(data.path("created_at").asText().matches(TIMESTAMP), data.path("created_at").asText());
        assertTrue(data.path("updated_at").asText().matches(TIMESTAMP), data.path("updated_at").asText());
        assertFalse(body.toString().contains(PASSWORD));
        assertFalse(body.toString().contains("password"), "no password field of any kind: " + body);

        UsersRecord row = TestData.userRow(app.dsl(), team.organizationId(), id);
        assertNotNull(row, "the user is in the caller's organisation");
        assertTrue(row.getPasswordHash().startsWith("$2"));

        Response shown = team.owner().http().get("/api/v1/users/" + id);
        assertEquals(200, shown.status(), shown.body());
        assertEquals(data, shown.json().path("data"));

        assertFalse(Identity.login(app, email, PASSWORD).isEmpty(), "the new user can log in");
    }

    @Test
    void optional_fields_left_out_on_create_are_null_and_status_defaults_to_active() {
        Team team = Identity.team(app, "Crud Create Min Org");

        Response response = team.owner().http().postJson("/api/v1/users",
                json("name", "Min Imal", "email", uniqueEmail("min"), "password", PASSWORD, "role", "reporter"));

        assertEquals(201, response.status(), response.body());
        JsonNode data = response.json().path("data");
        assertEquals("active", data.path("status").asText());
        for (String field : List.of("phone", "street_address", "city", "state_province", "postal_code", "country")) {
            assertTrue(data.has(field) && data.path(field).isNull(), field + " in " + data);
        }
    }

    @Test
    void an_empty_body_reports_name_email_password_and_role_at_once() {
        Team team = Identity.team(app, "Crud Empty Org");

        Response response = team.owner().http().postJson("/api/v1/users", "{}");

        assertEquals(422, response.status(), response.body());
        JsonNode body = response.json();
        assertEquals("VALIDATION_FAILED", body.path("error").path("code").asText());
        assertEquals(Set.of("name", "email", "password", "role"), Set.copyOf(fieldNames(body.path("errors"))));
        assertEquals(List.of("The name field is required."), strings(body.path("errors").path("name")));
        assertEquals(List.of("The email field is required."), strings(body.path("errors").path("email")));
        assertEquals(List.of("The password field is required."), strings(body.path("errors").path("password")));
        assertEquals(List.of("The role field is required."), strings(body.path("errors").path("role")));
        JsonNode details = body.path("error").path("details");
        assertEquals(4, details.size(), details.toString());
        Set<String> detailPairs = new TreeSet<>();
        details.forEach(detail -> detailPairs.add(detail.path("field").asText() + "=" + detail.path("message").asText()));
        assertEquals(new TreeSet<>(Set.of(
                "name=The name field is required.", "email=The email field is required.",
                "password=The password field is required.", "role=The role field is required.")), detailPairs);
        assertTrue(body.path("message").asText().endsWith(" (and 3 more errors)"), body.path("message").asText());
        assertEquals(body.path("message").asText(), body.path("error").path("message").asText());
        assertEquals(4, TestData.userCount(app.dsl(), team.organizationId()));
    }

    @Test
    void a_bad_email_a_short_name_and_a_weak_password_are_422_each_on_its_field() {
        Team team = Identity.team(app, "Crud Invalid Org");

        Response response = team.owner().http().postJson("/api/v1/users",
                json("name", "A", "email", "not-an-email", "password", "weakpass", "role", "pbx_user"));

        assertEquals(422, response.status(), response.body());
        JsonNode errors = response.json().path("errors");
        assertEquals(List.of("The name must be at least 2 characters."), strings(errors.path("name")));
        assertEquals(List.of("The email must be a valid email address."), strings(errors.path("email")));
        assertEquals(List.of("The password must be at least 8 characters and contain upper-case and lower-case "
                + "letters and a number."), strings(errors.path("password")));
        assertFalse(errors.has("role"), errors.toString());
        assertEquals(4, TestData.userCount(app.dsl(), team.organizationId()));
    }

    @Test
    void an_unknown_role_or_status_and_over_long_values_are_422() {
        Team team = Identity.team(app, "Crud Enum Org");

        Response response = team.owner().http().postJson("/api/v1/users", json(
                "name", "N".repeat(256), "email", "e".repeat(250) + "@example.com", "password", PASSWORD,
                "role", "superadmin", "status", "banned", "phone", "1".repeat(51), "street_address", "s".repeat(501),
                "city", "c".repeat(101), "state_province", "p".repeat(101), "postal_code", "9".repeat(21)));

        assertEquals(422, response.status(), response.body());
        JsonNode errors = response.json().path("errors");
        assertEquals(List.of("The name must not be greater than 255 characters."), strings(errors.path("name")));
        assertEquals(List.of("The email must not be greater than 255 characters."), strings(errors.path("email")));
        assertEquals(List.of("The selected role is invalid."), strings(errors.path("role")));
        assertEquals(List.of("The selected status is invalid."), strings(errors.path("status")));
        assertEquals(List.of("The phone must not be greater than 50 characters."), strings(errors.path("phone")));
        assertEquals(List.of("The street address must not be greater than 500 characters."),
                strings(errors.path("street_address")));
        assertEquals(List.of("The city must not be greater than 100 characters."), strings(errors.path("city")));
        assertEquals(List.of("The state province must not be greater than 100 characters."),
                strings(errors.path("state_province")));
        assertEquals(List.of("The postal code must not be greater than 20 characters."),
                strings(errors.path("postal_code")));
        assertEquals(9, response.json().path("error").path("details").size(), response.body());
        assertEquals(4, TestData.userCount(app.dsl(), team.organizationId()));

        Response update = team.owner().http().put("/api/v1/users/" + team.user().userId(),
                json("status", "paused", "role", "root", "name", null));
        assertEquals(422, update.status(), update.body());
        assertEquals(Set.of("status", "role", "name"), Set.copyOf(fieldNames(update.json().path("errors"))));
        assertEquals("active", TestData.userRow(app.dsl(), team.organizationId(), team.user().userId()).getStatus());
    }

    @Test
    void every_password_policy_violation_is_the_one_policy_message() {
        Team team = Identity.team(app, "Crud Policy Org");
        String email = "Policy9-" + UUID.randomUUID().toString().substring(0, 8) + "@Example.com";
        String policy = "The password must be at least 8 characters and contain upper-case and lower-case letters "
                + "and a number.";

        for (String weak : List.of("Sh0rt", "alllower123", "ALLUPPER123", "NoDigitsHere", "A1" + "a".repeat(127),
                email)) {
            Response response = team.owner().http().postJson("/api/v1/users",
                    json("name", "Policy Person", "email", email, "password", weak, "role", "pbx_user"));
            assertEquals(422, response.status(), weak + ": " + response.body());
            assertEquals(List.of(policy), strings(response.json().path("errors").path("password")), weak);
        }
        Response ok = team.owner().http().postJson("/api/v1/users",
                json("name", "Policy Person", "email", email, "password", "Symb0ls!ok", "role", "pbx_user"));
        assertEquals(201, ok.status(), ok.body());
    }

    @Test
    void an_email_in_use_in_another_organisation_is_taken() {
        Team a = Identity.team(app, "Crud Dup A Org");
        Team b = Identity.team(app, "Crud Dup B Org");

        for (String email : List.of(b.user().email(), b.user().email().toUpperCase(), a.reporter().email())) {
            Response response = a.owner().http().postJson("/api/v1/users",
                    json("name", "Dup Licate", "email", email, "password", PASSWORD, "role", "pbx_user"));
            assertEquals(422, response.status(), email + ": " + response.body());
            assertEquals(List.of("The email has already been taken."),
                    strings(response.json().path("errors").path("email")));
        }
        assertEquals(4, TestData.userCount(app.dsl(), a.organizationId()));

        Response update = a.owner().http().put("/api/v1/users/" + a.user().userId(), json("email", b.owner().email()));
        assertEquals(422, update.status(), update.body());
        assertEquals(List.of("The email has already been taken."), strings(update.json().path("errors").path("email")));
        assertEquals(a.user().email(), TestData.userRow(app.dsl(), a.organizationId(), a.user().userId()).getEmail());
    }

    @Test
    void emails_are_stored_lower_case() {
        Team team = Identity.team(app, "Crud Lower Org");
        String local = "Mixed.Case-" + UUID.randomUUID().toString().substring(0, 8);

        Response response = team.owner().http().postJson("/api/v1/users",
                json("name", "Mixed Case", "email", "  " + local + "@Example.COM ", "password", PASSWORD,
                        "role", "pbx_user"));

        assertEquals(201, response.status(), response.body());
        String lower = (local + "@example.com").toLowerCase();
        assertEquals(lower, response.json().path("data").path("email").asText());
        long id = response.json().path("data").path("id").asLong();
        assertEquals(lower, TestData.userRow(app.dsl(), team.organizationId(), id).getEmail());

        Response again = team.owner().http().postJson("/api/v1/users",
                json("name", "Mixed Again", "email", lower, "password", PASSWORD, "role", "pbx_user"));
        assertEquals(422, again.status(), again.body());

        Response update = team.owner().http().put("/api/v1/users/" + id, json("email", "UPDATED-" + local + "@EXAMPLE.com"));
        assertEquals(200, update.status(), update.body());
        assertEquals(("updated-" + local + "@example.com").toLowerCase(), TestData.userRow(app.dsl(), team.organizationId(), id).getEmail());
    }

    // ---------------------------------------------------------------- update

    @Test
    void a_status_alone_keeps_every_other_field_and_revokes_the_users_tokens() {
        Team team = Identity.team(app, "Crud Toggle Org");
        String email = uniqueEmail("toggle");
        long id = createUser(team, json("name", "Toggle Person", "email", email, "password", PASSWORD,
                "role", "pbx_user", "phone", "+15550102", "city", "Paris", "country", "FR"));
        HttpTestClient theirs = app.http().withToken(Identity.login(app, email, PASSWORD));
        assertEquals(200, theirs.get("/api/v1/auth/me").status());

        Response response = team.owner().http().send("PATCH", "/api/v1/users/" + id, json("status", "inactive"),
                "application/json", Map.of());

        assertEquals(200, response.status(), response.body());
        JsonNode data = response.json().path("data");
        assertEquals("inactive", data.path("status").asText());
        assertEquals("Toggle Person", data.path("name").asText());
        assertEquals(email, data.path("email").asText());
        assertEquals("pbx_user", data.path("role").asText());
        assertEquals("+15550102", data.path("phone").asText());
        assertEquals("Paris", data.path("city").asText());
        assertEquals("FR", data.path("country").asText());
        UsersRecord row = TestData.userRow(app.dsl(), team.organizationId(), id);
        assertEquals("inactive", row.getStatus());
        assertEquals("Paris", row.getCity());
        assertEquals(0, TestData.tokenCount(app.dsl(), team.organizationId(), id));
        assertEquals(401, theirs.get("/api/v1/auth/me").status());

        Response back = team.owner().http().put("/api/v1/users/" + id, json("status", "active"));
        assertEquals(200, back.status(), back.body());
        assertEquals("active", TestData.userRow(app.dsl(), team.organizationId(), id).getStatus());
        assertFalse(Identity.login(app, email, PASSWORD).isEmpty());
    }

    @Test
    void put_and_patch_are_partial_and_a_present_null_clears_a_nullable_field() {
        Team team = Identity.team(app, "Crud Partial Org");
        long id = createUser(team, json("name", "Partial Person", "email", uniqueEmail("partial"), "password", PASSWORD,
                "role", "reporter", "phone", "+15550103", "city", "Oslo", "postal_code", "0150"));

        Response put = team.owner().http().put("/api/v1/users/" + id, json("city", null, "phone", ""));
        assertEquals(200, put.status(), put.body());
        assertTrue(put.json().path("data").path("city").isNull());
        assertTrue(put.json().path("data").path("phone").isNull());
        assertEquals("0150", put.json().path("data").path("postal_code").asText());
        assertEquals("Partial Person", put.json().path("data").path("name").asText());

        Response patch = team.owner().http().send("PATCH", "/api/v1/users/" + id, json("name", "Patched Person"),
                "application/json", Map.of());
        assertEquals(200, patch.status(), patch.body());
        UsersRecord row = TestData.userRow(app.dsl(), team.organizationId(), id);
        assertEquals("Patched Person", row.getName());
        assertNull(row.getCity());
        assertNull(row.getPhone());
        assertEquals("0150", row.getPostalCode());
        assertEquals("reporter", row.getRole());
    }

    @Test
    void setting_a_users_password_revokes_its_tokens_and_an_empty_password_keeps_it() {
        Team team = Identity.team(app, "Crud Password Org");
        String hash = TestData.userRow(app.dsl(), team.organizationId(), team.user().userId()).getPasswordHash();

        Response empty = team.owner().http().put("/api/v1/users/" + team.user().userId(), json("password", ""));
        assertEquals(200, empty.status(), empty.body());
        assertEquals(hash, TestData.userRow(app.dsl(), team.organizationId(), team.user().userId()).getPasswordHash());
        assertEquals(200, team.user().http().get("/api/v1/auth/me").status());

        Response set = team.owner().http().put("/api/v1/users/" + team.user().userId(), json("password", "Brand0NewPass"));
        assertEquals(200, set.status(), set.body());
        assertEquals(401, team.user().http().get("/api/v1/auth/me").status());
        assertEquals(0, TestData.tokenCount(app.dsl(), team.organizationId(), team.user().userId()));
        assertFalse(Identity.login(app, team.user().email(), "Brand0NewPass").isEmpty());
    }

    // ---------------------------------------------------------------- list

    @Test
    void the_list_searches_name_and_email_case_insensitively_and_filters_role_and_status() {
        Team team = Identity.team(app, "Crud List Org");
        String tag = UUID.randomUUID().toString().substring(0, 6);
        createUser(team, json("name", "Alice Alpha", "email", "alice-" + tag + "@example.com", "password", PASSWORD,
                "role", "pbx_user"));
        createUser(team, json("name", "Bob Beta", "email", "bob-" + tag + "@example.com", "password", PASSWORD,
                "role", "reporter", "status", "inactive"));
        createUser(team, json("name", "Carol 50%_off", "email", "carol-" + tag + "@example.com", "password", PASSWORD,
                "role", "pbx_admin"));
        HttpTestClient owner = team.owner().http();

        assertEquals(List.of("Alice Alpha"), names(owner.get("/api/v1/users?search=ALPHA")));
        assertEquals(List.of("Bob Beta"), names(owner.get("/api/v1/users?search=bob-" + tag)));
        assertEquals(List.of("Carol 50%_off"), names(owner.get("/api/v1/users?search=%25_")));
        assertEquals(0, owner.get("/api/v1/users?search=zz-no-such-user").json().path("meta").path("total").asInt());

        assertEquals(Set.of("Test reporter", "Bob Beta"), Set.copyOf(names(owner.get("/api/v1/users?role=reporter"))));
        assertEquals(List.of("Bob Beta"), names(owner.get("/api/v1/users?status=inactive")));
        assertEquals(6, owner.get("/api/v1/users?status=active").json().path("meta").path("total").asInt());
        assertEquals(List.of("Carol 50%_off"), names(owner.get("/api/v1/users?role=pbx_admin&search=carol")));
        // empty and unknown filter values filter nothing
        assertEquals(7, owner.get("/api/v1/users?role=&status=").json().path("meta").path("total").asInt());
        assertEquals(7, owner.get("/api/v1/users?role=superadmin&status=deleted&foo=bar").json()
                .path("meta").path("total").asInt());
    }

    @Test
    void the_list_sorts_with_sort_and_order_and_with_sort_by_and_sort_order() {
        Team team = Identity.team(app, "Crud Sort Org");
        String tag = UUID.randomUUID().toString().substring(0, 6);
        createUser(team, json("name", "Zed Last", "email", "a-" + tag + "@example.com", "password", PASSWORD,
                "role", "pbx_user"));
        createUser(team, json("name", "Abe First", "email", "z-" + tag + "@example.com", "password", PASSWORD,
                "role", "pbx_user"));
        HttpTestClient owner = team.owner().http();

        List<String> byNameDesc = names(owner.get("/api/v1/users?sort=name&order=desc"));
        List<String> expectedDesc = new ArrayList<>(byNameDesc);
        expectedDesc.sort(Comparator.reverseOrder());
        assertEquals(expectedDesc, byNameDesc);
        assertEquals("Zed Last", byNameDesc.get(0));
        assertEquals("Abe First", byNameDesc.get(byNameDesc.size() - 1));

        List<String> byEmailAsc = emails(owner.get("/api/v1/users?sort_by=email&sort_order=ASC"));
        List<String> expectedAsc = new ArrayList<>(byEmailAsc);
        expectedAsc.sort(Comparator.naturalOrder());
        assertEquals(expectedAsc, byEmailAsc);
        assertEquals(6, byEmailAsc.size());

        // sort_by wins over sort, sort_order over order
        List<String> preferred = emails(owner.get("/api/v1/users?sort=name&sort_by=email&order=asc&sort_order=desc"));
        List<String> expectedPreferred = new ArrayList<>(preferred);
        expectedPreferred.sort(Comparator.reverseOrder());
        assertEquals(expectedPreferred, preferred);

        // default created_at asc (then id asc); an unknown field or direction falls back to it
        List<Long> defaults = ids(owner.get("/api/v1/users"));
        List<Long> sorted = new ArrayList<>(defaults);
        sorted.sort(Comparator.naturalOrder());
        assertEquals(sorted, defaults);
        assertEquals(team.owner().userId(), defaults.get(0));
        assertEquals(defaults, ids(owner.get("/api/v1/users?sort=password_hash&order=sideways")));
    }

    @Test
    void the_list_paginates_with_the_standard_meta() {
        Team team = Identity.team(app, "Crud Page Org");
        for (int i = 0; i < 3; i++) {
            createUser(team, json("name", "Pager " + i, "email", uniqueEmail("pager"), "password", PASSWORD,
                    "role", "reporter"));
        }
        HttpTestClient owner = team.owner().http();

        JsonNode first = owner.get("/api/v1/users?per_page=3").json();
        assertMeta(first.path("meta"), 1, 3, 7, 3, 1L, 3L);
        assertEquals(3, first.path("data").size());

        JsonNode last = owner.get("/api/v1/users?per_page=3&page=3").json();
        assertMeta(last.path("meta"), 3, 3, 7, 3, 7L, 7L);
        assertEquals(1, last.path("data").size());

        JsonNode beyond = owner.get("/api/v1/users?per_page=3&page=9").json();
        assertMeta(beyond.path("meta"), 9, 3, 7, 3, null, null);
        assertTrue(beyond.path("data").isArray() && beyond.path("data").isEmpty(), beyond.toString());

        JsonNode big = owner.get("/api/v1/users?per_page=1000").json();
        assertMeta(big.path("meta"), 1, 100, 7, 1, 1L, 7L);

        JsonNode zero = owner.get("/api/v1/users?per_page=0").json();
        assertEquals(1, zero.path("meta").path("per_page").asInt());
        assertEquals(7, zero.path("meta").path("last_page").asInt());
        assertEquals(1, zero.path("data").size());

        JsonNode junk = owner.get("/api/v1/users?per_page=abc&page=-2").json();
        assertMeta(junk.path("meta"), 1, 20, 7, 1, 1L, 7L);

        List<Long> pageOne = ids(owner.get("/api/v1/users?per_page=4&page=1"));
        List<Long> pageTwo = ids(owner.get("/api/v1/users?per_page=4&page=2"));
        assertEquals(4, pageOne.size());
        assertEquals(3, pageTwo.size());
        assertTrue(pageOne.stream().noneMatch(pageTwo::contains));
    }

    @Test
    void the_user_object_carries_its_lowest_numbered_non_deleted_extension() {
        Team team = Identity.team(app, "Crud Extension Org");
        extension(team, team.user().userId(), "2001", false);
        long lowest = extension(team, team.user().userId(), "201", false);
        extension(team, team.user().userId(), "200", true);

        Response shown = team.owner().http().get("/api/v1/users/" + team.user().userId());
        assertEquals(200, shown.status(), shown.body());
        JsonNode extension = shown.json().path("data").path("extension");
        assertEquals(lowest, extension.path("id").asLong(), extension.toString());
        assertEquals("201", extension.path("extension_number").asText());
        assertEquals("user", extension.path("type").asText());
        assertEquals("active", extension.path("status").asText());
        assertFalse(extension.path("voicemail_enabled").asBoolean());

        Response list = team.owner().http().get("/api/v1/users");
        list.json().path("data").forEach(user -> {
            if (user.path("id").asLong() == team.user().userId()) {
                assertEquals("201", user.path("extension").path("extension_number").asText(), user.toString());
            } else {
                assertTrue(user.has("extension") && user.path("extension").isNull(), user.toString());
            }
        });
    }

    @Test
    void deleting_a_user_unassigns_its_extensions_with_an_audit_row_and_restoring_does_not_reassign_them() {
        Team team = Identity.team(app, "Crud Unassign Org");
        long userId = team.user().userId();
        long first = extension(team, userId, "301", false);
        long second = extension(team, userId, "302", false);

        assertEquals(204, team.owner().http().delete("/api/v1/users/" + userId).status());

        assertEquals(0, app.dsl().fetchCount(EXTENSIONS, EXTENSIONS.ORGANIZATION_ID.eq(team.organizationId())
                .and(EXTENSIONS.USER_ID.eq(userId))));
        assertEquals(2, app.dsl().fetchCount(EXTENSIONS, EXTENSIONS.ORGANIZATION_ID.eq(team.organizationId())
                .and(EXTENSIONS.ID.in(first, second)).and(EXTENSIONS.USER_ID.isNull())
                .and(EXTENSIONS.DELETED_AT.isNull())), "the extensions themselves stay");
        for (long extensionId : List.of(first, second)) {
            List<String> changes = app.dsl().select(AUDIT_LOG.CHANGES).from(AUDIT_LOG)
                    .where(AUDIT_LOG.ORGANIZATION_ID.eq(team.organizationId()))
                    .and(AUDIT_LOG.ACTION.eq("extension.updated"))
                    .and(AUDIT_LOG.ENTITY_TYPE.eq("extension"))
                    .and(AUDIT_LOG.ENTITY_ID.eq(String.valueOf(extensionId)))
                    .fetch(row -> row.value1().data());
            assertEquals(1, changes.size(), "one audit row for extension " + extensionId);
            JsonNode change = parse(changes.get(0)).path("user_id");
            assertEquals(userId, change.path("from").asLong(), changes.get(0));
            assertTrue(change.has("to") && change.path("to").isNull(), changes.get(0));
        }

        Response restored = team.owner().http().post("/api/v1/users/" + userId + "/restore");
        assertEquals(200, restored.status(), restored.body());
        assertTrue(restored.json().path("data").path("extension").isNull(), restored.body());
        assertEquals(0, app.dsl().fetchCount(EXTENSIONS, EXTENSIONS.ORGANIZATION_ID.eq(team.organizationId())
                .and(EXTENSIONS.USER_ID.eq(userId))));
    }

    // ---------------------------------------------------------------- delete and restore

    @Test
    void a_deleted_user_is_listed_only_with_trashed_and_restore_brings_it_back() {
        Team team = Identity.team(app, "Crud Trash Org");
        HttpTestClient owner = team.owner().http();
        long id = team.reporter().userId();

        assertEquals(204, owner.delete("/api/v1/users/" + id).status());

        assertFalse(ids(owner.get("/api/v1/users")).contains(id));
        assertEquals(3, owner.get("/api/v1/users").json().path("meta").path("total").asInt());
        Response only = owner.get("/api/v1/users?trashed=only");
        assertEquals(List.of(id), ids(only));
        assertTrue(only.json().path("data").get(0).path("deleted_at").asText().matches(TIMESTAMP), only.body());
        assertEquals(4, owner.get("/api/v1/users?trashed=with").json().path("meta").path("total").asInt());
        assertEquals(404, owner.get("/api/v1/users/" + id).status());
        assertEquals(404, owner.put("/api/v1/users/" + id, json("name", "Ghost")).status());
        assertEquals(404, owner.delete("/api/v1/users/" + id).status());

        Response restored = owner.post("/api/v1/users/" + id + "/restore");

        assertEquals(200, restored.status(), restored.body());
        assertEquals("User restored successfully.", restored.json().path("message").asText());
        assertEquals(id, restored.json().path("data").path("id").asLong());
        assertTrue(restored.json().path("data").path("deleted_at").isNull());
        assertTrue(ids(owner.get("/api/v1/users")).contains(id));
        assertEquals(0, owner.get("/api/v1/users?trashed=only").json().path("meta").path("total").asInt());
        assertEquals(200, owner.get("/api/v1/users/" + id).status());
        assertEquals(0, TestData.tokenCount(app.dsl(), team.organizationId(), id), "restored users have no tokens");
        assertFalse(Identity.login(app, team.reporter().email(), Identity.PASSWORD).isEmpty(),
                "restored users keep their password");
        // restoring a user that is not deleted is a 404
        assertEquals(404, owner.post("/api/v1/users/" + id + "/restore").status());
    }

    @Test
    void deleting_frees_the_email_and_restoring_after_it_was_reused_is_409() {
        Team team = Identity.team(app, "Crud Reuse Org");
        HttpTestClient owner = team.owner().http();
        long id = team.user().userId();
        String email = team.user().email();

        assertEquals(204, owner.delete("/api/v1/users/" + id).status());
        long newcomer = createUser(team, json("name", "New Comer", "email", email, "password", PASSWORD,
                "role", "pbx_user"));
        assertTrue(newcomer != id);

        Response restore = owner.post("/api/v1/users/" + id + "/restore");

        assertEquals(409, restore.status(), restore.body());
        assertEquals("CONFLICT", restore.json().path("error").path("code").asText());
        assertEquals("The email is now used by another user.", restore.json().path("message").asText());
        assertNotNull(TestData.userRow(app.dsl(), team.organizationId(), id).getDeletedAt());
    }

    @Test
    void a_non_numeric_or_out_of_range_id_is_404() {
        Team team = Identity.team(app, "Crud Bad Id Org");
        HttpTestClient owner = team.owner().http();

        for (String id : List.of("abc", "0", "-5", "1.5", "99999999999999999999", "1e3", "%20")) {
            for (Response response : List.of(owner.get("/api/v1/users/" + id),
                    owner.put("/api/v1/users/" + id, json("name", "Nobody")),
                    owner.delete("/api/v1/users/" + id),
                    owner.post("/api/v1/users/" + id + "/restore"))) {
                assertEquals(404, response.status(), id + ": " + response.body());
                assertEquals("NOT_FOUND", response.json().path("error").path("code").asText(), id);
            }
        }
        assertEquals("User not found.", owner.get("/api/v1/users/abc").json().path("message").asText());
        assertEquals("User not found.", owner.get("/api/v1/users/987654321987").json().path("message").asText());
    }

    // ---------------------------------------------------------------- last owner

    @Test
    void the_only_owner_can_be_neither_deleted_nor_demoted_nor_deactivated() {
        Team team = Identity.team(app, "Crud Last Owner Org");
        HttpTestClient owner = team.owner().http();
        long id = team.owner().userId();

        Response delete = owner.delete("/api/v1/users/" + id);
        assertEquals(403, delete.status(), delete.body());
        assertEquals("You cannot delete your own account.", delete.json().path("message").asText());

        Response demote = owner.put("/api/v1/users/" + id, json("role", "pbx_admin"));
        assertEquals(403, demote.status(), demote.body());
        assertEquals("You cannot change your own role.", demote.json().path("message").asText());

        Response deactivate = owner.put("/api/v1/users/" + id, json("status", "inactive"));
        assertEquals(403, deactivate.status(), deactivate.body());

        // and the pbx_admin cannot act on the owner at all
        assertEquals(403, team.admin().http().delete("/api/v1/users/" + id).status());
        assertEquals(403, team.admin().http().put("/api/v1/users/" + id, json("role", "reporter")).status());

        UsersRecord row = TestData.userRow(app.dsl(), team.organizationId(), id);
        assertEquals("owner", row.getRole());
        assertEquals("active", row.getStatus());
        assertNull(row.getDeletedAt());
        assertEquals(200, owner.get("/api/v1/auth/me").status());
    }

    @Test
    void with_a_second_owner_one_owner_may_demote_or_delete_the_other() {
        Team team = Identity.team(app, "Crud Two Owners Org");
        long second = Identity.insertUser(app.dsl(), team.organizationId(), Role.OWNER, uniqueEmail("owner2"));
        long third = Identity.insertUser(app.dsl(), team.organizationId(), Role.OWNER, uniqueEmail("owner3"));
        HttpTestClient owner = team.owner().http();

        Response demote = owner.put("/api/v1/users/" + second, json("role", "pbx_admin"));
        assertEquals(200, demote.status(), demote.body());
        assertEquals("pbx_admin", TestData.userRow(app.dsl(), team.organizationId(), second).getRole());

        Response delete = owner.delete("/api/v1/users/" + third);
        assertEquals(204, delete.status(), delete.body());
        assertNotNull(TestData.userRow(app.dsl(), team.organizationId(), third).getDeletedAt());
        assertEquals("owner", TestData.userRow(app.dsl(), team.organizationId(), team.owner().userId()).getRole());
    }

    // ---------------------------------------------------------------- helpers

    private long extension(Team team, long userId, String number, boolean deleted) {
        return app.dsl().insertInto(EXTENSIONS)
                .set(EXTENSIONS.ORGANIZATION_ID, team.organizationId())
                .set(EXTENSIONS.USER_ID, userId)
                .set(EXTENSIONS.EXTENSION_NUMBER, number)
                .set(EXTENSIONS.TYPE, "user")
                .set(EXTENSIONS.SIP_PASSWORD, "v1:not-read-by-these-tests")
                .set(EXTENSIONS.DELETED_AT, deleted ? java.time.OffsetDateTime.now() : null)
                .returning(EXTENSIONS.ID)
                .fetchOne(EXTENSIONS.ID);
    }

    private static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private long createUser(Team team, String body) {
        Response response = team.owner().http().postJson("/api/v1/users", body);
        assertEquals(201, response.status(), response.body());
        return response.json().path("data").path("id").asLong();
    }

    private static void assertMeta(JsonNode meta, int page, int perPage, int total, int lastPage, Long from, Long to) {
        assertEquals(page, meta.path("current_page").asInt(), meta.toString());
        assertEquals(perPage, meta.path("per_page").asInt(), meta.toString());
        assertEquals(total, meta.path("total").asInt(), meta.toString());
        assertEquals(lastPage, meta.path("last_page").asInt(), meta.toString());
        if (from == null) {
            assertTrue(meta.has("from") && meta.path("from").isNull(), meta.toString());
        } else {
            assertEquals(from.longValue(), meta.path("from").asLong(), meta.toString());
        }
        if (to == null) {
            assertTrue(meta.has("to") && meta.path("to").isNull(), meta.toString());
        } else {
            assertEquals(to.longValue(), meta.path("to").asLong(), meta.toString());
        }
    }

    private static List<String> names(Response response) {
        return column(response, "name");
    }

    private static List<String> emails(Response response) {
        return column(response, "email");
    }

    private static List<String> column(Response response, String field) {
        assertEquals(200, response.status(), response.body());
        List<String> values = new ArrayList<>();
        response.json().path("data").forEach(user -> values.add(user.path(field).asText()));
        return values;
    }

    private static List<Long> ids(Response response) {
        assertEquals(200, response.status(), response.body());
        List<Long> values = new ArrayList<>();
        response.json().path("data").forEach(user -> values.add(user.path("id").asLong()));
        return values;
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

}
