package opbx.whitelist;

import static opbx.support.TestData.json;
import static opbx.whitelist.Whitelists.PATH;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import opbx.db.gen.tables.records.OutboundWhitelistsRecord;
import opbx.support.HttpTestClient.Response;
import opbx.support.Identity;
import opbx.support.Identity.Member;
import opbx.support.Identity.Team;
import opbx.support.TestApp;
import org.jooq.Result;
import org.junit.jupiter.api.Test;

/** Roles (control-plane spec §2.2: PBX read for all, manage for owner and pbx_admin) and tenant isolation (§2.3). */
class OutboundWhitelistAccessTest {

    private final TestApp app = TestApp.shared();

    @Test
    void pbx_user_and_reporter_can_list_and_show_but_every_write_is_403() {
        Team team = Identity.team(app, "Whitelist Roles Org");
        long id = Whitelists.create(team.owner().http(), "Read Only", "US", null, "us").path("id").asLong();
        Result<OutboundWhitelistsRecord> before = Whitelists.rows(app.dsl(), team.organizationId());

        for (Member member : List.of(team.user(), team.reporter())) {
            Response list = member.http().get(PATH);
            assertEquals(200, list.status(), list.body());
            assertEquals(1, list.json().path("data").size());
            assertEquals(200, member.http().get(PATH + "/" + id).status());

            List<Response> writes = List.of(
                    member.http().postJson(PATH, json("name", "Nope", "destination_country", "FR",
                            "outbound_trunk_name", "fr")),
                    member.http().put(PATH + "/" + id, json("name", "Nope")),
                    Whitelists.patch(member.http(), PATH + "/" + id, json("name", "Nope")),
                    member.http().delete(PATH + "/" + id));
            for (Response write : writes) {
                assertEquals(403, write.status(), member.role() + ": " + write.body());
                assertEquals("FORBIDDEN", write.json().path("error").path("code").asText());
            }
        }

        assertEquals(before, Whitelists.rows(app.dsl(), team.organizationId()));
    }

    @Test
    void without_a_token_the_list_is_401() {
        Response response = app.http().get(PATH);

        assertEquals(401, response.status(), response.body());
        assertEquals("UNAUTHENTICATED", response.json().path("error").path("code").asText());
    }

    @Test
    void another_organisations_entry_is_404_for_show_update_patch_and_delete_and_stays_unchanged() {
        Team a = Identity.team(app, "Whitelist Isolation A Org");
        Team b = Identity.team(app, "Whitelist Isolation B Org");
        long foreign = Whitelists.create(b.owner().http(), "B Private", "US", "+1212", "nyc").path("id").asLong();
        Result<OutboundWhitelistsRecord> before = Whitelists.rows(app.dsl(), b.organizationId());

        List<String> failures = new ArrayList<>();
        for (Member caller : List.of(a.owner(), a.admin())) {
            String path = PATH + "/" + foreign;
            List<Response> responses = List.of(
                    caller.http().get(path),
                    caller.http().put(path, json("name", "Pwned")),
                    Whitelists.patch(caller.http(), path, json("outbound_trunk_name", "evil")),
                    caller.http().delete(path));
            for (Response response : responses) {
                if (response.status() != 404
                        || !"Outbound whitelist entry not found.".equals(response.json().path("message").asText())
                        || !"NOT_FOUND".equals(response.json().path("error").path("code").asText())) {
                    failures.add(caller.role() + " -> " + response.status() + " " + response.body());
                }
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));

        assertEquals(before, Whitelists.rows(app.dsl(), b.organizationId()), "B's entry is unchanged");
        assertEquals(0, a.owner().http().get(PATH).json().path("data").size());
    }

    @Test
    void non_numeric_and_out_of_range_ids_are_404() {
        Team team = Identity.team(app, "Whitelist Bad Id Org");

        for (String id : List.of("abc", "0", "-1", "99999999999999999999", "999999999")) {
            Response response = team.owner().http().get(PATH + "/" + id);
            assertEquals(404, response.status(), id + ": " + response.body());
            assertEquals("Outbound whitelist entry not found.", response.json().path("message").asText());
        }
    }
}
