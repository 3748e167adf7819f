package opbx.extensions;

import static opbx.db.gen.Tables.EXTENSIONS;
import static opbx.db.gen.Tables.RING_GROUPS;
import static opbx.db.gen.Tables.RING_GROUP_MEMBERS;
import static opbx.support.TestData.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import opbx.support.HttpTestClient;
import opbx.support.HttpTestClient.Response;
import opbx.support.Identity;
import opbx.support.Identity.Team;
import opbx.support.TestApp;
import org.junit.jupiter.api.Test;

class ExtensionsTest {

    private final TestApp app = TestApp.shared();

    private static long created(Response response) {
        assertEquals(201, response.status(), response.body());
        return response.json().path("extension").path("id").asLong();
    }

    /** Forwards to outside numbers need a whitelist row that allows them (the outbound policy, at save time). */
    private static void allowUnitedStates(Team team) {
        assertEquals(201, team.admin().http().postJson("/api/v1/outbound-whitelist", json("name", "US",
                "destination_country", "US", "outbound_trunk_name", "us-trunk")).status());
    }

    private String storedSipPassword(Team team, long id) {
        return app.dsl().select(EXTENSIONS.SIP_PASSWORD).from(EXTENSIONS)
                .where(EXTENSIONS.ORGANIZATION_ID.eq(team.organizationId())).and(EXTENSIONS.ID.eq(id))
                .fetchOne(EXTENSIONS.SIP_PASSWORD);
    }

    @Test
    void a_user_extension_gets_a_generated_encrypted_sip_password_shown_only_to_admins() {
        Team team = Identity.team(app, "Ext Create Org");

        Response response = team.admin().http().postJson("/api/v1/extensions",
                json("extension_number", "1001", "type", "user", "user_id", team.user().userId()));

        long id = created(response);
        JsonNode extension = response.json().path("extension");
        assertEquals("Extension created successfully.", response.json().path("message").asText());
        assertEquals("1001", extension.path("extension_number").asText());
        assertEquals("Test pbx_user", extension.path("name").asText());
        assertEquals(team.user().userId(), extension.path("user").path("id").asLong());
        String password = extension.path("sip_config").path("password").asText();
        assertTrue(password.matches("^([A-Z][a-z]+[0-9]){1,4}[A-Z][a-z]+[!@#$%&*\\-+=?][0-9]$") && password.length() >= 16
                && password.length() <= 32, password);
        assertEquals("1001", extension.path("sip_config").path("username").asText());
        assertEquals("sip.cloudonix.io", extension.path("sip_config").path("server").asText());
        assertEquals("missing_settings", response.json().path("cloudonix_warning").path("details").path("reason").asText());

        String stored = storedSipPassword(team, id);
        assertTrue(stored.startsWith("v1:"), stored);
        assertFalse(stored.contains(password));

        assertFalse(team.owner().http().get("/api/v1/extensions").body().contains(password), "lists never show it");
        assertFalse(team.user().http().get("/api/v1/extensions/" + id).json().path("extension").path("sip_config").has("password"));
        assertFalse(team.reporter().http().get("/api/v1/extensions/" + id).body().contains(password));
        assertEquals(password, team.owner().http().get("/api/v1/extensions/" + id).json()
                .path("extension").path("sip_config").path("password").asText());
    }

