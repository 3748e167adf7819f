package opbx.ringgroups;

import static opbx.db.gen.Tables.RING_GROUPS;
import static opbx.db.gen.Tables.RING_GROUP_MEMBERS;
import static opbx.ringgroups.RingGroupRows.members;
import static opbx.support.TestData.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import opbx.db.gen.tables.records.RingGroupMembersRecord;
import opbx.db.gen.tables.records.RingGroupsRecord;
import opbx.support.HttpTestClient;
import opbx.support.HttpTestClient.Response;
import opbx.support.Identity;
import opbx.support.Identity.Member;
import opbx.support.Identity.Team;
import opbx.support.TestApp;
import org.jooq.Result;
import org.junit.jupiter.api.Test;

/** Who may read and write ring groups (control-plane spec §2.2) and tenant isolation (§2.3). */
class RingGroupAccessTest {

    private static final String PATH = "/api/v1/ring-groups";

    private final TestApp app = TestApp.shared();

    @Test
    void pbx_users_and_reporters_may_read_but_every_write_is_403() {
        Team team = Identity.team(app, "RG Roles Org");
        RingGroupRows rows = new RingGroupRows(app.dsl(), team.organizationId());
        long a = rows.extension();
        long id = team.owner().http().postJson(PATH, json("name", "Readable", "members", members(a)))
                .json().path("data").path("id").asLong();

        for (Member reader : List.of(team.user(), team.reporter())) {
            Response list = reader.http().get(PATH);
            assertEquals(200, list.status(), list.body());
            assertEquals(id, list.json().path("data").get(0).path("id").asLong());
            assertEquals(200, reader.http().get(PATH + "/" + id).status());

            List<Response> writes = List.of(
                    reader.http().postJson(PATH, json("name", "Nope", "members", members(a))),
                    reader.http().put(PATH + "/" + id, json("name", "Nope")),
                    patch(reader.http(), PATH + "/" + id, json("name", "Nope")),
                    reader.http().delete(PATH + "/" + id));
            for (Response write : writes) {
                assertEquals(403, write.status(), reader.role() + ": " + write.body());
                assertEquals("FORBIDDEN", write.json().path("error").path("code").asText());
            }
        }
        RingGroupsRecord row = rows.group(id);
        assertEquals("Readable", row.getName());
        assertEquals(1, app.dsl().fetchCount(RING_GROUPS, RING_GROUPS.ORGANIZATION_ID.eq(team.organizationId())));
    }

    @Test
    void owners_and_admins_may_write() {
        Team team = Identity.team(app, "RG Writers Org");
        RingGroupRows rows = new RingGroupRows(app.dsl(), team.organizationId());
        long a = rows.extension();

        for (Member writer : List.of(team.owner(), team.admin())) {
            Response created = writer.http().postJson(PATH, json("name", "By " + writer.role().wire(), "members", members(a)));
            assertEquals(201, created.status(), created.body());
            long id = created.json().path("data").path("id").asLong();
            assertEquals(200, patch(writer.http(), PATH + "/" + id, json("timeout", 15)).status());
            assertEquals(204, writer.http().delete(PATH + "/" + id).status());
        }
    }

    @Test
    void another_organisations_group_is_404_on_every_route_and_stays_unchanged() {
        Team a = Identity.team(app, "RG Isolation A Org");
        Team b = Identity.team(app, "RG Isolation B Org");
        RingGroupRows rowsOfA = new RingGroupRows(app.dsl(), a.organizationId());
        RingGroupRows rowsOfB = new RingGroupRows(app.dsl(), b.organizationId());
        long extensionOfA = rowsOfA.extension();
        long groupOfB = b.owner().http().postJson(PATH, json("name", "B only", "members", members(rowsOfB.extension())))
                .json().path("data").path("id").asLong();
        Result<RingGroupsRecord> groupsBefore = groupsOf(b);
        Result<RingGroupMembersRecord> membersBefore = membersOf(b);

        List<String> failures = new ArrayList<>();
        for (Member caller : List.of(a.owner(), a.admin())) {
            String target = PATH + "/" + groupOfB;
            List<Response> answers = List.of(
                    caller.http().get(target),
                    caller.http().put(target, json("name", "Pwned", "members", members(extensionOfA))),
                    patch(caller.http(), target, json("status", "inactive")),
                    caller.http().delete(target));
            for (Response answer : answers) {
                if (answer.status() != 404 || !"Ring group not found.".equals(answer.json().path("message").asText())) {
                    failures.add(caller.role() + ": " + answer.status() + " " + answer.body());
                }
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
        assertEquals(groupsBefore, groupsOf(b));
        assertEquals(membersBefore, membersOf(b));

        Response list = a.owner().http().get(PATH + "?search=B%20only");
        assertEquals(0, list.json().path("meta").path("total").asInt(), list.body());
        Response fallback = a.owner().http().postJson(PATH, json("name", "Into B", "members", members(extensionOfA),
                "fallback_action", "ring_group", "fallback_ring_group_id", groupOfB));
        assertEquals(422, fallback.status(), "another organisation's group is no fallback target: " + fallback.body());
    }

    @Test
    void an_id_that_is_not_a_positive_number_is_404() {
        Team team = Identity.team(app, "RG Bad Id Org");

        for (String id : List.of("abc", "0", "-1", "99999999999999999999")) {
            Response response = team.owner().http().get(PATH + "/" + id);
            assertEquals(404, response.status(), id + ": " + response.body());
            assertFalse(response.body().contains("Exception"), response.body());
        }
    }

    private Result<RingGroupsRecord> groupsOf(Team team) {
        return app.dsl().selectFrom(RING_GROUPS)
                .where(RING_GROUPS.ORGANIZATION_ID.eq(team.organizationId()))
                .orderBy(RING_GROUPS.ID)
                .fetch();
    }

    private Result<RingGroupMembersRecord> membersOf(Team team) {
        return app.dsl().selectFrom(RING_GROUP_MEMBERS)
                .where(RING_GROUP_MEMBERS.ORGANIZATION_ID.eq(team.organizationId()))
                .orderBy(RING_GROUP_MEMBERS.ID)
                .fetch();
    }

    private static Response patch(HttpTestClient http, String path, String body) {
        return http.send("PATCH", path, body, "application/json", Map.of());
    }
}
