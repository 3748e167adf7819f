package opbx.conferences;

import static opbx.conferences.Rooms.PATH;
import static opbx.support.TestData.fieldNames;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;
import opbx.support.HttpTestClient;
import opbx.support.HttpTestClient.Response;
import opbx.support.Identity;
import opbx.support.Identity.Team;
import opbx.support.TestApp;
import org.junit.jupiter.api.Test;

/** DELETE /api/v1/conference-rooms/{id}: the reference check of control-plane spec §3.15, then a hard delete. */
class ConferenceRoomDeleteTest {

    private static final String IN_USE =
            "This conference room is being used and cannot be deleted. Please remove all references first.";

    private final TestApp app = TestApp.shared();

    @Test
    void deleting_an_unreferenced_room_answers_204_and_then_404() {
        Team team = Identity.team(app, "Rooms Delete Org");
        HttpTestClient http = team.owner().http();
        long id = Rooms.create(http, "Short Lived").path("id").asLong();

        Response deleted = http.delete(PATH + "/" + id);

        assertEquals(204, deleted.status(), deleted.body());
        assertTrue(deleted.body().isEmpty(), deleted.body());
        assertNull(Rooms.row(app.dsl(), team.organizationId(), id), "a hard delete");
        assertEquals(404, http.get(PATH + "/" + id).status());
        assertEquals(404, http.delete(PATH + "/" + id).status());
    }

    @Test
    void a_conference_extension_pointing_at_the_room_blocks_the_delete_with_409() {
        Team team = Identity.team(app, "Rooms Ext Ref Org");
        HttpTestClient http = team.owner().http();
        long id = Rooms.create(http, "Dialled").path("id").asLong();
        long extension = Rooms.insertConferenceExtension(app.dsl(), team.organizationId(), id, "2001", false);

        Response response = http.delete(PATH + "/" + id);

        assertEquals(409, response.status(), response.body());
        JsonNode body = response.json();
        assertEquals("RESOURCE_IN_USE", body.path("error").path("code").asText());
        assertEquals(IN_USE, body.path("message").asText());
        assertEquals(Set.of("extensions"), fieldNames(body.path("references")));
        JsonNode references = body.path("references").path("extensions");
        assertEquals(1, references.size(), references.toString());
        assertEquals(extension, references.get(0).path("id").asLong());
        assertEquals("2001", references.get(0).path("extension_number").asText());
        assertNotNull(Rooms.row(app.dsl(), team.organizationId(), id), "nothing was deleted");
        assertEquals(200, http.get(PATH + "/" + id).status());
    }

    @Test
    void a_did_routed_to_the_room_blocks_the_delete_and_every_reference_is_listed() {
        Team team = Identity.team(app, "Rooms Did Ref Org");
        HttpTestClient http = team.owner().http();
        long id = Rooms.create(http, "Called In").path("id").asLong();
        String phoneNumber = Rooms.phoneNumberFor(id);
        long did = Rooms.insertDid(app.dsl(), team.organizationId(), id, phoneNumber);

        Response onlyDid = http.delete(PATH + "/" + id);

        assertEquals(409, onlyDid.status(), onlyDid.body());
        assertEquals(Set.of("did_numbers"), fieldNames(onlyDid.json().path("references")));
        JsonNode dids = onlyDid.json().path("references").path("did_numbers");
        assertEquals(1, dids.size(), dids.toString());
        assertEquals(did, dids.get(0).path("id").asLong());
        assertEquals(phoneNumber, dids.get(0).path("phone_number").asText());

        Rooms.insertConferenceExtension(app.dsl(), team.organizationId(), id, "2001", false);
        Response both = http.delete(PATH + "/" + id);

        assertEquals(409, both.status(), both.body());
        assertEquals(Set.of("did_numbers", "extensions"), fieldNames(both.json().path("references")));
        assertNotNull(Rooms.row(app.dsl(), team.organizationId(), id), "nothing was deleted");
    }

    @Test
    void a_soft_deleted_extension_is_not_a_reference() {
        Team team = Identity.team(app, "Rooms Soft Ref Org");
        HttpTestClient http = team.owner().http();
        long id = Rooms.create(http, "Formerly Dialled").path("id").asLong();
        Rooms.insertConferenceExtension(app.dsl(), team.organizationId(), id, "2001", true);

        assertEquals(204, http.delete(PATH + "/" + id).status());
        assertNull(Rooms.row(app.dsl(), team.organizationId(), id));
    }

    @Test
    void another_organisations_extension_with_the_same_room_id_does_not_block() {
        Team team = Identity.team(app, "Rooms Cross Ref Org");
        Team other = Identity.team(app, "Rooms Cross Ref Other Org");
        long id = Rooms.create(team.owner().http(), "Mine Alone").path("id").asLong();
        Rooms.insertConferenceExtension(app.dsl(), other.organizationId(), id, "2001", false);

        assertEquals(204, team.owner().http().delete(PATH + "/" + id).status());
    }
}
