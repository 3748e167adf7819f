package opbx.ivr;

import static opbx.ivr.IvrMenuRows.PATH;
import static opbx.ivr.IvrMenuRows.create;
import static opbx.ivr.IvrMenuRows.menu;
import static opbx.ivr.IvrMenuRows.option;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import opbx.support.HttpTestClient;
import opbx.support.HttpTestClient.Response;
import opbx.support.Identity;
import opbx.support.Identity.Team;
import opbx.support.TestApp;
import org.junit.jupiter.api.Test;

/** GET /api/v1/ivr-menus: the list envelope, filters, search and sorting (control-plane spec §0.4, §3.5). */
class IvrMenuListTest {

    private final TestApp app = TestApp.shared();

    @Test
    void the_default_order_is_by_name_ascending_with_each_menus_options_included() {
        Team team = Identity.team(app, "IVR List Org");
        IvrMenuRows rows = new IvrMenuRows(app.dsl(), team.organizationId());
        long group = rows.ringGroup("G");
        rows.extension("1001");
        HttpTestClient http = team.owner().http();
        create(http, menu("charlie", List.of(option("1", "ring_group", group))));
        create(http, menu("Alpha", List.of(option("1", "extension", "1001"), option("2", "ring_group", group))));
        create(http, menu("bravo", List.of(option("9", "ring_group", group))));

        Response response = team.user().http().get(PATH);

        assertEquals(200, response.status(), response.body());
        JsonNode data = response.json().path("data");
        assertEquals(List.of("Alpha", "bravo", "charlie"), names(data), "case-insensitive name order");
        assertEquals(2, data.get(0).path("options").size());
        assertEquals("1001", data.get(0).path("options").get(0).path("destination_id").asText());
        assertEquals("9", data.get(1).path("options").get(0).path("input_digits").asText());
        assertEquals(1, data.get(2).path("options_count").asInt());
        JsonNode meta = response.json().path("meta");
        assertEquals(1, meta.path("current_page").asInt());
        assertEquals(20, meta.path("per_page").asInt());
        assertEquals(3, meta.path("total").asInt());
        assertEquals(1, meta.path("last_page").asInt());
        assertEquals(1, meta.path("from").asInt());
        assertEquals(3, meta.path("to").asInt());
    }

    @Test
    void sort_by_and_sort_direction_choose_the_order_and_pages_are_stable() {
        Team team = Identity.team(app, "IVR Sort Org");
        IvrMenuRows rows = new IvrMenuRows(app.dsl(), team.organizationId());
        long group = rows.ringGroup("G");
        HttpTestClient http = team.owner().http();
        List<String> created = new ArrayList<>();
        for (String name : List.of("m1", "m2", "m3", "m4", "m5")) {
            create(http, menu(name, List.of(option("1", "ring_group", group))));
            created.add(name);
        }

        JsonNode desc = http.get(PATH + "?sort_by=name&sort_direction=desc").json().path("data");
        assertEquals(List.of("m5", "m4", "m3", "m2", "m1"), names(desc));

        Response page = http.get(PATH + "?sort_by=created_at&sort_direction=asc&per_page=2&page=2");
        assertEquals(List.of("m3", "m4"), names(page.json().path("data")));
        JsonNode meta = page.json().path("meta");
        assertEquals(2, meta.path("per_page").asInt());
        assertEquals(5, meta.path("total").asInt());
        assertEquals(3, meta.path("last_page").asInt());
        assertEquals(3, meta.path("from").asInt());
        assertEquals(4, meta.path("to").asInt());

        assertEquals(List.of("m5", "m4"), names(http.get(PATH + "?sort=updated_at&order=desc&per_page=2").json().path("data")));
        assertEquals(List.of("m1", "m2", "m3", "m4", "m5"),
                names(http.get(PATH + "?sort_by=options_count&sort_direction=sideways").json().path("data")),
                "an unknown field or direction falls back to name asc");

        Response beyond = http.get(PATH + "?page=99");
        assertEquals(0, beyond.json().path("data").size());
        assertTrue(beyond.json().path("meta").path("from").isNull());
        assertEquals(5, beyond.json().path("meta").path("total").asInt());
    }

    @Test
    void status_filters_and_search_matches_name_or_description() {
        Team team = Identity.team(app, "IVR Filter Org");
        IvrMenuRows rows = new IvrMenuRows(app.dsl(), team.organizationId());
        long group = rows.ringGroup("G");
        HttpTestClient http = team.owner().http();
        create(http, menu("Day", List.of(option("1", "ring_group", group))));
        Map<String, Object> night = menu("Night", List.of(option("1", "ring_group", group)));
        night.put("status", "inactive");
        night.put("description", "After 100% hours");
        create(http, night);

        assertEquals(List.of("Night"), names(http.get(PATH + "?status=inactive").json().path("data")));
        assertEquals(List.of("Day", "Night"), names(http.get(PATH + "?status=&search=").json().path("data")),
                "empty values filter nothing");
        assertEquals(List.of("Day", "Night"), names(http.get(PATH + "?status=paused").json().path("data")),
                "a value outside the set is ignored");
        assertEquals(List.of("Day"), names(http.get(PATH + "?search=DA").json().path("data")));
        assertEquals(List.of("Night"), names(http.get(PATH + "?search=100%25").json().path("data")),
                "description is searched, % taken literally");
    }

    private static List<String> names(JsonNode data) {
        List<String> names = new ArrayList<>();
        data.forEach(item -> names.add(item.path("name").asText()));
        return names;
    }
}
