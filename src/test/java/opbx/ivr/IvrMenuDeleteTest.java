package opbx.ivr;

import static opbx.ivr.IvrMenuRows.PATH;
import static opbx.ivr.IvrMenuRows.create;
import static opbx.ivr.IvrMenuRows.menu;
import static opbx.ivr.IvrMenuRows.option;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import opbx.support.HttpTestClient.Response;
import opbx.support.Identity;
import opbx.support.Identity.Team;
import opbx.support.TestApp;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;

/** DELETE /api/v1/ivr-menus/{id}: the reference check of control-plane spec §3.15, then a hard delete. */
class IvrMenuDeleteTest {

    private static final String IN_USE =
            "This IVR menu is being used and cannot be deleted. Please remove all references first.";

    private final TestApp app = TestApp.shared();

    @Test
    void an_unreferenced_menu_is_deleted_with_its_options_and_uncached() {
        Team team = Identity.team(app, "IVR Delete Org");
        IvrMenuRows rows = new IvrMenuRows(app.dsl(), team.organizationId());
        long id = create(team.admin().http(), menu("Gone", List.of(option("1", "ring_group", rows.ringGroup("G")))));
        JedisPooled redis = app.server().redis().client();
        String key = "opbx:{" + team.organizationId() + "}:menu:" + id;
        redis.set(key, "x");

        Response response = team.admin().http().delete(PATH + "/" + id);

        assertEquals(204, response.status(), response.body());
        assertEquals("", response.body());
        assertNull(rows.menu(id));
        assertTrue(rows.options(id).isEmpty(), "options cascade");
        assertFalse(redis.exists(key), key);
        assertEquals(404, team.admin().http().get(PATH + "/" + id).status());
        assertEquals(404, team.admin().http().delete(PATH + "/" + id).status(), "a second delete finds nothing");
    }

    @Test
    void a_menu_a_phone_number_routes_to_is_not_deleted() {
        Team team = Identity.team(app, "IVR Delete DID Org");
        IvrMenuRows rows = new IvrMenuRows(app.dsl(), team.organizationId());
        long id = create(team.owner().http(), menu("Routed", List.of(option("1", "ring_group", rows.ringGroup("G")))));
        String number = rows.didTo(id);

        Response response = team.owner().http().delete(PATH + "/" + id);

        assertEquals(409, response.status(), response.body());
        JsonNode body = response.json();
        assertEquals("RESOURCE_IN_USE", body.path("error").path("code").asText());
        assertEquals(IN_USE, body.path("message").asText());
        assertEquals(number, body.path("references").path("did_numbers").get(0).path("phone_number").asText());
        assertNotNull(rows.menu(id));
        assertEquals(1, rows.options(id).size());
        assertTrue(rows.audit("ivr_menu.deleted", id).isEmpty());
    }

    @Test
    void a_menu_another_menus_option_points_at_is_not_deleted() {
        Team team = Identity.team(app, "IVR Delete Option Org");
        IvrMenuRows rows = new IvrMenuRows(app.dsl(), team.organizationId());
        long target = create(team.owner().http(), menu("Target", List.of(option("1", "ring_group", rows.ringGroup("G")))));
        long parent = create(team.owner().http(), menu("Parent", List.of(option("7", "ivr_menu", target))));

        Response response = team.owner().http().delete(PATH + "/" + target);

        assertEquals(409, response.status(), response.body());
        JsonNode options = response.json().path("references").path("ivr_menu_options");
        assertEquals(1, options.size(), response.body());
        assertEquals(parent, options.get(0).path("ivr_menu_id").asLong());
        assertEquals("Parent", options.get(0).path("ivr_menu_name").asText());
        assertEquals("7", options.get(0).path("input_digits").asText());
        assertNotNull(rows.menu(target));

        assertEquals(204, team.owner().http().delete(PATH + "/" + parent).status(), "the parent is itself unreferenced");
        assertEquals(204, team.owner().http().delete(PATH + "/" + target).status(), "and then the target is free");
    }

    @Test
    void a_menu_another_menu_fails_over_to_is_not_deleted() {
        Team team = Identity.team(app, "IVR Delete Failover Org");
        IvrMenuRows rows = new IvrMenuRows(app.dsl(), team.organizationId());
        long group = rows.ringGroup("G");
        long target = create(team.owner().http(), menu("Target", List.of(option("1", "ring_group", group))));
        Map<String, Object> source = menu("Source", List.of(option("1", "ring_group", group)));
        source.put("failover_destination_type", "ivr_menu");
        source.put("failover_destination_id", target);
        long sourceId = create(team.owner().http(), source);

        Response response = team.owner().http().delete(PATH + "/" + target);

        assertEquals(409, response.status(), response.body());
        assertEquals(sourceId, response.json().path("references").path("ivr_failovers").get(0).path("id").asLong());
        assertNotNull(rows.menu(target));
    }

    @Test
    void a_menus_own_option_pointing_back_at_it_does_not_block_its_delete() {
        Team team = Identity.team(app, "IVR Delete Self Org");
        IvrMenuRows rows = new IvrMenuRows(app.dsl(), team.organizationId());
        long id = create(team.owner().http(), menu("Self", List.of(option("1", "ring_group", rows.ringGroup("G")))));
        // The API refuses an option to its own menu; older data may still hold one.
        rows.pointOptionsAt(id, "ivr_menu", id);

        Response response = team.owner().http().delete(PATH + "/" + id);

        assertEquals(204, response.status(), response.body());
        assertNull(rows.menu(id));
        assertTrue(rows.options(id).isEmpty());
    }
}
