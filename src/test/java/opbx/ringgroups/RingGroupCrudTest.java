package opbx.ringgroups;

import static opbx.ringgroups.RingGroupRows.member;
import static opbx.ringgroups.RingGroupRows.members;
import static opbx.support.TestData.fieldNames;
import static opbx.support.TestData.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import opbx.db.gen.tables.records.AuditLogRecord;
import opbx.db.gen.tables.records.RingGroupsRecord;
import opbx.support.HttpTestClient;
import opbx.support.HttpTestClient.Response;
import opbx.support.Identity;
import opbx.support.Identity.Team;
import opbx.support.TestApp;
import org.junit.jupiter.api.Test;

/** /api/v1/ring-groups: create, show, partial update, member replacement, audit and cache (control-plane spec §3.4). */
class RingGroupCrudTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String TIMESTAMP = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z";
    private static final String PATH = "/api/v1/ring-groups";

    private final TestApp app = TestApp.shared();

    // ---------------------------------------------------------------- create and show

    @Test
    void create_with_members_and_a_fallback_extension_answers_201_with_the_full_ring_group() {
        Team team = Identity.team(app, "RG Create Org");
        RingGroupRows rows = new RingGroupRows(app.dsl(), team.organizationId());
        long jane = rows.user("Jane Roe");
        long assigned = rows.extension("user", "active", jane);
        long unassigned = rows.extension();
        long fallback = rows.extension("forward", "active", null);

        Response response = team.admin().http().postJson(PATH, json(
                "name", "  Sales  ", "description", "Front desk", "strategy", "sequential", "timeout", 20,
                "ring_turns", 2, "fallback_action", "extension", "fallback_extension_id", fallback,
                "fallback_ring_group_id", null, "fallback_ivr_menu_id", null, "fallback_ai_assistant_id", null,
                "status", "active", "organization_id", 999999, "id", 424242,
                "members", List.of(member(assigned, 2), member(unassigned, 1))));

        assertEquals(201, response.status(), response.body());
        assertEquals("Ring group created successfully.", response.json().path("message").asText());
        JsonNode data = response.json().path("data");
        assertEquals(new TreeSet<>(Set.of("id", "organization_id", "name", "description", "strategy", "timeout",
                "ring_turns", "fallback_action", "fallback_extension_id", "fallback_ring_group_id", "fallback_ivr_menu_id",
                "fallback_ai_assistant_id", "fallback_extension_number", "fallback_extension", "status", "members_count",
                "active_members_count", "members", "created_at", "updated_at")), fieldNames(data));
        long id = data.path("id").asLong();
        assertTrue(id > 0 && id != 424242, data.toString());
        assertEquals(team.organizationId(), data.path("organization_id").asLong());
        assertEquals("Sales", data.path("name").asText());
        assertEquals("Front desk", data.path("description").asText());
        assertEquals("sequential", data.path("strategy").asText());
        assertEquals(20, data.path("timeout").asInt());
        assertEquals(2, data.path("ring_turns").asInt());
        assertEquals("extension", data.path("fallback_action").asText());
        assertEquals(fallback, data.path("fallback_extension_id").asLong());
        assertTrue(data.path("fallback_ring_group_id").isNull());
        assertTrue(data.path("fallback_ivr_menu_id").isNull());
        assertTrue(data.path("fallback_ai_assistant_id").isNull());
        String fallbackNumber = rows.extensionNumber(fallback);
        assertEquals(fallbackNumber, data.path("fallback_extension_number").asText());
        assertEquals("{\"id\":" + fallback + ",\"extension_number\":\"" + fallbackNumber + "\"}",
                data.path("fallback_extension").toString());
        assertEquals("active", data.path("status").asText());
        assertEquals(2, data.path("members_count").asInt());
        assertEquals(2, data.path("active_members_count").asInt());
        assertTrue(data.path("created_at").asText().matches(TIMESTAMP), data.toString());
        assertTrue(data.path("updated_at").asText().matches(TIMESTAMP), data.toString());

        JsonNode members = data.path("members");
        assertEquals(2, members.size(), members.toString());
        JsonNode first = members.get(0);
        assertEquals(new TreeSet<>(Set.of("id", "extension_id", "extension_number", "user_name", "extension_status",
                "priority")), fieldNames(first));
        assertEquals(unassigned, first.path("extension_id").asLong(), "ordered by priority");
        assertEquals(rows.extensionNumber(unassigned), first.path("extension_number").asText());
        assertTrue(first.path("user_name").isNull(), "unassigned extension: null user name");
        assertEquals("active", first.path("extension_status").asText());
        assertEquals(1, first.path("priority").asInt());
        JsonNode second = members.get(1);
        assertEquals(assigned, second.path("extension_id").asLong());
        assertEquals("Jane Roe", second.path("user_name").asText());
        assertEquals(2, second.path("priority").asInt());

        RingGroupsRecord row = rows.group(id);
        assertEquals(team.organizationId(), row.getOrganizationId());
        assertEquals(List.of(unassigned, assigned), rows.memberExtensionIds(id));

        Response show = team.reporter().http().get(PATH + "/" + id);
        assertEquals(200, show.status(), show.body());
        assertEquals(data, show.json().path("data"), "show answers the same object");
    }

    @Test
    void create_with_only_a_name_and_members_uses_the_defaults_and_positional_priorities() {
        Team team = Identity.team(app, "RG Defaults Org");
        RingGroupRows rows = new RingGroupRows(app.dsl(), team.organizationId());
        long a = rows.extension();
        long b = rows.extension();

        Response response = team.owner().http().postJson(PATH, json("name", "Support", "members", members(b, a)));

        assertEquals(201, response.status(), response.body());
        JsonNode data = response.json().path("data");
        assertTrue(data.path("description").isNull());
        assertEquals("simultaneous", data.path("strategy").asText());
        assertEquals(30, data.path("timeout").asInt());
        assertEquals(1, data.path("ring_turns").asInt());
        assertEquals("hangup", data.path("fallback_action").asText());
        assertTrue(data.path("fallback_extension_id").isNull());
        assertTrue(data.path("fallback_extension_number").isNull());
        assertTrue(data.path("fallback_extension").isNull());
        assertEquals("active", data.path("status").asText());
        assertEquals(b, data.path("members").get(0).path("extension_id").asLong());
        assertEquals(1, data.path("members").get(0).path("priority").asInt());
        assertEquals(a, data.path("members").get(1).path("extension_id").asLong());
        assertEquals(2, data.path("members").get(1).path("priority").asInt());
    }

    @Test
    void numbers_sent_as_strings_are_accepted() {
        Team team = Identity.team(app, "RG Coercion Org");
        RingGroupRows rows = new RingGroupRows(app.dsl(), team.organizationId());
        long a = rows.extension();
        long fallback = rows.extension();

        Response response = team.owner().http().postJson(PATH, json("name", "Strings", "timeout", "45",
                "ring_turns", "3", "fallback_action", "extension", "fallback_extension_id", String.valueOf(fallback),
                "members", List.of(member(a, "7"))));

        assertEquals(201, response.status(), response.body());
        JsonNode data = response.json().path("data");
        assertEquals(45, data.path("timeout").asInt());
        assertEquals(3, data.path("ring_turns").asInt());
        assertEquals(fallback, data.path("fallback_extension_id").asLong());
        assertEquals(7, data.path("members").get(0).path("priority").asInt());
    }

    @Test
    void fallback_ids_that_do_not_match_the_action_are_stored_null() {
        Team team = Identity.team(app, "RG Stale Fallback Org");
        RingGroupRows rows = new RingGroupRows(app.dsl(), team.organizationId());
        long member = rows.extension();
        long extension = rows.extension();
        long menu = rows.ivrMenu("Main", "active");

        Response created = team.owner().http().postJson(PATH, json("name", "Stale", "members", members(member),
                "fallback_action", "ivr_menu", "fallback_ivr_menu_id", menu, "fallback_extension_id", extension,
                "fallback_ring_group_id", 987654321, "fallback_ai_assistant_id", "junk"));

        assertEquals(201, created.status(), created.body());
        long id = created.json().path("data").path("id").asLong();
        RingGroupsRecord row = rows.group(id);
        assertEquals(menu, row.getFallbackIvrMenuId());
        assertNull(row.getFallbackExtensionId());
        assertNull(row.getFallbackRingGroupId());
        assertNull(row.getFallbackAiAssistantId());
        assertTrue(created.json().path("data").path("fallback_extension").isNull());
        assertTrue(created.json().path("data").path("fallback_extension_number").isNull());

        Response hangup = team.owner().http().put(PATH + "/" + id, json("fallback_action", "hangup",
                "fallback_ivr_menu_id", menu, "fallback_extension_id", extension));

        assertEquals(200, hangup.status(), hangup.body());
        row = rows.group(id);
        assertEquals("hangup", row.getFallbackAction());
        assertNull(row.getFallbackIvrMenuId());
        assertNull(row.getFallbackExtensionId());
        assertTrue(hangup.json().path("data").path("fallback_ivr_menu_id").isNull());
    }

    @Test
    void every_fallback_action_accepts_its_active_target() {
        Team team = Identity.team(app, "RG Fallback Kinds Org");
        RingGroupRows rows = new RingGroupRows(app.dsl(), team.organizationId());
        long member = rows.extension();
        long assistant = rows.extension("ai_assistant", "active", null);
        long other = createGroup(team, rows, "Other");
        long menu = rows.ivrMenu("Menu", "active");

        for (Object[] fallback : List.of(
                new Object[] {"ai_assistant", "fallback_ai_assistant_id", assistant},
                new Object[] {"ring_group", "fallback_ring_group_id", other},
                new Object[] {"ivr_menu", "fallback_ivr_menu_id", menu})) {
            Response response = team.owner().http().postJson(PATH, json("name", "To " + fallback[0],
                    "members", members(member), "fallback_action", fallback[0], fallback[1], fallback[2]));
            assertEquals(201, response.status(), response.body());
            assertEquals(((Long) fallback[2]).longValue(), response.json().path("data").path((String) fallback[1]).asLong());
            assertTrue(response.json().path("data").path("fallback_extension").isNull());
        }
    }

    // ---------------------------------------------------------------- update

    @Test
    void put_with_only_a_name_keeps_the_members_and_every_other_field() {
        Team team = Identity.team(app, "RG Rename Org");
        RingGroupRows rows = new RingGroupRows(app.dsl(), team.organizationId());
        long a = rows.extension();
        long b = rows.extension();
        long fallback = rows.extension();
        JsonNode created = team.owner().http().postJson(PATH, json("name", "Sales", "strategy", "round_robin",
                "timeout", 25, "fallback_action", "extension", "fallback_extension_id", fallback,
                "members", List.of(member(a, 5), member(b, 3)))).json().path("data");
        long id = created.path("id").asLong();

        Response response = team.admin().http().put(PATH + "/" + id, json("name", "Sales EU"));

        assertEquals(200, response.status(), response.body());
        assertEquals("Ring group updated successfully.", response.json().path("message").asText());
        JsonNode data = response.json().path("data");
        assertEquals("Sales EU", data.path("name").asText());
        assertEquals("round_robin", data.path("strategy").asText());
        assertEquals(25, data.path("timeout").asInt());
        assertEquals(fallback, data.path("fallback_extension_id").asLong());
        assertEquals(created.path("members"), data.path("members"), "members unchanged, ids included");
        assertEquals(List.of(b, a), rows.memberExtensionIds(id));
    }

    @Test
    void put_with_members_replaces_them_exactly_and_keeps_the_row_of_a_member_that_stays() {
        Team team = Identity.team(app, "RG Replace Org");
        RingGroupRows rows = new RingGroupRows(app.dsl(), team.organizationId());
        long a = rows.extension();
        long b = rows.extension();
        long c = rows.extension();
        JsonNode created = team.owner().http().postJson(PATH, json("name", "Replace", "members", members(a, b)))
                .json().path("data");
        long id = created.path("id").asLong();
        long memberRowOfB = created.path("members").get(1).path("id").asLong();

        Response response = team.owner().http().put(PATH + "/" + id, json("members", List.of(member(c, 1), member(b, 2))));

        assertEquals(200, response.status(), response.body());
        JsonNode members = response.json().path("data").path("members");
        assertEquals(2, members.size(), members.toString());
        assertEquals(c, members.get(0).path("extension_id").asLong());
        assertEquals(b, members.get(1).path("extension_id").asLong());
        assertEquals(memberRowOfB, members.get(1).path("id").asLong());
        assertEquals(2, response.json().path("data").path("members_count").asInt());
        assertEquals(List.of(c, b), rows.memberExtensionIds(id));
        assertEquals("Replace", response.json().path("data").path("name").asText());
    }

    @Test
    void patch_is_a_partial_update_like_put() {
        Team team = Identity.team(app, "RG Patch Org");
        RingGroupRows rows = new RingGroupRows(app.dsl(), team.organizationId());
        long a = rows.extension();
        long id = team.owner().http().postJson(PATH, json("name", "Patchable", "members", members(a)))
                .json().path("data").path("id").asLong();

        Response response = patch(team.owner().http(), PATH + "/" + id, json("status", "inactive", "timeout", 60));

        assertEquals(200, response.status(), response.body());
        RingGroupsRecord row = rows.group(id);
        assertEquals("inactive", row.getStatus());
        assertEquals(60, row.getTimeout());
        assertEquals("Patchable", row.getName());
        assertEquals(List.of(a), rows.memberExtensionIds(id));
    }

    @Test
    void an_inactive_member_that_stays_does_not_block_an_unrelated_update() {
        Team team = Identity.team(app, "RG Link Rule Org");
        RingGroupRows rows = new RingGroupRows(app.dsl(), team.organizationId());
        long a = rows.extension();
        long b = rows.extension();
        long fallback = rows.extension();
        long id = team.owner().http().postJson(PATH, json("name", "Link Rule", "members", members(a, b),
                "fallback_action", "extension", "fallback_extension_id", fallback)).json().path("data").path("id").asLong();
        rows.setExtensionStatus(b, "inactive");
        rows.setExtensionStatus(fallback, "inactive");

        Response rename = team.owner().http().put(PATH + "/" + id, json("name", "Link Rule 2",
                "fallback_action", "extension", "fallback_extension_id", fallback));
        assertEquals(200, rename.status(), rename.body());
        assertEquals(1, rename.json().path("data").path("active_members_count").asInt());
        assertEquals(2, rename.json().path("data").path("members_count").asInt());
        assertEquals("inactive", rename.json().path("data").path("members").get(1).path("extension_status").asText());

        Response resend = team.owner().http().put(PATH + "/" + id, json("members", List.of(member(b, 1), member(a, 2))));
        assertEquals(200, resend.status(), resend.body());
        assertEquals(List.of(b, a), rows.memberExtensionIds(id));
    }

    @Test
    void concurrent_updates_of_one_group_each_leave_a_complete_member_list() throws Exception {
        Team team = Identity.team(app, "RG Concurrent Org");
        RingGroupRows rows = new RingGroupRows(app.dsl(), team.organizationId());
        List<Long> first = List.of(rows.extension(), rows.extension(), rows.extension());
        List<Long> second = List.of(rows.extension(), rows.extension());
        long id = team.owner().http().postJson(PATH, json("name", "Busy", "members", members(first.get(0))))
                .json().path("data").path("id").asLong();

        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Response>> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                List<Long> ids = i % 2 == 0 ? first : second;
                answers.add(pool.submit(() -> team.owner().http().put(PATH + "/" + id,
                        json("members", members(ids.stream().mapToLong(Long::longValue).toArray())))));
            }
            for (Future<Response> answer : answers) {
                Response response = answer.get();
                assertEquals(200, response.status(), response.body());
            }
        } finally {
            pool.shutdownNow();
        }
        List<Long> stored = rows.memberExtensionIds(id);
        assertTrue(stored.equals(first) || stored.equals(second), stored.toString());
    }

    @Test
    void concurrent_creates_with_one_name_give_one_201_and_422s_never_a_500() throws Exception {
        Team team = Identity.team(app, "RG Concurrent Name Org");
        RingGroupRows rows = new RingGroupRows(app.dsl(), team.organizationId());
        long a = rows.extension();

        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Integer> statuses = new ArrayList<>();
        try {
            List<Future<Response>> answers = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                String name = i % 2 == 0 ? "Race" : "RACE";
                answers.add(pool.submit(() -> team.owner().http().postJson(PATH, json("name", name, "members", members(a)))));
            }
            for (Future<Response> answer : answers) {
                Response response = answer.get();
                statuses.add(response.status());
                if (response.status() == 422) {
                    assertEquals("The name has already been taken.",
                            response.json().path("errors").path("name").get(0).asText(), response.body());
                }
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, statuses.stream().filter(status -> status == 201).count(), statuses.toString());
        assertEquals(5, statuses.stream().filter(status -> status == 422).count(), statuses.toString());
    }

    // ---------------------------------------------------------------- audit and cache

    @Test
    void create_and_update_are_audited_with_members_as_lists_of_extension_ids() {
        Team team = Identity.team(app, "RG Audit Org");
        RingGroupRows rows = new RingGroupRows(app.dsl(), team.organizationId());
        long a = rows.extension();
        long b = rows.extension();
        long id = team.owner().http().postJson(PATH, json("name", "Audited", "members", members(a, b)))
                .json().path("data").path("id").asLong();

        List<AuditLogRecord> created = rows.audit("ring_group.created", id);
        assertEquals(1, created.size());
        JsonNode createdChanges = readTree(created.get(0).getChanges().data());
        assertEquals("Audited", createdChanges.path("to").path("name").asText());
        assertEquals("[" + a + "," + b + "]", createdChanges.path("to").path("members").toString());
        assertEquals("ring_group", created.get(0).getEntityType());
        assertEquals(team.owner().userId(), created.get(0).getActorUserId());

        assertEquals(200, team.owner().http().put(PATH + "/" + id, json("name", "Audited 2", "members", members(a)))
                .status());

        List<AuditLogRecord> updated = rows.audit("ring_group.updated", id);
        assertEquals(1, updated.size());
        JsonNode changes = readTree(updated.get(0).getChanges().data());
        assertEquals("[" + a + "," + b + "]", changes.path("members").path("from").toString());
        assertEquals("[" + a + "]", changes.path("members").path("to").toString());
        assertEquals("Audited", changes.path("name").path("from").asText());
        assertEquals("Audited 2", changes.path("name").path("to").asText());
        assertEquals(Set.of("members", "name"), fieldNames(changes));
    }

    @Test
    void an_update_deletes_the_routing_cache_entry_of_the_group() {
        Team team = Identity.team(app, "RG Cache Update Org");
        RingGroupRows rows = new RingGroupRows(app.dsl(), team.organizationId());
        long a = rows.extension();
        long id = team.owner().http().postJson(PATH, json("name", "Cached", "members", members(a)))
                .json().path("data").path("id").asLong();
        String key = "opbx:{" + team.organizationId() + "}:rg:" + id;
        app.server().redis().client().set(key, "x");

        assertEquals(200, team.owner().http().put(PATH + "/" + id, json("timeout", 40)).status());

        assertTrue(!app.server().redis().client().exists(key), key + " deleted after the update");
    }

    private static Response patch(HttpTestClient http, String path, String body) {
        return http.send("PATCH", path, body, "application/json", Map.of());
    }

    private long createGroup(Team team, RingGroupRows rows, String name) {
        Response response = team.owner().http().postJson(PATH, json("name", name, "members", members(rows.extension())));
        assertEquals(201, response.status(), response.body());
        return response.json().path("data").path("id").asLong();
    }

    private static JsonNode readTree(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (Exception e) {
            throw new AssertionError(json, e);
        }
    }
}