    @Test
    void every_field_rule_has_its_422() {
        Team team = Identity.team(app, "Ext Rules Org");
        HttpTestClient admin = team.admin().http();
        Team other = Identity.team(app, "Ext Rules Other Org");
        long foreignRoom = app.dsl().insertInto(opbx.db.gen.Tables.CONFERENCE_ROOMS)
                .set(opbx.db.gen.Tables.CONFERENCE_ROOMS.ORGANIZATION_ID, other.organizationId())
                .set(opbx.db.gen.Tables.CONFERENCE_ROOMS.NAME, "Theirs")
                .returning(opbx.db.gen.Tables.CONFERENCE_ROOMS.ID)
                .fetchOne(opbx.db.gen.Tables.CONFERENCE_ROOMS.ID);

        assertField(admin.postJson("/api/v1/extensions", json("extension_number", "12", "type", "user")), "extension_number");
        assertField(admin.postJson("/api/v1/extensions", json("extension_number", "1001", "type", "queue")), "type");
        assertField(admin.postJson("/api/v1/extensions", json("extension_number", "1001", "type", "conference")),
                "configuration.conference_room_id");
        assertField(admin.postJson("/api/v1/extensions", json("extension_number", "1001", "type", "conference",
                "configuration", Map.of("conference_room_id", foreignRoom))), "configuration.conference_room_id");
        assertField(admin.postJson("/api/v1/extensions", json("extension_number", "1001", "type", "forward",
                "user_id", team.user().userId(), "configuration", Map.of("forward_to", "+12125550100"))), "user_id");
        assertField(admin.postJson("/api/v1/extensions", json("extension_number", "1001", "type", "forward",
                "voicemail_enabled", true, "configuration", Map.of("forward_to", "1002"))), "voicemail_enabled");
        assertField(admin.postJson("/api/v1/extensions", json("extension_number", "1001", "type", "forward",
                "configuration", Map.of("forward_to", "not a number"))), "configuration.forward_to");
        assertField(admin.postJson("/api/v1/extensions", json("extension_number", "1001", "type", "user",
                "user_id", other.user().userId())), "user_id");
        Response ai = admin.postJson("/api/v1/extensions", json("extension_number", "1001", "type", "ai_assistant"));
        assertField(ai, "configuration.provider");
        assertField(ai, "configuration.phone_number");
        assertEquals(0, app.dsl().fetchCount(EXTENSIONS, EXTENSIONS.ORGANIZATION_ID.eq(team.organizationId())));

        Response empty = admin.postJson("/api/v1/extensions", "{}");
        assertEquals(422, empty.status());
        assertTrue(empty.json().path("errors").has("extension_number") && empty.json().path("errors").has("type"));
    }

    @Test
    void configurations_are_normalised_and_unlisted_keys_dropped() {
        Team team = Identity.team(app, "Ext Config Org");
        HttpTestClient admin = team.admin().http();
        allowUnitedStates(team);
        long menu = app.dsl().insertInto(opbx.db.gen.Tables.IVR_MENUS)
                .set(opbx.db.gen.Tables.IVR_MENUS.ORGANIZATION_ID, team.organizationId())
                .set(opbx.db.gen.Tables.IVR_MENUS.NAME, "Main")
                .set(opbx.db.gen.Tables.IVR_MENUS.TTS_TEXT, "Hello")
                .returning(opbx.db.gen.Tables.IVR_MENUS.ID)
                .fetchOne(opbx.db.gen.Tables.IVR_MENUS.ID);

        JsonNode ivr = admin.postJson("/api/v1/extensions", json("extension_number", "3001", "type", "ivr",
                "configuration", Map.of("ivr_id", String.valueOf(menu), "junk", 1))).json().path("extension");
        JsonNode forward = admin.postJson("/api/v1/extensions", json("extension_number", "3002", "type", "forward",
                "configuration", Map.of("forward_to", "+1 (212) 555-0100"))).json().path("extension");
        JsonNode assistant = admin.postJson("/api/v1/extensions", json("extension_number", "3003", "type", "ai_assistant",
                "configuration", Map.of("provider", "VAPI", "phone_number", "+44 20 7946 0958"),
                "service_token", "tok-secret")).json().path("extension");

        assertEquals(menu, ivr.path("configuration").path("ivr_menu_id").asLong());
        assertTrue(ivr.path("configuration").path("ivr_menu_id").isIntegralNumber());
        assertEquals(menu, ivr.path("configuration").path("ivr_id").asLong());
        assertFalse(ivr.path("configuration").has("junk"));
        assertFalse(ivr.has("sip_config"), "only user extensions show sip_config");
        assertEquals("+12125550100", forward.path("configuration").path("forward_to").asText());
        assertEquals("+442079460958", assistant.path("configuration").path("phone_number").asText());
        assertTrue(assistant.path("service_token_set").asBoolean());
        assertFalse(assistant.toString().contains("tok-secret"));
    }

