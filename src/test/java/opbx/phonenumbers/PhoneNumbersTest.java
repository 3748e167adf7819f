package opbx.phonenumbers;

import static opbx.db.gen.Tables.CONFERENCE_ROOMS;
import static opbx.db.gen.Tables.DID_NUMBERS;
import static opbx.db.gen.Tables.EXTENSIONS;
import static opbx.db.gen.Tables.RING_GROUPS;
import static opbx.db.gen.Tables.RING_GROUP_MEMBERS;
import static opbx.support.TestData.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import opbx.support.HttpTestClient;
import opbx.support.HttpTestClient.Response;
import opbx.support.Identity;
import opbx.support.Identity.Team;
import opbx.support.TestApp;
import org.junit.jupiter.api.Test;

class PhoneNumbersTest {

    private final TestApp app = TestApp.shared();

    /** A number no other test uses: the numbers are unique across every organisation. */
    private static String freshNumber() {
        return "+1212" + (1_000_000 + ThreadLocalRandom.current().nextInt(9_000_000));
    }

    private long extension(Team team, String number, String type, String status) {
        return app.dsl().insertInto(EXTENSIONS)
                .set(EXTENSIONS.ORGANIZATION_ID, team.organizationId())
                .set(EXTENSIONS.EXTENSION_NUMBER, number)
                .set(EXTENSIONS.TYPE, type)
                .set(EXTENSIONS.STATUS, status)
                .set(EXTENSIONS.SIP_PASSWORD, "v1:x")
                .returning(EXTENSIONS.ID).fetchOne(EXTENSIONS.ID);
    }

    private long ringGroup(Team team, String name, Long memberExtension) {
        long id = app.dsl().insertInto(RING_GROUPS)
                .set(RING_GROUPS.ORGANIZATION_ID, team.organizationId())
                .set(RING_GROUPS.NAME, name)
                .returning(RING_GROUPS.ID).fetchOne(RING_GROUPS.ID);
        if (memberExtension != null) {
            app.dsl().insertInto(RING_GROUP_MEMBERS)
                    .set(RING_GROUP_MEMBERS.ORGANIZATION_ID, team.organizationId())
                    .set(RING_GROUP_MEMBERS.RING_GROUP_ID, id)
                    .set(RING_GROUP_MEMBERS.EXTENSION_ID, memberExtension)
                    .set(RING_GROUP_MEMBERS.PRIORITY, (short) 1)
                    .execute();
        }
        return id;
    }

    @Test
    void a_number_is_normalised_to_e164_its_target_id_stored_as_an_integer_and_the_target_embedded() {
        Team team = Identity.team(app, "DID Create Org");
        long member = extension(team, "1001", "user", "active");
        long group = ringGroup(team, "Sales", member);
        String number = freshNumber();
        String spaced = "+1 (" + number.substring(2, 5) + ") " + number.substring(5, 8) + "-" + number.substring(8);

        Response response = team.admin().http().postJson("/api/v1/phone-numbers", json("phone_number", spaced,
                "routing_type", "ring_group", "routing_config", Map.of("ring_group_id", String.valueOf(group), "junk", 1)));

        assertEquals(201, response.status(), response.body());
        JsonNode data = response.json().path("data");
        assertEquals("Phone number created successfully.", response.json().path("message").asText());
        assertEquals(number, data.path("phone_number").asText());
        assertTrue(data.path("routing_config").path("ring_group_id").isIntegralNumber());
        assertEquals(group, data.path("routing_config").path("ring_group_id").asLong());
        assertFalse(data.path("routing_config").has("junk"));
        assertEquals("Sales", data.path("ring_group").path("name").asText());
        assertEquals("{}", data.path("cloudonix_config").toString());
        assertEquals("active", data.path("status").asText());
    }

    @Test
    void an_extension_target_is_embedded_without_sip_config() {
        Team team = Identity.team(app, "DID Extension Org");
        long ext = extension(team, "1001", "user", "active");

        Response response = team.owner().http().postJson("/api/v1/phone-numbers", json("phone_number", freshNumber(),
                "routing_type", "extension", "routing_config", Map.of("extension_id", ext), "friendly_name", "Main"));

        assertEquals(201, response.status(), response.body());
        JsonNode embedded = response.json().path("data").path("extension");
        assertEquals("1001", embedded.path("extension_number").asText());
        assertEquals("Unassigned", embedded.path("name").asText());
        assertFalse(embedded.has("sip_config"));
        assertFalse(team.owner().http().get("/api/v1/phone-numbers").body().contains("sip_config"));
    }

