package opbx.callflows;

import static opbx.db.gen.Tables.EXTENSIONS;
import static opbx.db.gen.Tables.IVR_MENUS;
import static opbx.db.gen.Tables.IVR_MENU_OPTIONS;
import static opbx.db.gen.Tables.RING_GROUPS;
import static opbx.support.TestData.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import opbx.support.HttpTestClient;
import opbx.support.HttpTestClient.Response;
import opbx.support.Identity;
import opbx.support.Identity.Team;
import opbx.support.TestApp;
import org.junit.jupiter.api.Test;

class CallFlowTest {

    private final TestApp app = TestApp.shared();

    private long userExtension(Team team, String number) {
        Response response = team.admin().http().postJson("/api/v1/extensions", json("extension_number", number, "type", "user"));
        assertEquals(201, response.status(), response.body());
        return response.json().path("extension").path("id").asLong();
    }

    private long ringGroup(Team team, String name, long member) {
        Response response = team.admin().http().postJson("/api/v1/ring-groups", json("name", name,
                "members", List.of(Map.of("extension_id", member))));
        assertEquals(201, response.status(), response.body());
        return response.json().path("data").path("id").asLong();
    }

    private long menu(Team team, String name) {
        return app.dsl().insertInto(IVR_MENUS).set(IVR_MENUS.ORGANIZATION_ID, team.organizationId())
                .set(IVR_MENUS.NAME, name).set(IVR_MENUS.TTS_TEXT, "Press 1")
                .returning(IVR_MENUS.ID).fetchOne(IVR_MENUS.ID);
    }

    private static void assertLoop(Response response, String field, String... parts) {
        assertEquals(422, response.status(), response.body());
        String message = response.json().path("errors").path(field).path(0).asText();
        assertTrue(message.startsWith("This change would create a call-flow loop: "), message);
        for (String part : parts) {
            assertTrue(message.contains(part), part + " in " + message);
        }
    }

    @Test
    void two_ring_groups_falling_back_to_each_other_are_refused_with_the_loop_spelled_out() {
        Team team = Identity.team(app, "Flow Fallback Org");
        long member = userExtension(team, "1001");
        long sales = ringGroup(team, "Sales", member);
        long support = ringGroup(team, "Support", member);
        HttpTestClient admin = team.admin().http();
        assertEquals(200, admin.put("/api/v1/ring-groups/" + sales,
                json("fallback_action", "ring_group", "fallback_ring_group_id", support)).status());

        Response loop = admin.put("/api/v1/ring-groups/" + support, json("fallback_action", "ring_group",
                "fallback_ring_group_id", sales));

        assertLoop(loop, "fallback_ring_group_id", "ring group \"Sales\"", "fallback", "ring group \"Support\"");
        assertEquals("hangup", app.dsl().select(RING_GROUPS.FALLBACK_ACTION).from(RING_GROUPS)
                .where(RING_GROUPS.ORGANIZATION_ID.eq(team.organizationId())).and(RING_GROUPS.ID.eq(support))
                .fetchOne(RING_GROUPS.FALLBACK_ACTION), "the refused write left nothing behind");
    }

    @Test
    void a_ring_group_extension_whose_group_falls_back_to_it_is_a_loop() {
        Team team = Identity.team(app, "Flow Extension Org");
        long member = userExtension(team, "1001");
        long group = ringGroup(team, "Sales", member);
        Response extension = team.admin().http().postJson("/api/v1/extensions", json("extension_number", "2000",
                "type", "ring_group", "configuration", Map.of("ring_group_id", group)));
        long entry = extension.json().path("extension").path("id").asLong();

        Response loop = team.admin().http().put("/api/v1/ring-groups/" + group, json("fallback_action", "extension",
                "fallback_extension_id", entry));

        assertLoop(loop, "fallback_extension_id", "extension \"2000\"", "target", "ring group \"Sales\"");
    }

    @Test
    void extensions_forwarding_to_each_other_are_a_loop_but_forwarding_to_a_user_is_not() {
        Team team = Identity.team(app, "Flow Forward Org");
        HttpTestClient admin = team.admin().http();
        userExtension(team, "1001");
        Response first = admin.postJson("/api/v1/extensions", json("extension_number", "3001", "type", "forward",
                "configuration", Map.of("forward_to", "3002")));
        assertEquals(201, first.status(), first.body());
        assertEquals(201, admin.postJson("/api/v1/extensions", json("extension_number", "3003", "type", "forward",
                "configuration", Map.of("forward_to", "1001"))).status());

        Response loop = admin.postJson("/api/v1/extensions", json("extension_number", "3002", "type", "forward",
                "configuration", Map.of("forward_to", "3001")));

        assertLoop(loop, "configuration.forward_to", "extension \"3001\"", "forward", "extension \"3002\"");
        assertEquals(0, app.dsl().fetchCount(EXTENSIONS, EXTENSIONS.ORGANIZATION_ID.eq(team.organizationId())
                .and(EXTENSIONS.EXTENSION_NUMBER.eq("3002"))));
    }