    @Test
    void the_number_is_immutable_and_a_type_change_clears_user_and_voicemail() {
        Team team = Identity.team(app, "Ext Update Org");
        HttpTestClient admin = team.admin().http();
        long id = created(admin.postJson("/api/v1/extensions", json("extension_number", "1001", "type", "user",
                "user_id", team.user().userId(), "voicemail_enabled", true)));

        assertField(admin.put("/api/v1/extensions/" + id, json("extension_number", "1002")), "extension_number");
        Response same = admin.put("/api/v1/extensions/" + id, json("extension_number", "1001", "status", "inactive"));
        assertEquals(200, same.status(), same.body());
        assertEquals("inactive", same.json().path("extension").path("status").asText());

        Response retyped = admin.put("/api/v1/extensions/" + id, json("type", "forward",
                "configuration", Map.of("forward_to", "2000")));
        assertEquals(200, retyped.status(), retyped.body());
        JsonNode extension = retyped.json().path("extension");
        assertTrue(extension.path("user_id").isNull());
        assertFalse(extension.path("voicemail_enabled").asBoolean());
        assertEquals("Unassigned", extension.path("name").asText());

        assertField(admin.put("/api/v1/extensions/" + id, json("type", "conference")), "configuration.conference_room_id");
    }

    @Test
    void a_pbx_user_changes_only_voicemail_and_configuration_of_their_own_extension() {
        Team team = Identity.team(app, "Ext Own Org");
        allowUnitedStates(team);
        long own = created(team.admin().http().postJson("/api/v1/extensions",
                json("extension_number", "1001", "type", "user", "user_id", team.user().userId())));
        long others = created(team.admin().http().postJson("/api/v1/extensions",
                json("extension_number", "1002", "type", "user", "user_id", team.reporter().userId())));
        HttpTestClient user = team.user().http();

        Response voicemail = user.put("/api/v1/extensions/" + own, json("voicemail_enabled", true,
                "configuration", Map.of("forward_to", "+12125550100")));
        assertEquals(200, voicemail.status(), voicemail.body());
        assertTrue(voicemail.json().path("extension").path("voicemail_enabled").asBoolean());
        assertEquals("+12125550100", voicemail.json().path("extension").path("configuration").path("forward_to").asText());

        Response status = user.put("/api/v1/extensions/" + own, json("status", "inactive"));
        assertEquals(403, status.status());
        assertEquals("You may only change voicemail and configuration of your own extension.", status.json().path("message").asText());
        assertEquals(200, user.put("/api/v1/extensions/" + own, json("status", "active", "extension_number", "1001")).status());
        assertEquals(403, user.put("/api/v1/extensions/" + others, json("voicemail_enabled", true)).status());
        assertEquals(403, team.reporter().http().put("/api/v1/extensions/" + others, json("voicemail_enabled", true)).status());
        assertEquals(403, user.postJson("/api/v1/extensions", json("extension_number", "1003", "type", "user")).status());
        assertEquals(403, user.delete("/api/v1/extensions/" + own).status());
    }

