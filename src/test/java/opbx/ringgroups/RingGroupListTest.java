package opbx.ringgroups;

import static opbx.ringgroups.RingGroupRows.members;
import static opbx.support.TestData.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import opbx.support.HttpTestClient.Response;
import opbx.support.Identity;
import opbx.support.Identity.Team;
import opbx.support.TestApp;
import org.junit.jupiter.api.Test;

/** GET /api/v1/ring-groups: envelope, filters, search and sorting (control-plane spec §0.4, §3.4). */
class RingGroupListTest {

    private static final String PATH = "/api/v1/ring-groups";

    private final TestApp app = TestApp.shared();

    @Test
    void the_list_is_sorted_by_name_by_default_and_embeds_members() {
        Team team = Identity.team(app, "RG List Default Org");
        RingGroupRows rows = new RingGroupRows(app.dsl(), team.organizationId());
        long a = rows.extension();
        create(team, json("name", "charlie", "members", members(a)));
        create(team, json("name", "Alpha", "members", members(a, rows.extension())));
        create(team, json("name", "bravo", "members", members(a)));

        Response response = team.reporter().http().get(PATH);

        assertEquals(200, response.status(), response.body());
        assertEquals(List.of("Alpha", "bravo", "charlie"), names(response));
        JsonNode meta = response.json().path("meta");
        assertEquals(1, meta.path("current_page").asInt());
        assertEquals(20, meta.path("per_page").asInt());
        assertEquals(3, meta.path("total").asInt());
        assertEquals(1, meta.path("last_page").asInt());
        assertEquals(1, meta.path("from").asInt());
        assertEquals(3, meta.path("to").asInt());
        JsonNode alpha = response.json().path("data").get(0);
        assertEquals(2, alpha.path("members").size());
        assertEquals(2, alpha.path("members_count").asInt());
        assertEquals(a, alpha.path("members").get(0).path("extension_id").asLong());
        assertEquals(1, response.json().path("data").get(1).path("members").size());
    }

    @Test
    void sort_by_members_orders_by_member_count_in_either_direction() {
        Team team = Identity.team(app, "RG List Members Sort Org");
        RingGroupRows rows = new RingGroupRows(app.dsl(), team.organizationId());
        create(team, json("name", "Three", "members", members(rows.extension(), rows.extension(), rows.extension())));
        create(team, json("name", "One", "members", members(rows.extension())));
        create(team, json("name", "Two", "members", members(rows.extension(), rows.extension())));

        Response ascending = team.owner().http().get(PATH + "?sort_by=members&sort_direction=asc");
        assertEquals(List.of("One", "Two", "Three"), names(ascending));
        Response descending = team.owner().http().get(PATH + "?sort=members&order=DESC");
        assertEquals(List.of("Three", "Two", "One"), names(descending));
        Response unknown = team.owner().http().get(PATH + "?sort_by=secret&sort_direction=sideways");
        assertEquals(List.of("One", "Three", "Two"), names(unknown), "falls back to name asc");
    }

    @Test
    void filters_and_search_narrow_the_list_and_bad_values_filter_nothing() {
        Team team = Identity.team(app, "RG List Filters Org");
        RingGroupRows rows = new RingGroupRows(app.dsl(), team.organizationId());
        long a = rows.extension();
        create(team, json("name", "Sales", "strategy", "sequential", "description", "Front 100% desk", "members", members(a)));
        create(team, json("name", "Support", "strategy", "round_robin", "status", "inactive", "members", members(a)));
        create(team, json("name", "Night", "members", members(a)));

        assertEquals(List.of("Sales"), names(team.owner().http().get(PATH + "?strategy=sequential")));
        assertEquals(List.of("Support"), names(team.owner().http().get(PATH + "?status=inactive")));
        assertEquals(List.of("Night", "Sales"), names(team.owner().http().get(PATH + "?status=active&strategy=")));
        assertEquals(List.of("Sales"), names(team.owner().http().get(PATH + "?search=100%25")), "search in description");
        assertEquals(List.of("Support"), names(team.owner().http().get(PATH + "?search=PPOR")), "case-insensitive");
        assertEquals(List.of("Night", "Sales", "Support"), names(team.owner().http().get(PATH + "?strategy=bogus")));
        Response paged = team.owner().http().get(PATH + "?per_page=2&page=2");
        assertEquals(List.of("Support"), names(paged));
        assertEquals(2, paged.json().path("meta").path("last_page").asInt());
        assertEquals(3, paged.json().path("meta").path("from").asInt());
    }

    private void create(Team team, String body) {
        Response response = team.owner().http().postJson(PATH, body);
        assertEquals(201, response.status(), response.body());
    }

    private static List<String> names(Response response) {
        assertEquals(200, response.status(), response.body());
        List<String> names = new ArrayList<>();
        response.json().path("data").forEach(group -> names.add(group.path("name").asText()));
        assertTrue(response.json().path("meta").isObject());
        return names;
    }
}