    @Test
    void a_cycle_through_an_ivr_choice_is_allowed() {
        Team team = Identity.team(app, "Flow Choice Org");
        long member = userExtension(team, "1001");
        long main = menu(team, "Main");
        long group = ringGroup(team, "Sales", member);
        app.dsl().insertInto(IVR_MENU_OPTIONS).set(IVR_MENU_OPTIONS.ORGANIZATION_ID, team.organizationId())
                .set(IVR_MENU_OPTIONS.IVR_MENU_ID, main).set(IVR_MENU_OPTIONS.INPUT_DIGITS, "1")
                .set(IVR_MENU_OPTIONS.DESTINATION_TYPE, "ring_group").set(IVR_MENU_OPTIONS.DESTINATION_ID, group)
                .set(IVR_MENU_OPTIONS.PRIORITY, (short) 1).execute();

        Response back = team.admin().http().put("/api/v1/ring-groups/" + group, json("fallback_action", "ivr_menu",
                "fallback_ivr_menu_id", main));

        assertEquals(200, back.status(), back.body());
    }

    @Test
    void concurrent_writes_cannot_together_form_a_loop() throws Exception {
        Team team = Identity.team(app, "Flow Race Org");
        long member = userExtension(team, "1001");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 5; round++) {
                long a = ringGroup(team, "A" + round, member);
                long b = ringGroup(team, "B" + round, member);
                CountDownLatch start = new CountDownLatch(1);
                Future<Integer> first = pool.submit(() -> {
                    start.await();
                    return team.admin().http().put("/api/v1/ring-groups/" + a,
                            json("fallback_action", "ring_group", "fallback_ring_group_id", b)).status();
                });
                Future<Integer> second = pool.submit(() -> {
                    start.await();
                    return team.owner().http().put("/api/v1/ring-groups/" + b,
                            json("fallback_action", "ring_group", "fallback_ring_group_id", a)).status();
                });
                start.countDown();
                List<Integer> statuses = new ArrayList<>(List.of(first.get(), second.get()));
                statuses.sort(null);
                assertEquals(List.of(200, 422), statuses, "round " + round);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void the_view_of_a_phone_number_is_a_finite_tree_with_choices_and_references() {
        Team team = Identity.team(app, "Flow View Org");
        long member = userExtension(team, "1001");
        long main = menu(team, "Main");
        long group = ringGroup(team, "Sales", member);
        team.admin().http().put("/api/v1/ring-groups/" + group, json("fallback_action", "ivr_menu", "fallback_ivr_menu_id", main,
                "strategy", "sequential", "timeout", 20));
        app.dsl().insertInto(IVR_MENU_OPTIONS).set(IVR_MENU_OPTIONS.ORGANIZATION_ID, team.organizationId())
                .set(IVR_MENU_OPTIONS.IVR_MENU_ID, main).set(IVR_MENU_OPTIONS.INPUT_DIGITS, "1")
                .set(IVR_MENU_OPTIONS.DESTINATION_TYPE, "ring_group").set(IVR_MENU_OPTIONS.DESTINATION_ID, group)
                .set(IVR_MENU_OPTIONS.PRIORITY, (short) 1).execute();
        String number = "+1332" + (1_000_000 + ThreadLocalRandom.current().nextInt(9_000_000));
        long did = team.admin().http().postJson("/api/v1/phone-numbers", json("phone_number", number, "routing_type", "ring_group",
                "routing_config", Map.of("ring_group_id", group))).json().path("data").path("id").asLong();

        Response view = team.reporter().http().get("/api/v1/call-flows/phone-numbers/" + did);

        assertEquals(200, view.status(), view.body());
        JsonNode root = view.json().path("data");
        assertEquals("phone_number", root.path("type").asText());
        JsonNode sales = root.path("edges").path(0).path("node");
        assertEquals("ring_group", sales.path("type").asText());
        assertEquals("sequential", sales.path("detail").path("strategy").asText());
        JsonNode firstMember = sales.path("detail").path("members").path(0);
        assertEquals("1001", firstMember.path("number").asText(), sales.toString());
        assertEquals("active", firstMember.path("status").asText(), sales.toString());
        assertTrue(firstMember.path("rings").asBoolean(), sales.toString());
        JsonNode fallback = sales.path("edges").path(0);
        assertEquals("fallback", fallback.path("kind").asText());
        assertTrue(fallback.path("automatic").asBoolean());
        JsonNode menuNode = fallback.path("node");
        assertEquals("Press 1", menuNode.path("detail").path("prompt").asText());
        JsonNode option = null;
        for (JsonNode edge : menuNode.path("edges")) {
            if (edge.path("kind").asText().equals("option")) {
                option = edge;
            }
        }
        assertEquals("1", option.path("digits").asText());
        assertTrue(!option.path("automatic").asBoolean());
        assertTrue(option.path("node").path("ref").asBoolean(), "the group already on the path is a reference");

        assertEquals(404, team.owner().http().get("/api/v1/call-flows/phone-numbers/999999999").status());
        Team other = Identity.team(app, "Flow View Other Org");
        assertEquals(404, other.owner().http().get("/api/v1/call-flows/phone-numbers/" + did).status());
        assertEquals(200, team.user().http().get("/api/v1/call-flows/extensions/" + member).status());
    }
}