    @Test
    void password_endpoints_show_and_reset_for_admins_only() {
        Team team = Identity.team(app, "Ext Password Org");
        Response create = team.admin().http().postJson("/api/v1/extensions", json("extension_number", "1001", "type", "user"));
        long id = created(create);
        String first = create.json().path("extension").path("sip_config").path("password").asText();

        Response shown = team.owner().http().get("/api/v1/extensions/" + id + "/password");
        assertEquals(200, shown.status(), shown.body());
        assertEquals(first, shown.json().path("password").asText());
        assertEquals(first, shown.json().path("sip_config").path("password").asText());

        Response reset = team.admin().http().put("/api/v1/extensions/" + id + "/reset-password", null);
        assertEquals(200, reset.status(), reset.body());
        String second = reset.json().path("new_password").asText();
        assertNotEquals(first, second);
        assertEquals(second, team.owner().http().get("/api/v1/extensions/" + id + "/password").json().path("password").asText());

        assertEquals(403, team.user().http().get("/api/v1/extensions/" + id + "/password").status());
        assertEquals(403, team.reporter().http().put("/api/v1/extensions/" + id + "/reset-password", null).status());
        long forward = created(team.admin().http().postJson("/api/v1/extensions", json("extension_number", "1002",
                "type", "forward", "configuration", Map.of("forward_to", "1001"))));
        Response notApplicable = team.admin().http().get("/api/v1/extensions/" + forward + "/password");
        assertEquals(400, notApplicable.status());
        assertEquals("NOT_APPLICABLE", notApplicable.json().path("error").path("code").asText());

        JsonNode audit = team.owner().http().get("/api/v1/audit-log?entity_type=extension&entity_id=" + id).json().path("data");
        List<String> actions = new ArrayList<>();
        audit.forEach(row -> actions.add(row.path("action").asText()));
        assertTrue(actions.containsAll(List.of("extension.created", "extension.password_viewed", "extension.password_reset")),
                actions.toString());
        assertFalse(audit.toString().contains(first) || audit.toString().contains(second));
    }

    @Test
    void a_referenced_extension_cannot_be_deleted_and_a_free_one_is_soft_deleted_and_restorable() {
        Team team = Identity.team(app, "Ext Delete Org");
        HttpTestClient admin = team.admin().http();
        long member = created(admin.postJson("/api/v1/extensions", json("extension_number", "1001", "type", "user")));
        long group = app.dsl().insertInto(RING_GROUPS)
                .set(RING_GROUPS.ORGANIZATION_ID, team.organizationId())
                .set(RING_GROUPS.NAME, "Sales")
                .returning(RING_GROUPS.ID).fetchOne(RING_GROUPS.ID);
        app.dsl().insertInto(RING_GROUP_MEMBERS)
                .set(RING_GROUP_MEMBERS.ORGANIZATION_ID, team.organizationId())
                .set(RING_GROUP_MEMBERS.RING_GROUP_ID, group)
                .set(RING_GROUP_MEMBERS.EXTENSION_ID, member)
                .set(RING_GROUP_MEMBERS.PRIORITY, (short) 1)
                .execute();

        Response blocked = admin.delete("/api/v1/extensions/" + member);
        assertEquals(409, blocked.status(), blocked.body());
        assertEquals("RESOURCE_IN_USE", blocked.json().path("error").path("code").asText());
        assertEquals("Sales", blocked.json().path("references").path("ring_group_members").path(0).path("ring_group_name").asText());
        assertEquals(200, admin.get("/api/v1/extensions/" + member).status());

        long free = created(admin.postJson("/api/v1/extensions", json("extension_number", "1002", "type", "user")));
        assertEquals(204, admin.delete("/api/v1/extensions/" + free).status());
        assertEquals(404, admin.get("/api/v1/extensions/" + free).status());
        long reused = created(admin.postJson("/api/v1/extensions", json("extension_number", "1002", "type", "user")));
        assertEquals(409, admin.post("/api/v1/extensions/" + free + "/restore").status());
        assertEquals(204, admin.delete("/api/v1/extensions/" + reused).status());
        Response restored = admin.post("/api/v1/extensions/" + free + "/restore");
        assertEquals(200, restored.status(), restored.body());
        assertEquals("Extension restored successfully.", restored.json().path("message").asText());
    }

