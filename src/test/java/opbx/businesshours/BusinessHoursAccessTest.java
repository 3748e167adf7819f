package opbx.businesshours;

import static opbx.businesshours.BusinessHoursRows.PATH;
import static opbx.businesshours.BusinessHoursRows.body;
import static opbx.businesshours.BusinessHoursRows.createId;
import static opbx.businesshours.BusinessHoursRows.json;
import static opbx.businesshours.BusinessHoursRows.patch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import opbx.db.gen.tables.records.BusinessHoursSchedulesRecord;
import opbx.support.HttpTestClient.Response;
import opbx.support.Identity;
import opbx.support.Identity.Member;
import opbx.support.Identity.Team;
import opbx.support.TestApp;
import org.junit.jupiter.api.Test;

/** Who may read and write business hours (control-plane spec §2.2) and tenant isolation (§2.3). */
class BusinessHoursAccessTest {

    private final TestApp app = TestApp.shared();

    @Test
    void pbx_users_and_reporters_may_read_but_every_write_is_403() {
        Team team = Identity.team(app, "BH Roles Org");
        BusinessHoursRows rows = new BusinessHoursRows(app.dsl(), team.organizationId());
        long extension = rows.extension();
        long id = createId(team.owner().http(), body("Readable", extension));
        long deleted = createId(team.owner().http(), body("Deleted", extension));
        assertEquals(204, team.owner().http().delete(PATH + "/" + deleted).status());

        for (Member reader : List.of(team.user(), team.reporter())) {
            Response list = reader.http().get(PATH);
            assertEquals(200, list.status(), list.body());
            assertEquals(String.valueOf(id), list.json().path("data").get(0).path("id").asText());
            assertEquals(200, reader.http().get(PATH + "/" + id).status());

            List<Response> writes = List.of(
                    reader.http().postJson(PATH, json(body("Nope", extension))),
                    reader.http().put(PATH + "/" + id, json(Map.of("name", "Nope"))),
                    patch(reader.http(), PATH + "/" + id, json(Map.of("name", "Nope"))),
                    reader.http().delete(PATH + "/" + id),
                    reader.http().post(PATH + "/" + id + "/duplicate"),
                    reader.http().post(PATH + "/" + deleted + "/restore"));
            for (Response write : writes) {
                assertEquals(403, write.status(), reader.role() + ": " + write.body());
                assertEquals("FORBIDDEN", write.json().path("error").path("code").asText());
            }
        }
        assertEquals("Readable", rows.schedule(id).getName());
        assertNull(rows.schedule(id).getDeletedAt());
        assertEquals(2, rows.schedules());
    }

    @Test
    void owners_and_admins_may_write() {
        Team team = Identity.team(app, "BH Writers Org");
        BusinessHoursRows rows = new BusinessHoursRows(app.dsl(), team.organizationId());
        long extension = rows.extension();

        for (Member writer : List.of(team.owner(), team.admin())) {
            long id = createId(writer.http(), body("By " + writer.role().wire(), extension));
            assertEquals(200, patch(writer.http(), PATH + "/" + id, json(Map.of("status", "inactive"))).status());
            assertEquals(201, writer.http().post(PATH + "/" + id + "/duplicate").status());
            assertEquals(204, writer.http().delete(PATH + "/" + id).status());
            assertEquals(200, writer.http().post(PATH + "/" + id + "/restore").status());
        }
    }

    @Test
    void another_organisations_schedule_is_a_404_for_every_route_and_stays_unchanged() {
        Team mine = Identity.team(app, "BH Tenant Mine Org");
        Team theirs = Identity.team(app, "BH Tenant Theirs Org");
        BusinessHoursRows their = new BusinessHoursRows(app.dsl(), theirs.organizationId());
        long extension = their.extension();
        long id = createId(theirs.owner().http(), body("Theirs", extension));
        long deleted = createId(theirs.owner().http(), body("Their deleted", extension));
        assertEquals(204, theirs.owner().http().delete(PATH + "/" + deleted).status());
        BusinessHoursSchedulesRecord before = their.schedule(id);
        List<Integer> children = their.childRows(id);

        List<Response> responses = List.of(
                mine.owner().http().get(PATH + "/" + id),
                mine.owner().http().put(PATH + "/" + id, json(Map.of("name", "Mine now"))),
                patch(mine.owner().http(), PATH + "/" + id, json(Map.of("schedule", Map.of()))),
                mine.owner().http().delete(PATH + "/" + id),
                mine.owner().http().post(PATH + "/" + id + "/duplicate"),
                mine.owner().http().post(PATH + "/" + deleted + "/restore"));
        for (Response response : responses) {
            assertEquals(404, response.status(), response.body());
            assertEquals("Business hours schedule not found.", response.json().path("message").asText());
        }
        assertEquals(before, their.schedule(id));
        assertEquals(children, their.childRows(id));
        assertEquals(0, mine.owner().http().get(PATH).json().path("meta").path("total").asInt());
        assertEquals(2, their.schedules());
    }

    @Test
    void ids_that_are_not_positive_integers_are_404() {
        Team team = Identity.team(app, "BH Ids Org");
        for (String bad : List.of("abc", "0", "-1", "99999999999999999999")) {
            Response response = team.owner().http().get(PATH + "/" + bad);
            assertEquals(404, response.status(), bad + ": " + response.body());
        }
    }
}
