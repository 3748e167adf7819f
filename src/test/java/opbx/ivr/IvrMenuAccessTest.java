package opbx.ivr;

import static opbx.ivr.IvrMenuRows.PATH;
import static opbx.ivr.IvrMenuRows.create;
import static opbx.ivr.IvrMenuRows.json;
import static opbx.ivr.IvrMenuRows.menu;
import static opbx.ivr.IvrMenuRows.option;
import static opbx.ivr.IvrMenuRows.patch;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import opbx.db.gen.tables.records.IvrMenuOptionsRecord;
import opbx.db.gen.tables.records.IvrMenusRecord;
import opbx.support.HttpTestClient.Response;
import opbx.support.Identity;
import opbx.support.Identity.Member;
import opbx.support.Identity.Team;
import opbx.support.TestApp;
import org.junit.jupiter.api.Test;

/** Who may read and write IVR menus (control-plane spec §2.2) and tenant isolation (§2.3). */
class IvrMenuAccessTest {

    private final TestApp app = TestApp.shared();

    @Test
    void pbx_users_and_reporters_may_read_but_every_write_is_403() {
        Team team = Identity.team(app, "IVR Roles Org");
        IvrMenuRows rows = new IvrMenuRows(app.dsl(), team.organizationId());
        long group = rows.ringGroup("G");
        long id = create(team.owner().http(), menu("Readable", List.of(option("1", "ring_group", group))));

        for (Member reader : List.of(team.user(), team.reporter())) {
            Response list = reader.http().get(PATH);
            assertEquals(200, list.status(), list.body());
            assertEquals(id, list.json().path("data").get(0).path("id").asLong());
            Response show = reader.http().get(PATH + "/" + id);
            assertEquals(200, show.status(), show.body());
            assertEquals("Readable", show.json().path("data").path("name").asText());

            List<Response> writes = List.of(
                    reader.http().postJson(PATH, json(menu("Nope", List.of(option("1", "ring_group", group))))),
                    reader.http().put(PATH + "/" + id, json(Map.of("name", "Nope"))),
                    patch(reader.http(), PATH + "/" + id, json(Map.of("name", "Nope"))),
                    reader.http().delete(PATH + "/" + id));
            for (Response write : writes) {
                assertEquals(403, write.status(), reader.role() + ": " + write.body());
                assertEquals("FORBIDDEN", write.json().path("error").path("code").asText());
            }
        }
        assertEquals("Readable", rows.menu(id).getName());
        assertEquals(1, rows.menuCount());
    }

    @Test
    void owners_and_admins_may_write() {
        Team team = Identity.team(app, "IVR Writers Org");
        IvrMenuRows rows = new IvrMenuRows(app.dsl(), team.organizationId());
        long group = rows.ringGroup("G");

        for (Member writer : List.of(team.owner(), team.admin())) {
            Response created = writer.http().postJson(PATH, json(menu("By " + writer.role().wire(),
                    List.of(option("1", "ring_group", group)))));
            assertEquals(201, created.status(), created.body());
            long id = created.json().path("data").path("id").asLong();
            assertEquals(200, patch(writer.http(), PATH + "/" + id, json(Map.of("max_turns", 2))).status());
            assertEquals(204, writer.http().delete(PATH + "/" + id).status());
        }
        assertEquals(0, rows.menuCount());
    }

    @Test
    void another_organisations_menu_is_404_on_every_route_and_stays_unchanged() {
        Team a = Identity.team(app, "IVR Isolation A Org");
        Team b = Identity.team(app, "IVR Isolation B Org");
        IvrMenuRows rowsOfB = new IvrMenuRows(app.dsl(), b.organizationId());
        long group = rowsOfB.ringGroup("G");
        long theirs = create(b.owner().http(), menu("Theirs", List.of(option("1", "ring_group", group))));
        IvrMenusRecord before = rowsOfB.menu(theirs);
        List<IvrMenuOptionsRecord> optionsBefore = rowsOfB.options(theirs);
        String path = PATH + "/" + theirs;

        List<Response> answers = List.of(
                a.owner().http().get(path),
                a.owner().http().put(path, json(Map.of("name", "Mine"))),
                patch(a.owner().http(), path, json(Map.of("status", "inactive"))),
                a.owner().http().delete(path));

        for (Response answer : answers) {
            assertEquals(404, answer.status(), answer.body());
            assertEquals("NOT_FOUND", answer.json().path("error").path("code").asText());
            assertEquals("IVR menu not found.", answer.json().path("message").asText());
        }
        assertEquals(before, rowsOfB.menu(theirs));
        assertEquals(optionsBefore, rowsOfB.options(theirs));
        assertEquals(0, a.owner().http().get(PATH).json().path("meta").path("total").asInt());
    }

    @Test
    void a_missing_or_malformed_id_is_the_same_404() {
        Team team = Identity.team(app, "IVR Missing Org");

        for (String id : List.of("987654321", "abc", "0", "-1", "99999999999999999999")) {
            Response response = team.owner().http().get(PATH + "/" + id);
            assertEquals(404, response.status(), id + ": " + response.body());
            assertEquals("IVR menu not found.", response.json().path("message").asText());
        }
    }
}
