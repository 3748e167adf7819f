package opbx.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import opbx.support.HttpTestClient.Response;
import opbx.support.Identity;
import opbx.support.TestApp;
import org.junit.jupiter.api.Test;

/** Input that once reached the database or the parser unfiltered: always a 4xx or a clean answer, never a 500. */
class HostileInputTest {

    private final TestApp app = TestApp.shared();

    @Test
    void a_nul_character_in_a_body_field_is_a_422_on_that_field() {
        Identity.Team team = Identity.team(app, "Hostile Nul Org");

        Response room = team.admin().http().postJson("/api/v1/conference-rooms", "{\"name\":\"a\\u0000b\"}");
        Response nested = team.admin().http().postJson("/api/v1/ring-groups",
                "{\"name\":\"Sales\",\"members\":[{\"extension_id\":\"1\\u0000\"}]}");

        assertEquals(422, room.status(), room.body());
        assertTrue(room.json().path("errors").has("name"), room.body());
        assertEquals(422, nested.status(), nested.body());
        assertTrue(nested.json().path("errors").has("members.0.extension_id"), nested.body());
    }

    @Test
    void a_nul_character_in_a_search_or_filter_filters_nothing_dangerous() {
        Identity.Team team = Identity.team(app, "Hostile Search Org");

        assertEquals(200, team.owner().http().get("/api/v1/users?search=a%00b").status());
        assertEquals(200, team.owner().http().get("/api/v1/audit-log?action=a%00b&entity_id=%00").status());
        assertEquals(200, team.owner().http().get("/api/v1/extensions?search=%00").status());
    }

    @Test
    void undecodable_bytes_are_malformed_json() {
        byte[] utf32Garbage = {0, 0, 0, '{', 0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF};

        Response login = app.http().sendBytes("POST", "/api/v1/auth/login", utf32Garbage, "application/json");

        assertEquals(400, login.status(), login.body());
        assertEquals("Malformed JSON body.", login.json().path("message").asText());
    }

    @Test
    void extreme_dates_and_page_numbers_never_fail_a_list() {
        Identity.Team team = Identity.team(app, "Hostile Paging Org");

        assertEquals(200, team.owner().http().get("/api/v1/audit-log?from_date=-999999999-01-01&to_date=%2B999999999-12-31").status());
        Response huge = team.owner().http().get("/api/v1/users?per_page=10000000000&page=10000000000");
        assertEquals(200, huge.status(), huge.body());
        assertEquals(100, huge.json().path("meta").path("per_page").asInt());
        assertEquals(0, huge.json().path("data").size());
        assertEquals(4, huge.json().path("meta").path("total").asInt());
    }

    @Test
    void errors_jetty_answers_itself_are_json_not_html() {
        Response tooLong = app.http().get("/api/voice/route?x=" + "a".repeat(20_000));
        Response ambiguous = app.http().get("/api/v1/users/%00");

        for (Response response : new Response[] {tooLong, ambiguous}) {
            assertTrue(response.status() == 414 || response.status() == 400, String.valueOf(response.status()));
            assertTrue(response.header("Content-Type").startsWith("application/json"), response.header("Content-Type"));
            assertEquals(response.header("X-Request-Id"), response.json().path("request_id").asText());
            assertTrue(!response.body().contains("<html"), response.body());
        }
    }

    @Test
    void fixed_offsets_under_etc_names_are_not_timezones() {
        Identity.Team team = Identity.team(app, "Hostile Zone Org");

        Response response = team.owner().http().put("/api/v1/profile/organization", "{\"timezone\":\"Etc/GMT+5\"}");

        assertEquals(422, response.status(), response.body());
        assertTrue(response.json().path("errors").has("timezone"));
    }
}
