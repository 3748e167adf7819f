package opbx.ringgroups;

import static opbx.db.gen.Tables.RING_GROUPS;
import static opbx.ringgroups.RingGroupRows.member;
import static opbx.ringgroups.RingGroupRows.members;
import static opbx.support.TestData.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import opbx.support.HttpTestClient.Response;
import opbx.support.Identity;
import opbx.support.Identity.Team;
import opbx.support.TestApp;
import org.junit.jupiter.api.Test;

/** Every rule of control-plane spec §3.4 with a failing case: 422 on the named field, nothing written. */
class RingGroupValidationTest {

    private static final String PATH = "/api/v1/ring-groups";

    private final TestApp app = TestApp.shared();

    @Test
    void an_empty_body_reports_every_required_field_in_one_422() {
        Team team = Identity.team(app, "RG Required Org");

        Response response = team.owner().http().postJson(PATH, "{}");

        assertEquals(422, response.status(), response.body());
        assertEquals("The name field is required.", error(response, "name"));
        assertEquals("The members field is required.", error(response, "members"));
        assertEquals("The name field is required. (and 1 more error)", response.json().path("message").asText());
        assertEquals("VALIDATION_FAILED", response.json().path("error").path("code").asText());
        assertEquals(0, groupCount(team));
    }

    @Test
    void scalar_fields_outside_their_rules_are_each_reported() {
        Team team = Identity.team(app, "RG Scalars Org");
        RingGroupRows rows = new RingGroupRows(app.dsl(), team.organizationId());
        long a = rows.extension();
        Map<String, Object[]> cases = new LinkedHashMap<>();
        cases.put("name", new Object[] {"A", "The name must be at least 2 characters."});
        cases.put("description", new Object[] {"x".repeat(1001), "The description must not be greater than 1000 characters."});
        cases.put("strategy", new Object[] {"random", "The selected strategy is invalid."});
        cases.put("status", new Object[] {"paused", "The selected status is invalid."});
        cases.put("fallback_action", new Object[] {"voicemail", "The selected fallback action is invalid."});

        for (Map.Entry<String, Object[]> entry : cases.entrySet()) {
            Map<String, Object> body = new LinkedHashMap<>(Map.of("name", "Valid name", "members", members(a)));
            body.put(entry.getKey(), entry.getValue()[0]);
            Response response = team.owner().http().postJson(PATH, json(flatten(body)));
            assertEquals(422, response.status(), entry.getKey() + ": " + response.body());
            assertEquals(entry.getValue()[1], error(response, entry.getKey()), response.body());
        }

        Response tooLong = team.owner().http().postJson(PATH, json("name", "n".repeat(101), "members", members(a)));
        assertEquals("The name must not be greater than 100 characters.", error(tooLong, "name"));
        assertEquals(0, groupCount(team));
    }

    @Test
    void timeout_and_ring_turns_must_be_integers_in_range() {
        Team team = Identity.team(app, "RG Ranges Org");
        RingGroupRows rows = new RingGroupRows(app.dsl(), team.organizationId());
        long a = rows.extension();

        for (Object[] bad : List.of(
                new Object[] {"timeout", 4, "The timeout must be between 5 and 300."},
                new Object[] {"timeout", 301, "The timeout must be between 5 and 300."},
                new Object[] {"timeout", "abc", "The timeout must be an integer."},
                new Object[] {"timeout", 12.5, "The timeout must be an integer."},
                new Object[] {"ring_turns", 0, "The ring turns must be between 1 and 9."},
                new Object[] {"ring_turns", 10, "The ring turns must be between 1 and 9."})) {
            Response response = team.owner().http().postJson(PATH, json("name", "Ranges", "members", members(a),
                    bad[0], bad[1]));
            assertEquals(422, response.status(), response.body());
            assertEquals(bad[2], error(response, (String) bad[0]), response.body());
        }
        assertEquals(0, groupCount(team));
    }