    @Test
    void another_organisations_extension_is_a_404_and_stays_untouched() {
        Team mine = Identity.team(app, "Ext Mine Org");
        Team theirs = Identity.team(app, "Ext Theirs Org");
        long id = created(theirs.admin().http().postJson("/api/v1/extensions", json("extension_number", "1001", "type", "user")));
        String before = storedSipPassword(theirs, id);

        for (Response response : List.of(mine.owner().http().get("/api/v1/extensions/" + id),
                mine.owner().http().put("/api/v1/extensions/" + id, json("status", "inactive")),
                mine.owner().http().delete("/api/v1/extensions/" + id),
                mine.owner().http().get("/api/v1/extensions/" + id + "/password"),
                mine.owner().http().put("/api/v1/extensions/" + id + "/reset-password", null),
                mine.owner().http().post("/api/v1/extensions/" + id + "/restore"))) {
            assertEquals(404, response.status(), response.body());
            assertEquals("Extension not found.", response.json().path("message").asText());
        }
        assertEquals(404, mine.owner().http().get("/api/v1/extensions/abc").status());
        assertEquals(before, storedSipPassword(theirs, id));
        assertEquals("active", theirs.owner().http().get("/api/v1/extensions/" + id).json().path("extension").path("status").asText());
    }

    @Test
    void concurrent_creates_of_one_number_give_one_extension_and_422s_never_500() throws Exception {
        Team team = Identity.team(app, "Ext Race Org");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                Callable<Integer> create = () -> team.admin().http()
                        .postJson("/api/v1/extensions", json("extension_number", "5555", "type", "user")).status();
                results.add(pool.submit(create));
            }
            int createdCount = 0;
            for (Future<Integer> result : results) {
                int status = result.get();
                assertTrue(status == 201 || status == 422, "status " + status);
                createdCount += status == 201 ? 1 : 0;
            }
            assertEquals(1, createdCount);
            assertEquals(1, app.dsl().fetchCount(EXTENSIONS, EXTENSIONS.ORGANIZATION_ID.eq(team.organizationId())));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void lists_sort_numbers_numerically_filter_and_paginate() {
        Team team = Identity.team(app, "Ext List Org");
        for (String number : List.of("1001", "200", "30000", "999")) {
            created(team.admin().http().postJson("/api/v1/extensions", json("extension_number", number, "type", "user")));
        }

        assertEquals(List.of("200", "999", "1001", "30000"), numbers(team.reporter().http().get("/api/v1/extensions")));
        assertEquals(List.of("30000", "1001", "999", "200"),
                numbers(team.reporter().http().get("/api/v1/extensions?sort_by=extension_number&sort_order=desc")));
        assertEquals(List.of("30000", "1001", "999", "200"),
                numbers(team.reporter().http().get("/api/v1/extensions?sort=extension_number&order=desc")));
        Response page = team.user().http().get("/api/v1/extensions?per_page=3&page=2&type=&status=");
        assertEquals(List.of("30000"), numbers(page));
        assertEquals(4, page.json().path("meta").path("total").asInt());
        assertEquals(2, page.json().path("meta").path("last_page").asInt());
        assertEquals(List.of("999"), numbers(team.user().http().get("/api/v1/extensions?search=99")));
    }

    @Test
    void writes_delete_the_routing_cache_keys_of_the_extension() {
        Team team = Identity.team(app, "Ext Cache Org");
        long id = created(team.admin().http().postJson("/api/v1/extensions", json("extension_number", "1001", "type", "user")));
        String byId = "opbx:{" + team.organizationId() + "}:ext:i:" + id;
        String byNumber = "opbx:{" + team.organizationId() + "}:ext:n:1001";
        app.server().redis().client().set(byId, "stale");
        app.server().redis().client().set(byNumber, "stale");

        assertEquals(200, team.admin().http().put("/api/v1/extensions/" + id, json("status", "inactive")).status());

        assertNull(app.server().redis().client().get(byId));
        assertNull(app.server().redis().client().get(byNumber));
    }

