package opbx.conferences;

import static opbx.conferences.Rooms.PATH;
import static opbx.support.TestData.fieldNames;
import static opbx.support.TestData.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import opbx.support.HttpTestClient;
import opbx.support.HttpTestClient.Response;
import opbx.support.Identity;
import opbx.support.Identity.Team;
import opbx.support.TestApp;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;

/** The audit rows of every write (control-plane spec §5) and the routing cache key deleted after commit (§0.5). */
class ConferenceRoomSideEffectsTest {

    private final TestApp app = TestApp.shared();

    @Test
    void create_update_and_delete_are_audited_with_pins_only_as_changed() {
        Team team = Identity.team(app, "Rooms Audit Org");
        HttpTestClient http = team.admin().http();
        long id = Rooms.create(http, "Audited", "pin", "1234", "host_pin", "5678", "max_participants", 30).path("id").asLong();
        assertEquals(200, http.put(PATH + "/" + id, json("name", "Audited 2", "pin", "4321", "mute_on_entry", true)).status());
        assertEquals(204, http.delete(PATH + "/" + id).status());

        JsonNode rows = auditOf(team, id);
        assertEquals(List.of("conference_room.created", "conference_room.updated", "conference_room.deleted"),
                actions(rows));
        for (JsonNode row : rows) {
            assertEquals("conference_room", row.path("entity_type").asText());
            assertEquals(String.valueOf(id), row.path("entity_id").asText());
            assertEquals(team.admin().userId(), row.path("actor").path("user_id").asLong());
            assertFalse(row.toString().contains("1234") || row.toString().contains("4321")
                    || row.toString().contains("5678"), "no PIN value in " + row);
        }

        JsonNode created = rows.get(0).path("changes").path("to");
        assertEquals("Audited", created.path("name").asText());
        assertEquals(30, created.path("max_participants").asInt());
        assertFalse(created.has("pin") || created.has("host_pin"), created.toString());
        assertEquals("Audited", rows.get(0).path("entity_label").asText());

        JsonNode changes = rows.get(1).path("changes");
        assertEquals(Set.of("name", "pin", "mute_on_entry"), fieldNames(changes));
        assertEquals("Audited", changes.path("name").path("from").asText());
        assertEquals("Audited 2", changes.path("name").path("to").asText());
        assertEquals(Set.of("changed"), fieldNames(changes.path("pin")));
        assertTrue(changes.path("pin").path("changed").asBoolean());
        assertFalse(changes.path("mute_on_entry").path("from").asBoolean());
        assertTrue(changes.path("mute_on_entry").path("to").asBoolean());

        assertEquals("Audited 2", rows.get(2).path("entity_label").asText());
        assertEquals(0, rows.get(2).path("changes").size(), rows.get(2).toString());
    }

    @Test
    void a_refused_write_leaves_no_audit_row() {
        Team team = Identity.team(app, "Rooms Audit Refused Org");
        HttpTestClient http = team.owner().http();
        long id = Rooms.create(http, "Guarded").path("id").asLong();
        Rooms.insertConferenceExtension(app.dsl(), team.organizationId(), id, "2001", false);

        assertEquals(422, http.put(PATH + "/" + id, json("max_participants", 1)).status());
        assertEquals(409, http.delete(PATH + "/" + id).status());

        assertEquals(List.of("conference_room.created"), actions(auditOf(team, id)));
    }

    @Test
    void an_update_and_a_delete_remove_the_rooms_routing_cache_key() {
        Team team = Identity.team(app, "Rooms Cache Org");
        HttpTestClient http = team.owner().http();
        // Rows written directly, so no earlier write's delayed second invalidation pass can remove the keys for us.
        long updated = Rooms.insertRow(app.dsl(), team.organizationId(), "Cached");
        long deleted = Rooms.insertRow(app.dsl(), team.organizationId(), "Cached Too");
        String updatedKey = "opbx:{" + team.organizationId() + "}:conf:" + updated;
        String deletedKey = "opbx:{" + team.organizationId() + "}:conf:" + deleted;
        JedisPooled redis = app.server().redis().client();
        redis.set(updatedKey, "x");
        redis.set(deletedKey, "x");

        assertEquals(200, Rooms.patch(http, PATH + "/" + updated, json("status", "inactive")).status());
        assertFalse(redis.exists(updatedKey), "the update deleted " + updatedKey);
        assertEquals("x", redis.get(deletedKey), "another room's key is untouched");

        assertEquals(204, http.delete(PATH + "/" + deleted).status());
        assertFalse(redis.exists(deletedKey), "the delete deleted " + deletedKey);
    }

    private JsonNode auditOf(Team team, long id) {
        Response response = team.owner().http().get(
                "/api/v1/audit-log?action=conference_room.*&entity_id=" + id + "&sort_order=asc&per_page=100");
        assertEquals(200, response.status(), response.body());
        return response.json().path("data");
    }

    private static List<String> actions(JsonNode rows) {
        List<String> actions = new ArrayList<>();
        rows.forEach(row -> actions.add(row.path("action").asText()));
        return actions;
    }
}