    @Test
    void a_name_is_unique_per_organisation_regardless_of_case() {
        Team team = Identity.team(app, "RG Unique Org");
        Team other = Identity.team(app, "RG Unique Other Org");
        RingGroupRows rows = new RingGroupRows(app.dsl(), team.organizationId());
        long a = rows.extension();
        assertEquals(201, team.owner().http().postJson(PATH, json("name", "Sales", "members", members(a))).status());

        Response duplicate = team.owner().http().postJson(PATH, json("name", "  sALES ", "members", members(a)));
        assertEquals(422, duplicate.status(), duplicate.body());
        assertEquals("The name has already been taken.", error(duplicate, "name"));

        long second = team.owner().http().postJson(PATH, json("name", "Support", "members", members(a)))
                .json().path("data").path("id").asLong();
        Response rename = team.owner().http().put(PATH + "/" + second, json("name", "SALES"));
        assertEquals(422, rename.status(), rename.body());
        assertEquals("The name has already been taken.", error(rename, "name"));

        Response ownCase = team.owner().http().put(PATH + "/" + second, json("name", "SUPPORT"));
        assertEquals(200, ownCase.status(), "its own name in another case: " + ownCase.body());

        long otherExtension = new RingGroupRows(app.dsl(), other.organizationId()).extension();
        assertEquals(201, other.owner().http().postJson(PATH, json("name", "Sales", "members", members(otherExtension)))
                .status(), "another organisation may use the name");
    }

    @Test
    void members_must_be_a_list_of_one_to_fifty() {
        Team team = Identity.team(app, "RG Member Count Org");
        RingGroupRows rows = new RingGroupRows(app.dsl(), team.organizationId());
        long[] ids = new long[51];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = rows.extension();
        }

        Response empty = team.owner().http().postJson(PATH, json("name", "Empty", "members", List.of()));
        assertEquals("The members field is required.", error(empty, "members"));
        Response notList = team.owner().http().postJson(PATH, json("name", "Not list", "members", "1001"));
        assertEquals("The members must be an array.", error(notList, "members"));
        Response tooMany = team.owner().http().postJson(PATH, json("name", "Too many", "members", members(ids)));
        assertEquals(422, tooMany.status(), tooMany.body());
        assertEquals("The members must not have more than 50 items.", error(tooMany, "members"));
        Response fifty = team.owner().http().postJson(PATH, json("name", "Fifty",
                "members", members(java.util.Arrays.copyOf(ids, 50))));
        assertEquals(201, fifty.status(), fifty.body());
        assertEquals(50, fifty.json().path("data").path("members_count").asInt());

