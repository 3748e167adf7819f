package opbx.whitelist;

import static opbx.whitelist.Whitelists.PATH;
import static opbx.whitelist.Whitelists.names;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import opbx.support.HttpTestClient;
import opbx.support.HttpTestClient.Response;
import opbx.support.Identity;
import opbx.support.Identity.Team;
import opbx.support.TestApp;
import org.junit.jupiter.api.Test;

/** GET /api/v1/outbound-whitelist: envelope, default order, sort names and search (control-plane spec §0.4, §3.7). */
class OutboundWhitelistListTest {

    private final TestApp app = TestApp.shared();

    @Test
    void the_default_order_is_newest_first_and_pages_carry_the_meta() {
        Team team = Identity.team(app, "Whitelist List Org");
        HttpTestClient http = team.owner().http();
        Whitelists.create(http, "first", "US", null, "t");
        Whitelists.create(http, "second", "GB", null, "t");
        Whitelists.create(http, "third", "FR", null, "t");

        JsonNode page = ok(http.get(PATH + "?per_page=2"));
        assertEquals(List.of("third", "second"), names(page.path("data")));
        JsonNode meta = page.path("meta");
        assertEquals(1, meta.path("current_page").asInt());
        assertEquals(2, meta.path("per_page").asInt());
        assertEquals(3, meta.path("total").asInt());
        assertEquals(2, meta.path("last_page").asInt());
        assertEquals(1, meta.path("from").asInt());
        assertEquals(2, meta.path("to").asInt());

        JsonNode beyond = ok(http.get(PATH + "?page=5"));
        assertEquals(0, beyond.path("data").size());
        assertTrue(beyond.path("meta").path("from").isNull());
        assertEquals(3, beyond.path("meta").path("total").asInt());
    }

    @Test
    void every_sort_name_and_both_spellings_are_read_and_an_unknown_one_falls_back() {
        Team team = Identity.team(app, "Whitelist Sort Org");
        HttpTestClient http = team.owner().http();
        Whitelists.create(http, "bravo", "US", "+1646", "zulu");
        Whitelists.create(http, "alpha", "GB", "+44", "yankee");
        Whitelists.create(http, "charlie", "FR", null, "xray");

        assertEquals(List.of("alpha", "bravo", "charlie"), names(ok(http.get(PATH + "?sort=name&order=asc")).path("data")));
        assertEquals(List.of("charlie", "bravo", "alpha"),
                names(ok(http.get(PATH + "?sort_by=name&sort_order=desc")).path("data")));
        assertEquals(List.of("charlie", "alpha", "bravo"),
                names(ok(http.get(PATH + "?sort_by=destination_country&sort_direction=asc")).path("data")));
        assertEquals(List.of("bravo", "alpha", "charlie"),
                names(ok(http.get(PATH + "?sort=outbound_trunk_name")).path("data")),
                "no direction: the default direction (desc) on the chosen field");
        assertEquals(List.of("bravo", "alpha", "charlie"),
                names(ok(http.get(PATH + "?sort=destination_prefix&order=asc")).path("data")),
                "PostgreSQL puts null last in ascending order");
        assertEquals(List.of("charlie", "alpha", "bravo"),
                names(ok(http.get(PATH + "?sort=secret_column&order=DESC")).path("data")),
                "an unknown field falls back to created_at");
    }

    @Test
    void search_matches_any_of_the_four_text_fields_case_insensitively() {
        Team team = Identity.team(app, "Whitelist Search Org");
        HttpTestClient http = team.owner().http();
        Whitelists.create(http, "New York", "US", "+1212", "nyc-trunk");
        Whitelists.create(http, "London", "GB", "+4420", "ldn-trunk");
        Whitelists.create(http, "Paris", "+33", null, "par_trunk");

        assertEquals(List.of("New York"), names(ok(http.get(PATH + "?search=new%20york")).path("data")));
        assertEquals(List.of("London"), names(ok(http.get(PATH + "?search=gb")).path("data")));
        assertEquals(List.of("London"), names(ok(http.get(PATH + "?search=4420")).path("data")));
        assertEquals(List.of("Paris"), names(ok(http.get(PATH + "?search=PAR_")).path("data")));
        assertEquals(List.of("Paris"), names(ok(http.get(PATH + "?search=%2B33")).path("data")));
        assertEquals(0, ok(http.get(PATH + "?search=%25")).path("data").size(), "% is a literal character");
        assertEquals(3, ok(http.get(PATH + "?search=")).path("meta").path("total").asInt());
    }

    private static JsonNode ok(Response response) {
        assertEquals(200, response.status(), response.body());
        return response.json();
    }
}
