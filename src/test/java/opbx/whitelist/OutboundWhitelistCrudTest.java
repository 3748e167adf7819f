package opbx.whitelist;

import static opbx.support.TestData.fieldNames;
import static opbx.support.TestData.json;
import static opbx.whitelist.Whitelists.PATH;
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

/** Create, show, update and delete (control-plane spec §3.7), uniqueness, audit (§5) and the cache key (§0.5). */
class OutboundWhitelistCrudTest {

    private static final String TAKEN = "An entry for this country and prefix already exists.";

    private final TestApp app = TestApp.shared();

    @Test
    void create_answers_201_with_the_entry_and_show_returns_it() {
        Team team = Identity.team(app, "Whitelist Crud Org");
        Response created = team.admin().http().postJson(PATH, json("name", "US East", "destination_country", "us",
                "destination_prefix", "+1 212", "outbound_trunk_name", "nyc-trunk", "organization_id", 999999));

        assertEquals(201, created.status(), created.body());
        assertEquals("Outbound whitelist entry created successfully.", created.json().path("message").asText());
        JsonNode entry = created.json().path("data");
        assertEquals(Set.of("id", "organization_id", "name", "destination_country", "destination_prefix",
                "outbound_trunk_name", "created_at", "updated_at"), fieldNames(entry));
        assertEquals(team.organizationId(), entry.path("organization_id").asLong());
        assertEquals("US East", entry.path("name").asText());
        assertEquals("US", entry.path("destination_country").asText());
        assertEquals("+1212", entry.path("destination_prefix").asText());
        assertEquals("nyc-trunk", entry.path("outbound_trunk_name").asText());
        assertTrue(entry.path("created_at").asText().matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z"),
                entry.path("created_at").asText());

        Response shown = team.reporter().http().get(PATH + "/" + entry.path("id").asLong());
        assertEquals(200, shown.status(), shown.body());
        assertEquals(entry, shown.json().path("data"));
    }

    @Test
    void the_same_country_and_prefix_twice_is_422_on_destination_country() {
        Team team = Identity.team(app, "Whitelist Unique Org");
        HttpTestClient http = team.owner().http();
        Whitelists.create(http, "NYC", "US", "+1212", "nyc");
        Whitelists.create(http, "US", "US", null, "us");

        for (String[] clash : new String[][] {{"us", "+1 212"}, {"US", null}, {"US", ""}}) {
            Response response = http.postJson(PATH, json("name", "Dup", "destination_country", clash[0],
                    "destination_prefix", clash[1], "outbound_trunk_name", "t"));
            assertEquals(422, response.status(), response.body());
            assertEquals(TAKEN, response.json().path("errors").path("destination_country").get(0).asText());
        }
        assertEquals(2, Whitelists.rows(app.dsl(), team.organizationId()).size());

        Whitelists.create(http, "NYC other country", "+1", "+1212", "nyc");
        Whitelists.create(http, "US other prefix", "US", "+1646", "nyc");
        assertEquals(4, Whitelists.rows(app.dsl(), team.organizationId()).size());
    }

    @Test
    void another_organisation_may_hold_the_same_country_and_prefix() {
        Team a = Identity.team(app, "Whitelist Unique A Org");
        Team b = Identity.team(app, "Whitelist Unique B Org");

        Whitelists.create(a.owner().http(), "NYC", "US", "+1212", "nyc");
        Whitelists.create(b.owner().http(), "NYC", "US", "+1212", "nyc");

        assertEquals(1, Whitelists.rows(app.dsl(), b.organizationId()).size());
    }