    @Test
    void a_number_taken_by_any_organisation_is_a_422_that_does_not_say_by_whom() {
        Team mine = Identity.team(app, "DID Mine Org");
        Team theirs = Identity.team(app, "DID Theirs Org");
        String number = freshNumber();
        long theirExtension = extension(theirs, "1001", "user", "active");
        assertEquals(201, theirs.owner().http().postJson("/api/v1/phone-numbers", json("phone_number", number,
                "routing_type", "extension", "routing_config", Map.of("extension_id", theirExtension))).status());
        long myExtension = extension(mine, "1001", "user", "active");

        Response response = mine.owner().http().postJson("/api/v1/phone-numbers", json("phone_number", number,
                "routing_type", "extension", "routing_config", Map.of("extension_id", myExtension)));

        assertEquals(422, response.status());
        assertEquals("The phone number has already been taken.", response.json().path("errors").path("phone_number").path(0).asText());
        assertFalse(response.body().contains("DID Theirs Org"));
    }

    @Test
    void every_routing_rule_has_its_422() {
        Team team = Identity.team(app, "DID Rules Org");
        Team other = Identity.team(app, "DID Rules Other Org");
        HttpTestClient admin = team.admin().http();
        long inactive = extension(team, "1002", "user", "inactive");
        long userExtension = extension(team, "1003", "user", "active");
        long foreign = extension(other, "1001", "user", "active");
        long empty = ringGroup(team, "Empty", null);
        long deadMember = extension(team, "1004", "user", "inactive");
        long onlyInactive = ringGroup(team, "Inactive members", deadMember);

        assertField(admin.postJson("/api/v1/phone-numbers", json("phone_number", "12125551234", "routing_type", "extension",
                "routing_config", Map.of("extension_id", userExtension))), "phone_number");
        assertField(admin.postJson("/api/v1/phone-numbers", json("phone_number", freshNumber(), "routing_type", "voicemail",
                "routing_config", Map.of())), "routing_type");
        assertField(admin.postJson("/api/v1/phone-numbers", json("phone_number", freshNumber(), "routing_type", "extension")),
                "routing_config");
        assertField(admin.postJson("/api/v1/phone-numbers", json("phone_number", freshNumber(), "routing_type", "extension",
                "routing_config", Map.of("ring_group_id", 1))), "routing_config.extension_id");
        assertField(admin.postJson("/api/v1/phone-numbers", json("phone_number", freshNumber(), "routing_type", "extension",
                "routing_config", Map.of("extension_id", "abc"))), "routing_config.extension_id");
        for (long bad : new long[] {inactive, foreign, 999_999_999L}) {
            assertField(admin.postJson("/api/v1/phone-numbers", json("phone_number", freshNumber(), "routing_type", "extension",
                    "routing_config", Map.of("extension_id", bad))), "routing_config.extension_id");
        }
        assertField(admin.postJson("/api/v1/phone-numbers", json("phone_number", freshNumber(), "routing_type", "ai_assistant",
                "routing_config", Map.of("ai_assistant_id", userExtension))), "routing_config.ai_assistant_id");
        for (long group : new long[] {empty, onlyInactive}) {
            Response response = admin.postJson("/api/v1/phone-numbers", json("phone_number", freshNumber(),
                    "routing_type", "ring_group", "routing_config", Map.of("ring_group_id", group)));
            assertField(response, "routing_config.ring_group_id");
            assertEquals("The selected ring group has no active members.",
                    response.json().path("errors").path("routing_config.ring_group_id").path(0).asText());
        }
        assertEquals(0, app.dsl().fetchCount(DID_NUMBERS, DID_NUMBERS.ORGANIZATION_ID.eq(team.organizationId())));
    }

    @Test
    void the_number_is_immutable_and_an_unchanged_link_is_not_rechecked_for_active() {
        Team team = Identity.team(app, "DID Update Org");
        long ext = extension(team, "1001", "user", "active");
        String number = freshNumber();
        long id = team.admin().http().postJson("/api/v1/phone-numbers", json("phone_number", number,
                "routing_type", "extension", "routing_config", Map.of("extension_id", ext))).json().path("data").path("id").asLong();
        app.dsl().update(EXTENSIONS).set(EXTENSIONS.STATUS, "inactive")
                .where(EXTENSIONS.ORGANIZATION_ID.eq(team.organizationId())).and(EXTENSIONS.ID.eq(ext)).execute();

        Response rename = team.admin().http().put("/api/v1/phone-numbers/" + id, json("friendly_name", "Front desk",
                "phone_number", number, "routing_config", Map.of("extension_id", ext)));
        assertEquals(200, rename.status(), rename.body());
        assertEquals("Front desk", rename.json().path("data").path("friendly_name").asText());
        assertField(team.admin().http().put("/api/v1/phone-numbers/" + id, json("phone_number", freshNumber())), "phone_number");

        long room = app.dsl().insertInto(CONFERENCE_ROOMS).set(CONFERENCE_ROOMS.ORGANIZATION_ID, team.organizationId())
                .set(CONFERENCE_ROOMS.NAME, "Board").returning(CONFERENCE_ROOMS.ID).fetchOne(CONFERENCE_ROOMS.ID);
        assertField(team.admin().http().put("/api/v1/phone-numbers/" + id, json("routing_type", "conference_room")),
                "routing_config");
        Response retyped = team.admin().http().put("/api/v1/phone-numbers/" + id, json("routing_type", "conference_room",
                "routing_config", Map.of("conference_room_id", room)));
        assertEquals(200, retyped.status(), retyped.body());
        assertEquals("Board", retyped.json().path("data").path("conference_room").path("name").asText());
        assertFalse(retyped.json().path("data").has("extension"));
    }

