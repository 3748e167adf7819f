package opbx.audit;

import static opbx.support.TestData.json;
import static opbx.support.TestData.uniqueEmail;
import static opbx.support.TestData.fieldNames;
import static opbx.db.gen.Tables.AUDIT_LOG;
import static opbx.db.gen.Tables.ORGANIZATIONS;
import static opbx.db.gen.Tables.USERS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import opbx.support.HttpTestClient;
import opbx.support.HttpTestClient.Response;
import opbx.support.Identity;
import opbx.support.Identity.Member;
import opbx.support.Identity.Team;
import opbx.support.TestApp;
import org.junit.jupiter.api.Test;

/** The audit log: what is recorded, GET /api/v1/audit-log, its filters, secrets and tenancy (control-plane spec §5). */
class AuditLogTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String TIMESTAMP = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z";
    private static final String PASSWORD = "Audit3dPassword";

    private final TestApp app = TestApp.shared();

    @Test
    void logins_a_failed_login_a_create_and_a_role_change_are_listed_newest_first_with_their_actor() {
        Team team = Identity.team(app, "Audit Events Org");
        failedLogin(team.user().email(), "Wrong-Guess-1");
        String requestId = "audit-create-" + UUID.randomUUID().toString().substring(0, 8);
        Response created = team.owner().http().send("POST", "/api/v1/users", json("name", "Audited Person",
                "email", uniqueEmail("audited"), "password", PASSWORD, "role", "pbx_user"), "application/json",
                Map.of("X-Request-Id", requestId));
        assertEquals(201, created.status(), created.body());
        long createdId = created.json().path("data").path("id").asLong();
        String createdEmail = created.json().path("data").path("email").asText();
        Response changed = team.owner().http().put("/api/v1/users/" + createdId, json("role", "reporter"));
        assertEquals(200, changed.status(), changed.body());

        Response response = team.owner().http().get("/api/v1/audit-log");

        assertEquals(200, response.status(), response.body());
        JsonNode body = response.json();
        assertEquals(8, body.path("meta").path("total").asInt(), body.toString());
        assertEquals(List.of("user.role_changed", "user.updated", "user.created", "auth.login_failed",
                        "auth.login_succeeded", "auth.login_succeeded", "auth.login_succeeded", "auth.login_succeeded"),
                actions(response));
        List<Long> ids = new ArrayList<>();
        body.path("data").forEach(item -> ids.add(item.path("id").asLong()));
        for (int i = 1; i < ids.size(); i++) {
            assertTrue(ids.get(i - 1) > ids.get(i), "newest first: " + ids);
        }

        JsonNode roleChanged = body.path("data").get(0);
        assertEquals(Set.of("id", "occurred_at", "actor", "action", "entity_type", "entity_id", "entity_label", "changes",
                "ip", "user_agent", "request_id"), fieldNames(roleChanged));
        assertActor(roleChanged.path("actor"), team.owner(), "owner");
        assertEquals("user", roleChanged.path("entity_type").asText());
        assertEquals(String.valueOf(createdId), roleChanged.path("entity_id").asText());
        assertEquals(createdEmail, roleChanged.path("entity_label").asText());
        assertEquals("pbx_user", roleChanged.path("changes").path("role").path("from").asText());
        assertEquals("reporter", roleChanged.path("changes").path("role").path("to").asText());
        assertTrue(roleChanged.path("occurred_at").asText().matches(TIMESTAMP), roleChanged.toString());

        JsonNode updated = body.path("data").get(1);
        assertEquals("reporter", updated.path("changes").path("role").path("to").asText());
        assertEquals(Set.of("role"), fieldNames(updated.path("changes")), "only changed fields: " + updated);

        JsonNode create = body.path("data").get(2);
        assertActor(create.path("actor"), team.owner(), "owner");
        assertEquals(String.valueOf(createdId), create.path("entity_id").asText());
        assertEquals(requestId, create.path("request_id").asText());
        assertTrue(create.path("ip").asText().contains("127.0.0.1"), create.toString());
        assertFalse(create.path("user_agent").isNull(), create.toString());
        JsonNode initial = create.path("changes").path("to");
        assertEquals("Audited Person", initial.path("name").asText());
        assertEquals(createdEmail, initial.path("email").asText());
        assertEquals("pbx_user", initial.path("role").asText());
        assertFalse(initial.has("password"), create.toString());

        JsonNode failed = body.path("data").get(3);
        assertActor(failed.path("actor"), team.user(), "pbx_user");
        assertEquals("user", failed.path("entity_type").asText());
        assertEquals(String.valueOf(team.user().userId()), failed.path("entity_id").asText());
        assertEquals("bad_password", failed.path("changes").path("reason").asText());

        JsonNode login = body.path("data").get(4);
        assertActor(login.path("actor"), team.reporter(), "reporter");
        assertEquals(String.valueOf(team.reporter().userId()), login.path("entity_id").asText());
    }

    @Test
    void sort_order_asc_gives_oldest_first() {
        Team team = Identity.team(app, "Audit Asc Org");
        failedLogin(team.admin().email(), "Wrong-Guess-2");

        List<String> ascending = actions(team.owner().http().get("/api/v1/audit-log?sort_order=asc"));

        assertEquals(List.of("auth.login_succeeded", "auth.login_succeeded", "auth.login_succeeded",
                "auth.login_succeeded", "auth.login_failed"), ascending);
        List<String> unknownSort = actions(team.owner().http().get("/api/v1/audit-log?sort_by=action&sort_order=up"));
        assertEquals("auth.login_failed", unknownSort.get(0), "falls back to occurred_at desc");
    }

    @Test
    void owner_and_pbx_admin_may_read_the_audit_log_and_the_others_may_not() {
        Team team = Identity.team(app, "Audit Perm Org");

        for (Member member : List.of(team.owner(), team.admin())) {
            Response response = member.http().get("/api/v1/audit-log");
            assertEquals(200, response.status(), member.role() + ": " + response.body());
            assertTrue(response.json().path("meta").path("total").asInt() >= 4, response.body());
        }
        for (Member member : List.of(team.user(), team.reporter())) {
            Response response = member.http().get("/api/v1/audit-log");
            assertEquals(403, response.status(), member.role() + ": " + response.body());
            assertEquals("FORBIDDEN", response.json().path("error").path("code").asText());
            assertFalse(response.json().has("data"));
        }
    }

    @Test
    void the_list_filters_on_exact_and_prefix_action_entity_type_and_entity_id() {
        Team team = Identity.team(app, "Audit Filter Org");
        HttpTestClient owner = team.owner().http();
        long first = createUser(team, "Filter One", "pbx_user");
        long second = createUser(team, "Filter Two", "reporter");
        assertEquals(200, owner.put("/api/v1/users/" + first, json("role", "reporter")).status());
        assertEquals(200, owner.put("/api/v1/users/" + first, json("status", "inactive")).status());
        failedLogin(team.reporter().email(), "Wrong-Guess-3");

        assertEquals(List.of("user.created", "user.created"), actions(owner.get("/api/v1/audit-log?action=user.created")));
        List<String> userEvents = actions(owner.get("/api/v1/audit-log?action=user.*"));
        assertEquals(List.of("user.status_changed", "user.updated", "user.role_changed", "user.updated", "user.created",
                "user.created"), userEvents);
        assertEquals(4, actions(owner.get("/api/v1/audit-log?action=auth.login_succeeded")).size());
        assertEquals(5, actions(owner.get("/api/v1/audit-log?action=auth.*")).size());
        assertEquals(List.of(), actions(owner.get("/api/v1/audit-log?action=user")), "no prefix without .*");
        assertEquals(List.of(), actions(owner.get("/api/v1/audit-log?action=user.creat")));
        assertEquals(List.of(), actions(owner.get("/api/v1/audit-log?action=%25.*")), "the prefix is literal");
        assertEquals(11, owner.get("/api/v1/audit-log?action=").json().path("meta").path("total").asInt(),
                "an empty filter filters nothing");

        Response forFirst = owner.get("/api/v1/audit-log?entity_type=user&entity_id=" + first);
        assertEquals(List.of("user.status_changed", "user.updated", "user.role_changed", "user.updated", "user.created"),
                actions(forFirst));
        forFirst.json().path("data").forEach(item -> assertEquals(String.valueOf(first), item.path("entity_id").asText()));
        assertEquals(List.of("user.created"), actions(owner.get("/api/v1/audit-log?entity_id=" + second)));
        assertEquals(11, owner.get("/api/v1/audit-log?entity_type=user").json().path("meta").path("total").asInt());
        assertEquals(0, owner.get("/api/v1/audit-log?entity_type=extension").json().path("meta").path("total").asInt());

        Response failed = owner.get("/api/v1/audit-log?action=auth.login_failed&entity_id=" + team.reporter().userId());
        assertEquals(List.of("auth.login_failed"), actions(failed));
        assertEquals("bad_password", failed.json().path("data").get(0).path("changes").path("reason").asText());

        Response paged = owner.get("/api/v1/audit-log?action=user.*&per_page=4&page=2");
        assertEquals(2, paged.json().path("data").size());
        assertEquals(6, paged.json().path("meta").path("total").asInt());
        assertEquals(2, paged.json().path("meta").path("last_page").asInt());
        assertEquals(5, paged.json().path("meta").path("from").asInt());
    }

    @Test
    void no_password_or_password_hash_ever_reaches_the_audit_log() {
        Team team = Identity.team(app, "Audit Secret Org");
        String created = "Creat3dSecretPw";
        String setByOwner = "S3tByOwnerPw";
        String changedBySelf = "Chang3dBySelfPw";
        String guessed = "Gu3ssedWrongPw";
        String email = uniqueEmail("secret");
        Response create = team.owner().http().postJson("/api/v1/users",
                json("name", "Secret Keeper", "email", email, "password", created, "role", "pbx_user"));
        assertEquals(201, create.status(), create.body());
        long id = create.json().path("data").path("id").asLong();
        String firstHash = passwordHash(team, id);
        Response set = team.owner().http().put("/api/v1/users/" + id, json("password", setByOwner, "name", "Secret K."));
        assertEquals(200, set.status(), set.body());
        String secondHash = passwordHash(team, id);
        failedLogin(email, guessed);
        HttpTestClient self = app.http().withToken(Identity.login(app, email, setByOwner));
        Response changed = self.put("/api/v1/profile/password", json("current_password", setByOwner,
                "new_password", changedBySelf, "new_password_confirmation", changedBySelf));
        assertEquals(200, changed.status(), changed.body());
        String thirdHash = passwordHash(team, id);

        List<String> stored = app.dsl().select(AUDIT_LOG.CHANGES).from(AUDIT_LOG)
                .where(AUDIT_LOG.ORGANIZATION_ID.eq(team.organizationId()))
                .fetch(row -> row.value1().data());
        Response listed = team.owner().http().get("/api/v1/audit-log?per_page=100");
        assertEquals(200, listed.status(), listed.body());
        assertEquals(stored.size(), listed.json().path("meta").path("total").asInt());

        List<String> secrets = List.of(created, setByOwner, changedBySelf, guessed, Identity.PASSWORD,
                firstHash, secondHash, thirdHash, passwordHash(team, team.owner().userId()));
        for (String text : concat(stored, List.of(listed.body()))) {
            for (String secret : secrets) {
                assertFalse(text.contains(secret), "audit text contains a secret: " + text);
            }
            assertFalse(text.contains("$2a$") || text.contains("$2b$") || text.contains("$2y$"), text);
        }

        JsonNode update = only(team, "user.updated&entity_id=" + id);
        assertEquals(MAPPER.createObjectNode().put("changed", true), update.path("changes").path("password"));
        assertEquals("Secret K.", update.path("changes").path("name").path("to").asText());
        assertEquals(1, actions(team.owner().http().get("/api/v1/audit-log?action=user.password_set&entity_id=" + id))
                .size());
        JsonNode selfChange = only(team, "auth.password_changed&entity_id=" + id);
        assertEquals(MAPPER.createObjectNode().put("changed", true), selfChange.path("changes").path("password"));
        assertEquals("bad_password", only(team, "auth.login_failed&entity_id=" + id).path("changes").path("reason").asText());
    }

    @Test
    void an_organisation_never_sees_another_organisations_audit_rows() {
        Team a = Identity.team(app, "Audit Tenant A Org");
        Team b = Identity.team(app, "Audit Tenant B Org");
        long created = createUser(a, "Only In A", "pbx_user");
        failedLogin(a.owner().email(), "Wrong-Guess-4");

        Set<Long> bUsers = Set.of(b.owner().userId(), b.admin().userId(), b.user().userId(), b.reporter().userId());
        for (Member reader : List.of(b.owner(), b.admin())) {
            Response response = reader.http().get("/api/v1/audit-log?per_page=100");
            assertEquals(200, response.status(), response.body());
            int inDatabase = app.dsl().fetchCount(AUDIT_LOG, AUDIT_LOG.ORGANIZATION_ID.eq(b.organizationId()));
            assertEquals(inDatabase, response.json().path("meta").path("total").asInt());
            assertEquals(4, inDatabase, "B has its four logins only");
            response.json().path("data").forEach(item -> {
                assertTrue(bUsers.contains(item.path("actor").path("user_id").asLong()), item.toString());
                assertTrue(bUsers.contains(Long.parseLong(item.path("entity_id").asText())), item.toString());
                assertFalse(item.toString().contains("Only In A"), item.toString());
            });
            assertEquals(0, reader.http().get("/api/v1/audit-log?entity_id=" + created).json()
                    .path("meta").path("total").asInt());
            assertEquals(0, reader.http().get("/api/v1/audit-log?action=auth.login_failed").json()
                    .path("meta").path("total").asInt());
            assertEquals(0, reader.http().get("/api/v1/audit-log?actor_user_id=" + a.owner().userId()).json()
                    .path("meta").path("total").asInt());
            assertEquals(0, reader.http().get("/api/v1/audit-log?search=" + a.owner().email()).json()
                    .path("meta").path("total").asInt());
        }
        assertEquals(1, a.owner().http().get("/api/v1/audit-log?entity_id=" + created).json()
                .path("meta").path("total").asInt());
    }

    @Test
    void failed_logins_of_inactive_accounts_and_organisations_are_audited_with_their_reason() {
        Team team = Identity.team(app, "Audit Reasons Org");
        assertEquals(200, team.owner().http().put("/api/v1/users/" + team.reporter().userId(),
                json("status", "inactive")).status());
        Response inactive = app.http().postJson("/api/v1/auth/login",
                json("email", team.reporter().email(), "password", Identity.PASSWORD));
        assertEquals(403, inactive.status(), inactive.body());
        app.dsl().update(ORGANIZATIONS).set(ORGANIZATIONS.STATUS, "suspended")
                .where(ORGANIZATIONS.ID.eq(team.organizationId())).execute();
        Response suspended = app.http().postJson("/api/v1/auth/login",
                json("email", team.admin().email(), "password", Identity.PASSWORD));
        assertEquals(403, suspended.status(), suspended.body());
        app.dsl().update(ORGANIZATIONS).set(ORGANIZATIONS.STATUS, "active")
                .where(ORGANIZATIONS.ID.eq(team.organizationId())).execute();

        Response failures = team.owner().http().get("/api/v1/audit-log?action=auth.login_failed");

        assertEquals(List.of("auth.login_failed", "auth.login_failed"), actions(failures));
        JsonNode newest = failures.json().path("data").get(0);
        assertEquals(String.valueOf(team.admin().userId()), newest.path("entity_id").asText());
        assertEquals("organization_inactive", newest.path("changes").path("reason").asText());
        JsonNode older = failures.json().path("data").get(1);
        assertEquals(String.valueOf(team.reporter().userId()), older.path("entity_id").asText());
        assertEquals("account_inactive", older.path("changes").path("reason").asText());
        assertEquals(4, actions(team.owner().http().get("/api/v1/audit-log?action=auth.login_succeeded")).size(),
                "refused logins are not successes");
    }

    @Test
    void a_create_lists_every_initial_non_secret_field_under_to() {
        Team team = Identity.team(app, "Audit Create Fields Org");
        String email = uniqueEmail("fields");
        Response create = team.owner().http().postJson("/api/v1/users", json("name", "Field Person", "email", email,
                "password", PASSWORD, "role", "reporter", "status", "inactive", "phone", "+15550199",
                "street_address", "9 Audit Road", "city", "Lisbon", "state_province", "LX", "postal_code", "1100-148",
                "country", "PT"));
        assertEquals(201, create.status(), create.body());
        long id = create.json().path("data").path("id").asLong();

        JsonNode to = only(team, "user.created&entity_id=" + id).path("changes").path("to");

        assertEquals("Field Person", to.path("name").asText(), to.toString());
        assertEquals(email, to.path("email").asText(), to.toString());
        assertEquals("reporter", to.path("role").asText(), to.toString());
        assertEquals("inactive", to.path("status").asText(), to.toString());
        assertEquals("+15550199", to.path("phone").asText(), to.toString());
        assertEquals("9 Audit Road", to.path("street_address").asText(), to.toString());
        assertEquals("Lisbon", to.path("city").asText(), to.toString());
        assertEquals("LX", to.path("state_province").asText(), to.toString());
        assertEquals("1100-148", to.path("postal_code").asText(), to.toString());
        assertEquals("PT", to.path("country").asText(), to.toString());
        assertFalse(to.has("password"), to.toString());
    }

    @Test
    void delete_and_restore_are_audited_with_the_label_and_empty_changes() {
        Team team = Identity.team(app, "Audit Delete Org");
        long id = team.user().userId();

        assertEquals(204, team.admin().http().delete("/api/v1/users/" + id).status());
        assertEquals(200, team.admin().http().post("/api/v1/users/" + id + "/restore").status());

        Response events = team.owner().http().get("/api/v1/audit-log?entity_type=user&entity_id=" + id + "&action=user.*");
        assertEquals(List.of("user.restored", "user.deleted"), actions(events));
        for (JsonNode item : events.json().path("data")) {
            assertEquals(team.user().email(), item.path("entity_label").asText(), item.toString());
            assertEquals(MAPPER.createObjectNode(), item.path("changes"), item.toString());
            assertActor(item.path("actor"), team.admin(), "pbx_admin");
        }
    }

    @Test
    void refused_and_invalid_writes_leave_no_audit_row() {
        Team team = Identity.team(app, "Audit Refused Org");
        int before = rowsOf(team);

        assertEquals(422, team.owner().http().postJson("/api/v1/users", json("name", "X")).status());
        assertEquals(422, team.admin().http().postJson("/api/v1/users", json("name", "Would Be Admin",
                "email", uniqueEmail("refused"), "password", PASSWORD, "role", "pbx_admin")).status());
        assertEquals(403, team.user().http().postJson("/api/v1/users", json("name", "By User",
                "email", uniqueEmail("refused"), "password", PASSWORD, "role", "reporter")).status());
        assertEquals(403, team.admin().http().put("/api/v1/users/" + team.owner().userId(), json("name", "No")).status());
        assertEquals(403, team.admin().http().delete("/api/v1/users/" + team.owner().userId()).status());
        assertEquals(403, team.owner().http().delete("/api/v1/users/" + team.owner().userId()).status());
        assertEquals(422, team.user().http().put("/api/v1/profile/password", json("current_password", "Nope12345",
                "new_password", "Fresh1234x", "new_password_confirmation", "Fresh1234x")).status());
        assertEquals(403, team.admin().http().put("/api/v1/profile/organization", json("name", "Nope")).status());

        assertEquals(before, rowsOf(team));
    }

    @Test
    void the_list_filters_on_actor_search_and_dates_in_the_organisation_timezone() {
        Team team = Identity.team(app, "Audit More Filters Org");
        long created = createUser(team, "Searchable Label", "pbx_user");
        String createdEmail = team.owner().http().get("/api/v1/users/" + created).json().path("data").path("email").asText();
        HttpTestClient owner = team.owner().http();

        Response byActor = owner.get("/api/v1/audit-log?actor_user_id=" + team.owner().userId());
        assertEquals(List.of("user.created", "auth.login_succeeded"), actions(byActor));
        byActor.json().path("data").forEach(item ->
                assertEquals(team.owner().userId(), item.path("actor").path("user_id").asLong(), item.toString()));
        Response badActor = owner.get("/api/v1/audit-log?actor_user_id=abc");
        assertEquals(422, badActor.status(), "a filter it cannot read is refused, not dropped: " + badActor.body());
        assertEquals("The actor user id must be an integer.",
                badActor.json().path("errors").path("actor_user_id").path(0).asText());

        assertEquals(List.of("auth.login_succeeded"), actions(owner.get("/api/v1/audit-log?search="
                + team.reporter().email().toUpperCase())));
        assertEquals(List.of("user.created"), actions(owner.get("/api/v1/audit-log?search=" + createdEmail)));
        assertEquals(0, owner.get("/api/v1/audit-log?search=nothing-like-this").json().path("meta").path("total").asInt());

        java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
        assertEquals(5, owner.get("/api/v1/audit-log?from_date=" + today.minusDays(1) + "&to_date=" + today.plusDays(1))
                .json().path("meta").path("total").asInt());
        assertEquals(0, owner.get("/api/v1/audit-log?from_date=2001-01-01&to_date=2001-12-31")
                .json().path("meta").path("total").asInt());
        assertEquals(0, owner.get("/api/v1/audit-log?from_date=" + today.plusDays(2))
                .json().path("meta").path("total").asInt());
        assertEquals(5, owner.get("/api/v1/audit-log?from_date=not-a-date&to_date=31/12/2001")
                .json().path("meta").path("total").asInt(), "unreadable dates filter nothing");
    }

    // ---------------------------------------------------------------- helpers

    private int rowsOf(Team team) {
        return app.dsl().fetchCount(AUDIT_LOG, AUDIT_LOG.ORGANIZATION_ID.eq(team.organizationId()));
    }

    private void failedLogin(String email, String password) {
        Response response = app.http().postJson("/api/v1/auth/login", json("email", email, "password", password));
        assertEquals(401, response.status(), response.body());
    }

    private long createUser(Team team, String name, String role) {
        Response response = team.owner().http().postJson("/api/v1/users",
                json("name", name, "email", uniqueEmail("audit"), "password", PASSWORD, "role", role));
        assertEquals(201, response.status(), response.body());
        return response.json().path("data").path("id").asLong();
    }

    private JsonNode only(Team team, String actionQuery) {
        Response response = team.owner().http().get("/api/v1/audit-log?action=" + actionQuery);
        assertEquals(200, response.status(), response.body());
        assertEquals(1, response.json().path("data").size(), response.body());
        return response.json().path("data").get(0);
    }

    private String passwordHash(Team team, long userId) {
        return app.dsl().select(USERS.PASSWORD_HASH).from(USERS)
                .where(USERS.ORGANIZATION_ID.eq(team.organizationId()))
                .and(USERS.ID.eq(userId))
                .fetchOne(USERS.PASSWORD_HASH);
    }

    private static void assertActor(JsonNode actor, Member member, String role) {
        assertEquals("user", actor.path("type").asText(), actor.toString());
        assertEquals(member.userId(), actor.path("user_id").asLong(), actor.toString());
        assertEquals(member.email(), actor.path("email").asText(), actor.toString());
        assertEquals(role, actor.path("role").asText(), actor.toString());
    }

    private static List<String> actions(Response response) {
        assertEquals(200, response.status(), response.body());
        List<String> actions = new ArrayList<>();
        response.json().path("data").forEach(item -> actions.add(item.path("action").asText()));
        return actions;
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

}
