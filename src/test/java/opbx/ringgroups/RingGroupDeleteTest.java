package opbx.ringgroups;

import static opbx.ringgroups.RingGroupRows.members;
import static opbx.support.TestData.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import opbx.db.gen.tables.records.AuditLogRecord;
import opbx.support.HttpTestClient.Response;
import opbx.support.Identity;
import opbx.support.Identity.Team;
import opbx.support.TestApp;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;

/** DELETE /api/v1/ring-groups/{id}: the reference check of control-plane spec §3.15, then a hard delete. */
class RingGroupDeleteTest {

    private static final String PATH = "/api/v1/ring-groups";
    private static final String IN_USE =
            "This ring group is being used and cannot be deleted. Please remove all references first.";

    private final TestApp app = TestApp.shared();

    @Test
    void an_unreferenced_group_is_deleted_with_its_members_audited_and_uncached() {
        Team team = Identity.team(app, "RG Delete Org");
        RingGroupRows rows = new RingGroupRows(app.dsl(), team.organizationId());
        long id = create(team, rows, "Gone");
        JedisPooled redis = app.server().redis().client();
        String group = "opbx:{" + team.organizationId() + "}:rg:" + id;
        String rotation = group + ":rr";
        redis.set(group, "x");
        redis.set(rotation, "x");

        Response response = team.admin().http().delete(PATH + "/" + id);

        assertEquals(204, response.status(), response.body());
        assertEquals("", response.body());
        assertNull(rows.group(id));
        assertEquals(0, rows.memberRows(id));
        assertFalse(redis.exists(group), group);
        assertFalse(redis.exists(rotation), rotation);
        List<AuditLogRecord> audit = rows.audit("ring_group.deleted", id);
        assertEquals(1, audit.size());
        assertEquals("Gone", audit.get(0).getEntityLabel());
        assertEquals("{}", audit.get(0).getChanges().data().replace(" ", ""));
        assertEquals(404, team.admin().http().get(PATH + "/" + id).status());
        assertEquals(404, team.admin().http().delete(PATH + "/" + id).status(), "a second delete finds nothing");
    }

    @Test
    void a_group_a_phone_number_routes_to_is_not_deleted() {
        Team team = Identity.team(app, "RG Delete DID Org");
        RingGroupRows rows = new RingGroupRows(app.dsl(), team.organizationId());
        long id = create(team, rows, "Routed");
        String number = rows.didTo(id);

        Response response = team.owner().http().delete(PATH + "/" + id);

        assertEquals(409, response.status(), response.body());
        JsonNode body = response.json();
        assertEquals("RESOURCE_IN_USE", body.path("error").path("code").asText());
        assertEquals(IN_USE, body.path("message").asText());
        assertEquals(number, body.path("references").path("did_numbers").get(0).path("phone_number").asText());
        assertTrue(body.path("references").path("did_numbers").get(0).path("id").asLong() > 0);
        assertNotNull(rows.group(id));
        assertEquals(1, rows.memberRows(id));
        assertTrue(rows.audit("ring_group.deleted", id).isEmpty());
    }

    @Test
    void a_group_another_group_falls_back_to_is_not_deleted() {
        Team team = Identity.team(app, "RG Delete Fallback Org");
        RingGroupRows rows = new RingGroupRows(app.dsl(), team.organizationId());
        long target = create(team, rows, "Target");
        Response source = team.owner().http().postJson(PATH, json("name", "Source", "members", members(rows.extension()),
                "fallback_action", "ring_group", "fallback_ring_group_id", target));
        assertEquals(201, source.status(), source.body());

        Response response = team.owner().http().delete(PATH + "/" + target);

        assertEquals(409, response.status(), response.body());
        JsonNode fallbacks = response.json().path("references").path("ring_group_fallbacks");
        assertEquals(1, fallbacks.size(), response.body());
        assertEquals(source.json().path("data").path("id").asLong(), fallbacks.get(0).path("id").asLong());
        assertEquals("Source", fallbacks.get(0).path("name").asText());
        assertNotNull(rows.group(target));

        assertEquals(204, team.owner().http().delete(PATH + "/" + source.json().path("data").path("id").asLong()).status(),
                "the group that falls back is itself unreferenced");
        assertEquals(204, team.owner().http().delete(PATH + "/" + target).status(), "and then the target is free");
    }

    @Test
    void a_group_a_ring_group_extension_points_at_is_not_deleted() {
        Team team = Identity.team(app, "RG Delete Extension Org");
        RingGroupRows rows = new RingGroupRows(app.dsl(), team.organizationId());
        long id = create(team, rows, "Dialled");
        long extension = rows.ringGroupExtension(id);

        Response response = team.owner().http().delete(PATH + "/" + id);

        assertEquals(409, response.status(), response.body());
        JsonNode extensions = response.json().path("references").path("extensions");
        assertEquals(extension, extensions.get(0).path("id").asLong());
        assertEquals(rows.extensionNumber(extension), extensions.get(0).path("extension_number").asText());
        assertTrue(response.json().path("references").path("did_numbers").isMissingNode(), "only non-empty keys");
        assertNotNull(rows.group(id));
    }

    private long create(Team team, RingGroupRows rows, String name) {
        Response response = team.owner().http().postJson(PATH, json("name", name, "members", members(rows.extension())));
        assertEquals(201, response.status(), response.body());
        return response.json().path("data").path("id").asLong();
    }
}