    @Test
    void an_update_onto_another_entrys_destination_is_422_but_keeping_its_own_is_fine() {
        Team team = Identity.team(app, "Whitelist Update Unique Org");
        HttpTestClient http = team.owner().http();
        Whitelists.create(http, "NYC", "US", "+1212", "nyc");
        long id = Whitelists.create(http, "LA", "US", "+1213", "la").path("id").asLong();

        Response clash = http.put(PATH + "/" + id, json("destination_prefix", "+1212"));
        assertEquals(422, clash.status(), clash.body());
        assertEquals(TAKEN, clash.json().path("errors").path("destination_country").get(0).asText());
        assertEquals("+1213", Whitelists.rows(app.dsl(), team.organizationId()).get(1).getDestinationPrefix());

        Response same = http.put(PATH + "/" + id, json("name", "Los Angeles", "destination_country", "US",
                "destination_prefix", "+1213"));
        assertEquals(200, same.status(), same.body());
        assertEquals("Outbound whitelist entry updated successfully.", same.json().path("message").asText());
        assertEquals("Los Angeles", same.json().path("data").path("name").asText());
    }

    @Test
    void delete_answers_204_and_the_entry_is_gone() {
        Team team = Identity.team(app, "Whitelist Delete Org");
        HttpTestClient http = team.admin().http();
        long id = Whitelists.create(http, "Gone", "GB", null, "uk").path("id").asLong();

        Response deleted = http.delete(PATH + "/" + id);

        assertEquals(204, deleted.status(), deleted.body());
        assertEquals("", deleted.body());
        assertEquals(0, Whitelists.rows(app.dsl(), team.organizationId()).size());
        assertEquals(404, http.get(PATH + "/" + id).status());
        assertEquals(404, http.delete(PATH + "/" + id).status());
    }

    @Test
    void create_update_and_delete_are_audited_with_changed_fields() {
        Team team = Identity.team(app, "Whitelist Audit Org");
        HttpTestClient http = team.admin().http();
        long id = Whitelists.create(http, "Audited", "US", "+1212", "nyc").path("id").asLong();
        assertEquals(200, http.put(PATH + "/" + id, json("name", "Audited 2", "outbound_trunk_name", "nyc")).status());
        assertEquals(204, http.delete(PATH + "/" + id).status());

        Response audit = team.owner().http().get(
                "/api/v1/audit-log?action=outbound_whitelist.*&entity_id=" + id + "&sort_order=asc");
        assertEquals(200, audit.status(), audit.body());
        JsonNode rows = audit.json().path("data");
        List<String> actions = new ArrayList<>();
        rows.forEach(row -> actions.add(row.path("action").asText()));
        assertEquals(List.of("outbound_whitelist.created", "outbound_whitelist.updated", "outbound_whitelist.deleted"),
                actions);
        rows.forEach(row -> assertEquals("outbound_whitelist", row.path("entity_type").asText()));
        assertEquals("+1212", rows.get(0).path("changes").path("to").path("destination_prefix").asText());
        JsonNode changes = rows.get(1).path("changes");
        assertEquals(Set.of("name"), fieldNames(changes), "an unchanged trunk name is not a change");
        assertEquals("Audited", changes.path("name").path("from").asText());
        assertEquals("Audited 2", changes.path("name").path("to").asText());
        assertEquals("Audited 2", rows.get(2).path("entity_label").asText());
    }

    @Test
    void every_write_deletes_the_organisations_whitelist_cache_key() {
        Team team = Identity.team(app, "Whitelist Cache Org");
        Team other = Identity.team(app, "Whitelist Cache Other Org");
        HttpTestClient http = team.owner().http();
        JedisPooled redis = app.server().redis().client();
        String key = "opbx:{" + team.organizationId() + "}:obwl";
        String otherKey = "opbx:{" + other.organizationId() + "}:obwl";
        redis.set(otherKey, "x");

        redis.set(key, "x");
        long id = Whitelists.create(http, "Cached", "US", null, "us").path("id").asLong();
        assertFalse(redis.exists(key), "create deleted " + key);

        redis.set(key, "x");
        assertEquals(200, Whitelists.patch(http, PATH + "/" + id, json("name", "Cached 2")).status());
        assertFalse(redis.exists(key), "update deleted " + key);

        redis.set(key, "x");
        assertEquals(204, http.delete(PATH + "/" + id).status());
        assertFalse(redis.exists(key), "delete deleted " + key);

        assertEquals("x", redis.get(otherKey), "another organisation's key is untouched");
    }
}
