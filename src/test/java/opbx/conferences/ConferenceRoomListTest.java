package opbx.conferences;

import static opbx.conferences.Rooms.PATH;
import static opbx.conferences.Rooms.names;
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

/** GET /api/v1/conference-rooms: envelope, pagination, sort spellings, filters (control-plane spec §0.4, §3.3). */
class ConferenceRoomListTest {

    private final TestApp app = TestApp.shared();

    @Test
    void the_default_order_is_name_ascending_and_pages_carry_the_meta() {
        Team team = Identity.team(app, "Rooms List Org");
        HttpTestClient http = team.owner().http();
        for (String name : List.of("delta", "alpha", "echo", "charlie", "bravo")) {
            Rooms.create(http, name);
        }

        JsonNode first = ok(team.reporter().http().get(PATH + "?per_page=2"));
        assertEquals(List.of("alpha", "bravo"), names(first.path("data")));
        JsonNode meta = first.path("meta");
        assertEquals(1, meta.path("current_page").asInt());
        assertEquals(2, meta.path("per_page").asInt());
        assertEquals(5, meta.path("total").asInt());
        assertEquals(3, meta.path("last_page").asInt());
        assertEquals(1, meta.path("from").asInt());
        assertEquals(2, meta.path("to").asInt());

        JsonNode last = ok(http.get(PATH + "?per_page=2&page=3"));
        assertEquals(List.of("echo"), names(last.path("data")));
        assertEquals(5, last.path("meta").path("from").asInt());
        assertEquals(5, last.path("meta").path("to").asInt());

        JsonNode beyond = ok(http.get(PATH + "?per_page=2&page=9"));
        assertEquals(0, beyond.path("data").size());
        assertTrue(beyond.path("meta").path("from").isNull());
        assertEquals(5, beyond.path("meta").path("total").asInt());
    }

    @Test
    void both_sort_spellings_are_read_and_an_unknown_sort_falls_back_to_name() {
        Team team = Identity.team(app, "Rooms Sort Org");
        HttpTestClient http = team.owner().http();
        Rooms.create(http, "small", "max_participants", 5);
        Rooms.create(http, "large", "max_participants", 200);
        Rooms.create(http, "medium", "max_participants", 50);

        assertEquals(List.of("large", "medium", "small"),
                names(ok(http.get(PATH + "?sort=max_participants&order=desc")).path("data")));
        assertEquals(List.of("small", "medium", "large"),
                names(ok(http.get(PATH + "?sort_by=max_participants&sort_order=asc&order=desc")).path("data")));
        assertEquals(List.of("large", "medium", "small"),
                names(ok(http.get(PATH + "?sort_by=max_participants&sort_direction=DESC")).path("data")));
        assertEquals(List.of("small", "large", "medium"),
                names(ok(http.get(PATH + "?sort=created_at")).path("data")), "creation order");
        assertEquals(List.of("medium", "large", "small"),
                names(ok(http.get(PATH + "?sort=created_at&order=desc")).path("data")));
        assertEquals(List.of("large", "medium", "small"),
                names(ok(http.get(PATH + "?sort=pin&order=sideways")).path("data")));
    }

    @Test
    void status_and_search_filter_the_list_and_foreign_rooms_never_appear() {
        Team team = Identity.team(app, "Rooms Filter Org");
        Team other = Identity.team(app, "Rooms Filter Other Org");
        HttpTestClient http = team.owner().http();
        Rooms.create(http, "Sales weekly", "status", "inactive");
        Rooms.create(http, "Support", "description", "For the SALES team too");
        Rooms.create(http, "Engineering");
        Rooms.create(http, "100%_done");
        Rooms.create(other.owner().http(), "Sales abroad");

        assertEquals(List.of("Sales weekly"), names(ok(http.get(PATH + "?status=inactive")).path("data")));
        assertEquals(List.of("100%_done", "Engineering", "Support"),
                names(ok(http.get(PATH + "?status=active")).path("data")));
        assertEquals(4, ok(http.get(PATH + "?status=bogus&search=")).path("meta").path("total").asInt());
        assertEquals(List.of("Sales weekly", "Support"), names(ok(http.get(PATH + "?search=%20sales%20")).path("data")));
        assertEquals(List.of("Support"), names(ok(http.get(PATH + "?search=sales&status=active")).path("data")));
        assertEquals(List.of("100%_done"), names(ok(http.get(PATH + "?search=%25_")).path("data")));
    }

    private static JsonNode ok(Response response) {
        assertEquals(200, response.status(), response.body());
        return response.json();
    }
}
