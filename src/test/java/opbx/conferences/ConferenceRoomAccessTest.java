package opbx.conferences;

import static opbx.conferences.Rooms.PATH;
import static opbx.support.TestData.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import opbx.db.gen.tables.records.ConferenceRoomsRecord;
import opbx.support.HttpTestClient.Response;
import opbx.support.Identity;
import opbx.support.Identity.Member;
import opbx.support.Identity.Team;
import opbx.support.TestApp;
import org.junit.jupiter.api.Test;

/** Roles (control-plane spec §2.2: PBX read for all, PBX manage for owner and pbx_admin) and tenant isolation (§2.3). */
class ConferenceRoomAccessTest {

    private final TestApp app = TestApp.shared();

    @Test
    void pbx_user_and_reporter_can_list_and_show_but_every_write_is_403() {
        Team team = Identity.team(app, "Rooms Roles Org");
        long id = Rooms.create(team.owner().http(), "Read Only", "pin", "4444").path("id").asLong();
        ConferenceRoomsRecord before = Rooms.row(app.dsl(), team.organizationId(), id);

        for (Member member : List.of(team.user(), team.reporter())) {
            Response list = member.http().get(PATH);
            assertEquals(200, list.status(), list.body());
            assertEquals(1, list.json().path("data").size());
            Response show = member.http().get(PATH + "/" + id);
            assertEquals(200, show.status(), show.body());
            assertTrue(show.json().path("data").path("pin").isNull(), "a PIN is a secret: " + show.body());
            assertTrue(show.json().path("data").path("pin_required").isBoolean());
            assertTrue(!list.body().contains("4444"), "nor in the list: " + list.body());

            List<Response> writes = List.of(
                    member.http().postJson(PATH, json("name", "Nope")),
                    member.http().put(PATH + "/" + id, json("name", "Nope")),
                    Rooms.patch(member.http(), PATH + "/" + id, json("status", "inactive")),
                    member.http().delete(PATH + "/" + id));
            for (Response write : writes) {
                assertEquals(403, write.status(), member.role() + ": " + write.body());
                assertEquals("FORBIDDEN", write.json().path("error").path("code").asText());
            }
        }

        assertEquals(before, Rooms.row(app.dsl(), team.organizationId(), id));
        assertEquals(1, Rooms.count(app.dsl(), team.organizationId()));
    }

    @Test
    void a_pbx_admin_can_create_update_and_delete() {
        Team team = Identity.team(app, "Rooms Admin Org");

        long id = Rooms.create(team.admin().http(), "Admin Room").path("id").asLong();
        assertEquals(200, team.admin().http().put(PATH + "/" + id, json("name", "Admin Room 2")).status());
        assertEquals(204, team.admin().http().delete(PATH + "/" + id).status());
        assertEquals(0, Rooms.count(app.dsl(), team.organizationId()));
    }

    @Test
    void another_organisations_room_is_404_for_show_update_patch_and_delete_and_stays_unchanged() {
        Team a = Identity.team(app, "Rooms Isolation A Org");
        Team b = Identity.team(app, "Rooms Isolation B Org");
        long foreign = Rooms.create(b.owner().http(), "B Private", "pin", "8888").path("id").asLong();
        ConferenceRoomsRecord before = Rooms.row(app.dsl(), b.organizationId(), foreign);

        List<String> failures = new ArrayList<>();
        for (Member caller : List.of(a.owner(), a.admin())) {
            String path = PATH + "/" + foreign;
            List<Response> responses = List.of(
                    caller.http().get(path),
                    caller.http().put(path, json("name", "Pwned", "pin", "0000")),
                    Rooms.patch(caller.http(), path, json("status", "inactive")),
                    caller.http().delete(path));
            for (Response response : responses) {
                if (response.status() != 404
                        || !"Conference room not found.".equals(response.json().path("message").asText())
                        || !"NOT_FOUND".equals(response.json().path("error").path("code").asText())) {
                    failures.add(caller.role() + " -> " + response.status() + " " + response.body());
                }
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));

        assertEquals(before, Rooms.row(app.dsl(), b.organizationId(), foreign), "B's room is unchanged");
        Response list = a.owner().http().get(PATH);
        assertEquals(0, list.json().path("data").size(), list.body());
    }

    @Test
    void unknown_non_numeric_and_out_of_range_ids_are_404() {
        Team team = Identity.team(app, "Rooms Bad Id Org");

        for (String id : List.of("999999999", "abc", "0", "-1", "99999999999999999999", "1.5")) {
            Response response = team.owner().http().get(PATH + "/" + id);
            assertEquals(404, response.status(), id + ": " + response.body());
            assertEquals("Conference room not found.", response.json().path("message").asText(), id);
        }
        Response put = team.owner().http().put(PATH + "/abc", json("name", "x"));
        assertEquals(404, put.status(), put.body());
        assertEquals(404, team.owner().http().delete(PATH + "/999999999").status());
        assertEquals(0, Rooms.count(app.dsl(), team.organizationId()));
    }

    @Test
    void organization_id_in_the_body_is_ignored() {
        Team a = Identity.team(app, "Rooms Body Org A");
        Team b = Identity.team(app, "Rooms Body Org B");

        long id = Rooms.create(a.owner().http(), "Mine", "organization_id", b.organizationId()).path("id").asLong();
        Response moved = a.owner().http().put(PATH + "/" + id, json("organization_id", b.organizationId()));

        assertEquals(200, moved.status(), moved.body());
        assertEquals(a.organizationId(), moved.json().path("data").path("organization_id").asLong());
        assertEquals(1, Rooms.count(app.dsl(), a.organizationId()));
        assertEquals(0, Rooms.count(app.dsl(), b.organizationId()));
    }
}