    @Test
    void roles_tenancy_and_delete() {
        Team team = Identity.team(app, "DID Roles Org");
        Team other = Identity.team(app, "DID Roles Other Org");
        long ext = extension(team, "1001", "user", "active");
        String number = freshNumber();
        String body = json("phone_number", number, "routing_type", "extension", "routing_config", Map.of("extension_id", ext));
        assertEquals(403, team.user().http().postJson("/api/v1/phone-numbers", body).status());
        assertEquals(403, team.reporter().http().postJson("/api/v1/phone-numbers", body).status());
        long id = team.admin().http().postJson("/api/v1/phone-numbers", body).json().path("data").path("id").asLong();
        assertEquals(200, team.reporter().http().get("/api/v1/phone-numbers/" + id).status());

        for (Response response : List.of(other.owner().http().get("/api/v1/phone-numbers/" + id),
                other.owner().http().put("/api/v1/phone-numbers/" + id, json("friendly_name", "Mine now")),
                other.owner().http().delete("/api/v1/phone-numbers/" + id))) {
            assertEquals(404, response.status());
            assertEquals("Phone number not found.", response.json().path("message").asText());
        }
        assertNull(app.dsl().select(DID_NUMBERS.FRIENDLY_NAME).from(DID_NUMBERS)
                .where(DID_NUMBERS.ORGANIZATION_ID.eq(team.organizationId())).and(DID_NUMBERS.ID.eq(id))
                .fetchOne(DID_NUMBERS.FRIENDLY_NAME));

        String didKey = "opbx:{" + team.organizationId() + "}:did:" + number;
        app.server().redis().client().set(didKey, "stale");
        assertEquals(204, team.admin().http().delete("/api/v1/phone-numbers/" + id).status());
        assertEquals(404, team.admin().http().get("/api/v1/phone-numbers/" + id).status());
        assertNull(app.server().redis().client().get(didKey));
    }

    @Test
    void lists_filter_search_and_sort() {
        Team team = Identity.team(app, "DID List Org");
        long ext = extension(team, "1001", "user", "active");
        List<String> created = new ArrayList<>();
        for (String name : List.of("Alpha", "Bravo", "Charlie")) {
            String number = freshNumber();
            created.add(number);
            team.admin().http().postJson("/api/v1/phone-numbers", json("phone_number", number, "friendly_name", name,
                    "routing_type", "extension", "routing_config", Map.of("extension_id", ext)));
        }

        assertEquals(List.of("Charlie", "Bravo", "Alpha"), names(team.user().http().get("/api/v1/phone-numbers")));
        assertEquals(List.of("Alpha", "Bravo", "Charlie"),
                names(team.user().http().get("/api/v1/phone-numbers?sort=friendly_name&order=asc")));
        assertEquals(List.of("Bravo"), names(team.user().http().get("/api/v1/phone-numbers?search=brav")));
        assertEquals(List.of("Bravo"), names(team.user().http().get("/api/v1/phone-numbers?search="
                + created.get(1).substring(6))));
        assertEquals(3, team.user().http().get("/api/v1/phone-numbers?routing_type=extension&status=active")
                .json().path("meta").path("total").asInt());
        assertEquals(0, team.user().http().get("/api/v1/phone-numbers?routing_type=ring_group")
                .json().path("meta").path("total").asInt());
    }

    private static List<String> names(Response response) {
        assertEquals(200, response.status(), response.body());
        List<String> names = new ArrayList<>();
        response.json().path("data").forEach(row -> names.add(row.path("friendly_name").asText()));
        return names;
    }

    private static void assertField(Response response, String field) {
        assertEquals(422, response.status(), response.body());
        assertTrue(response.json().path("errors").has(field), field + " in " + response.body());
    }
}