        long id = fifty.json().path("data").path("id").asLong();
        Response clear = team.owner().http().put(PATH + "/" + id, json("members", List.of()));
        assertEquals(422, clear.status(), "an update cannot empty the group: " + clear.body());
        assertEquals(50, rows.memberRows(id));
    }

    @Test
    void member_elements_report_their_full_path() {
        Team team = Identity.team(app, "RG Member Fields Org");
        RingGroupRows rows = new RingGroupRows(app.dsl(), team.organizationId());
        long a = rows.extension();
        long b = rows.extension();
        long c = rows.extension();

        Response response = team.owner().http().postJson(PATH, json("name", "Paths", "members", List.of(
                member(a, 1), member(a, 2), Map.of("priority", 3), member(b, 0), member(c, 101), "x",
                Map.of("extension_id", "abc"))));

        assertEquals(422, response.status(), response.body());
        assertEquals("The members.1.extension_id field has a duplicate value.", error(response, "members.1.extension_id"));
        assertEquals("The members.2.extension_id field is required.", error(response, "members.2.extension_id"));
        assertEquals("The members.3.priority must be between 1 and 100.", error(response, "members.3.priority"));
        assertEquals("The members.4.priority must be between 1 and 100.", error(response, "members.4.priority"));
        assertEquals("The members.5 must be an object.", error(response, "members.5"));
        assertEquals("The members.6.extension_id must be an integer.", error(response, "members.6.extension_id"));
        assertTrue(response.json().path("errors").path("members.0.extension_id").isMissingNode(), response.body());
        assertEquals(0, groupCount(team));
    }

    @Test
    void members_must_be_live_user_extensions_of_the_organisation_and_new_ones_active() {
        Team team = Identity.team(app, "RG Member Links Org");
        Team other = Identity.team(app, "RG Member Links Other Org");
        RingGroupRows rows = new RingGroupRows(app.dsl(), team.organizationId());
        long valid = rows.extension();
        long foreign = new RingGroupRows(app.dsl(), other.organizationId()).extension();
        long assistant = rows.extension("ai_assistant", "active", null);
        long inactive = rows.extension("user", "inactive", null);
        long deleted = rows.extension();
        rows.softDeleteExtension(deleted);

        for (long bad : new long[] {foreign, assistant, inactive, deleted, 987654321L}) {
            Response response = team.owner().http().postJson(PATH, json("name", "Links", "members", members(bad, valid)));
            assertEquals(422, response.status(), response.body());
            assertEquals("The selected members.0.extension_id is invalid.", error(response, "members.0.extension_id"));
            assertEquals(1, response.json().path("errors").size(), response.body());
        }
        assertEquals(0, groupCount(team));

        long id = team.owner().http().postJson(PATH, json("name", "Links", "members", members(valid)))
                .json().path("data").path("id").asLong();
        Response addInactive = team.owner().http().put(PATH + "/" + id, json("members", members(valid, inactive)));
        assertEquals(422, addInactive.status(), addInactive.body());
        assertEquals("The selected members.1.extension_id is invalid.", error(addInactive, "members.1.extension_id"));
        assertEquals(List.of(valid), rows.memberExtensionIds(id));
    }

    @Test
    void the_fallback_id_of_the_action_is_required() {
        Team team = Identity.team(app, "RG Fallback Required Org");
        RingGroupRows rows = new RingGroupRows(app.dsl(), team.organizationId());
        long a = rows.extension();

        for (String[] action : new String[][] {
                {"extension", "fallback_extension_id", "The fallback extension id field is required."},
                {"ring_group", "fallback_ring_group_id", "The fallback ring group id field is required."},
                {"ivr_menu", "fallback_ivr_menu_id", "The fallback ivr menu id field is required."},
                {"ai_assistant", "fallback_ai_assistant_id", "The fallback ai assistant id field is required."}}) {
            Response response = team.owner().http().postJson(PATH, json("name", "Fallback", "members", members(a),
                    "fallback_action", action[0], action[1], null));
            assertEquals(422, response.status(), response.body());
            assertEquals(action[2], error(response, action[1]), response.body());
        }

        long id = team.owner().http().postJson(PATH, json("name", "Hangup", "members", members(a)))
                .json().path("data").path("id").asLong();
        Response switched = team.owner().http().put(PATH + "/" + id, json("fallback_action", "extension"));
        assertEquals(422, switched.status(), switched.body());
        assertEquals("The fallback extension id field is required.", error(switched, "fallback_extension_id"));
        assertEquals("hangup", rows.group(id).getFallbackAction());
    }

    @Test
    void fallback_targets_must_exist_be_active_and_match_the_action() {
        Team team = Identity.team(app, "RG Fallback Targets Org");
        Team other = Identity.team(app, "RG Fallback Targets Other Org");
        RingGroupRows rows = new RingGroupRows(app.dsl(), team.organizationId());
        long a = rows.extension();
        long inactiveExtension = rows.extension("user", "inactive", null);
        long foreignExtension = new RingGroupRows(app.dsl(), other.organizationId()).extension();
        long userNotAssistant = rows.extension();
        long inactiveAssistant = rows.extension("ai_assistant", "inactive", null);
        long inactiveMenu = rows.ivrMenu("Closed", "inactive");
        long inactiveGroup = team.owner().http().postJson(PATH, json("name", "Dormant", "status", "inactive",
                "members", members(a))).json().path("data").path("id").asLong();

        for (Object[] bad : List.of(
                new Object[] {"extension", "fallback_extension_id", inactiveExtension, "The selected fallback extension id is invalid."},
                new Object[] {"extension", "fallback_extension_id", foreignExtension, "The selected fallback extension id is invalid."},
                new Object[] {"ai_assistant", "fallback_ai_assistant_id", userNotAssistant, "The selected fallback ai assistant id is invalid."},
                new Object[] {"ai_assistant", "fallback_ai_assistant_id", inactiveAssistant, "The selected fallback ai assistant id is invalid."},
                new Object[] {"ivr_menu", "fallback_ivr_menu_id", inactiveMenu, "The selected fallback ivr menu id is invalid."},
                new Object[] {"ring_group", "fallback_ring_group_id", inactiveGroup, "The selected fallback ring group id is invalid."},
                new Object[] {"ring_group", "fallback_ring_group_id", 987654321L, "The selected fallback ring group id is invalid."})) {
            Response response = team.owner().http().postJson(PATH, json("name", "Targets", "members", members(a),
                    "fallback_action", bad[0], bad[1], bad[2]));
            assertEquals(422, response.status(), bad[1] + "=" + bad[2] + ": " + response.body());
            assertEquals(bad[3], error(response, (String) bad[1]), response.body());
        }
        assertEquals(1, groupCount(team), "only the dormant group exists");
    }

    @Test
    void a_group_cannot_fall_back_to_itself() {
        Team team = Identity.team(app, "RG Self Fallback Org");
        RingGroupRows rows = new RingGroupRows(app.dsl(), team.organizationId());
        long id = team.owner().http().postJson(PATH, json("name", "Loop", "members", members(rows.extension())))
                .json().path("data").path("id").asLong();

        Response response = team.owner().http().put(PATH + "/" + id, json("fallback_action", "ring_group",
                "fallback_ring_group_id", id));

        assertEquals(422, response.status(), response.body());
        assertEquals("The selected fallback ring group id is invalid.", error(response, "fallback_ring_group_id"));
        assertEquals("hangup", rows.group(id).getFallbackAction());
    }

    @Test
    void a_newly_set_fallback_must_be_active_but_an_unchanged_one_is_not_rechecked() {
        Team team = Identity.team(app, "RG Fallback Link Rule Org");
        RingGroupRows rows = new RingGroupRows(app.dsl(), team.organizationId());
        long a = rows.extension();
        long menu = rows.ivrMenu("Menu", "active");
        long id = team.owner().http().postJson(PATH, json("name", "Menu fallback", "members", members(a),
                "fallback_action", "ivr_menu", "fallback_ivr_menu_id", menu)).json().path("data").path("id").asLong();
        long otherMenu = rows.ivrMenu("Other", "inactive");

        Response change = team.owner().http().put(PATH + "/" + id, json("fallback_ivr_menu_id", otherMenu));
        assertEquals(422, change.status(), change.body());
        assertEquals("The selected fallback ivr menu id is invalid.", error(change, "fallback_ivr_menu_id"));

        app.dsl().update(opbx.db.gen.Tables.IVR_MENUS)
                .set(opbx.db.gen.Tables.IVR_MENUS.STATUS, "inactive")
                .where(opbx.db.gen.Tables.IVR_MENUS.ORGANIZATION_ID.eq(team.organizationId()))
                .and(opbx.db.gen.Tables.IVR_MENUS.ID.eq(menu))
                .execute();
        Response unrelated = team.owner().http().put(PATH + "/" + id, json("description", "still routed to the menu",
                "fallback_action", "ivr_menu", "fallback_ivr_menu_id", menu));
        assertEquals(200, unrelated.status(), unrelated.body());
        assertEquals(menu, rows.group(id).getFallbackIvrMenuId());
    }

    private int groupCount(Team team) {
        return app.dsl().fetchCount(RING_GROUPS, RING_GROUPS.ORGANIZATION_ID.eq(team.organizationId()));
    }

    private static String error(Response response, String field) {
        JsonNode messages = response.json().path("errors").path(field);
        assertTrue(messages.isArray() && messages.size() > 0, "no error on " + field + ": " + response.body());
        return messages.get(0).asText();
    }

    private static Object[] flatten(Map<String, Object> body) {
        List<Object> keysAndValues = new ArrayList<>();
        body.forEach((key, value) -> {
            keysAndValues.add(key);
            keysAndValues.add(value);
        });
        return keysAndValues.toArray();
    }
}