    @Test
    void sync_answers_when_cloudonix_is_not_configured() {
        Team team = Identity.team(app, "Ext Sync Org");

        Response compare = team.reporter().http().get("/api/v1/extensions/sync/compare");
        assertEquals(200, compare.status(), compare.body());
        assertFalse(compare.json().path("needs_sync").asBoolean());
        assertEquals("Cloudonix is not configured.", compare.json().path("error").asText());

        Response sync = team.admin().http().post("/api/v1/extensions/sync");
        assertEquals(400, sync.status());
        assertEquals("CLOUDONIX_NOT_CONFIGURED", sync.json().path("error").path("code").asText());
        assertFalse(sync.json().path("success").asBoolean(true));
        assertEquals(403, team.user().http().post("/api/v1/extensions/sync").status());
    }

    @Test
    void sip_passwords_never_reach_the_logs() {
        Team team = Identity.team(app, "Ext Logs Org");
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        java.io.PrintStream originalErr = System.err;
        java.io.PrintStream originalOut = System.out;
        java.io.PrintStream tee = new java.io.PrintStream(captured, true);
        List<String> passwords = new ArrayList<>();
        System.setErr(tee);
        System.setOut(tee);
        try {
            Response create = team.admin().http().postJson("/api/v1/extensions", json("extension_number", "1001", "type", "user"));
            long id = created(create);
            passwords.add(create.json().path("extension").path("sip_config").path("password").asText());
            passwords.add(team.admin().http().put("/api/v1/extensions/" + id + "/reset-password", null)
                    .json().path("new_password").asText());
            team.owner().http().get("/api/v1/extensions/" + id + "/password");
            team.admin().http().put("/api/v1/extensions/" + id, "{\"configuration\": 12}");
        } finally {
            System.setErr(originalErr);
            System.setOut(originalOut);
        }
        String logs = captured.toString();
        for (String password : passwords) {
            assertFalse(password.isEmpty());
            assertFalse(logs.contains(password), "a SIP password was logged");
        }
    }

    @Test
    void restoring_an_extension_that_would_close_a_forwarding_loop_is_refused() {
        Team team = Identity.team(app, "Ext Restore Loop Org");
        HttpTestClient admin = team.admin().http();
        long first = created(admin.postJson("/api/v1/extensions", json("extension_number", "6001", "type", "forward",
                "configuration", Map.of("forward_to", "6002"))));
        assertEquals(204, admin.delete("/api/v1/extensions/" + first).status());
        created(admin.postJson("/api/v1/extensions", json("extension_number", "6002", "type", "forward",
                "configuration", Map.of("forward_to", "6001"))));

        Response restore = admin.post("/api/v1/extensions/" + first + "/restore");

        assertEquals(422, restore.status(), restore.body());
        assertTrue(restore.body().contains("call-flow loop"), restore.body());
        assertEquals(404, admin.get("/api/v1/extensions/" + first).status(), "still deleted");
        created(admin.postJson("/api/v1/extensions", json("extension_number", "7001", "type", "forward",
                "configuration", Map.of("forward_to", "7002"))));
    }

    @Test
    void a_pbx_user_sending_null_for_a_locked_field_of_their_extension_is_refused() {
        Team team = Identity.team(app, "Ext Null Lock Org");
        long own = created(team.admin().http().postJson("/api/v1/extensions",
                json("extension_number", "1001", "type", "user", "user_id", team.user().userId())));

        assertEquals(403, team.user().http().put("/api/v1/extensions/" + own, "{\"user_id\":null}").status());
        assertEquals(403, team.user().http().put("/api/v1/extensions/" + own, "{\"status\":null}").status());
        assertEquals(team.user().userId(), team.admin().http().get("/api/v1/extensions/" + own).json()
                .path("extension").path("user_id").asLong());
    }

    private static List<String> numbers(Response response) {
        assertEquals(200, response.status(), response.body());
        List<String> numbers = new ArrayList<>();
        response.json().path("data").forEach(row -> numbers.add(row.path("extension_number").asText()));
        return numbers;
    }

    private static void assertField(Response response, String field) {
        assertEquals(422, response.status(), response.body());
        assertTrue(response.json().path("errors").has(field), field + " in " + response.body());
    }
}
