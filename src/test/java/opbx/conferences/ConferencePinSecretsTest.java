package opbx.conferences;

import static opbx.conferences.Rooms.PATH;
import static opbx.db.gen.Tables.CLOUDONIX_SETTINGS;
import static opbx.db.gen.Tables.CONFERENCE_ROOMS;
import static opbx.support.TestData.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import opbx.auth.Tokens;
import opbx.db.gen.tables.records.ConferenceRoomsRecord;
import opbx.secrets.ConferencePins;
import opbx.secrets.PinEncryption;
import opbx.secrets.Secrets;
import opbx.support.HttpTestClient.Response;
import opbx.support.Identity;
import opbx.support.Identity.Team;
import opbx.support.TestApp;
import org.junit.jupiter.api.Test;

/**
 * Conference PINs are secrets (issue 14, item 6): encrypted at rest like SIP passwords, shown only to the roles that
 * manage rooms, never embedded elsewhere, sealed in the routing cache too, and still compared by routing.
 */
class ConferencePinSecretsTest {

    private final TestApp app = TestApp.shared();

    @Test
    void pins_are_sealed_at_rest_shown_only_to_managers_and_still_let_callers_in() {
        Team team = Identity.team(app, "Pin Secrets Org");
        long id = Rooms.create(team.owner().http(), "Board", "pin", "1234", "pin_required", true, "host_pin", "9999",
                "mute_on_entry", true)
                .path("id").asLong();

        ConferenceRoomsRecord row = Rooms.row(app.dsl(), team.organizationId(), id);
        for (String stored : new String[] {row.getPin(), row.getHostPin()}) {
            assertTrue(stored.startsWith("v1:"), stored);
            assertFalse(stored.contains("1234") || stored.contains("9999"), stored);
        }
        for (Identity.Member manager : new Identity.Member[] {team.owner(), team.admin()}) {
            Response show = manager.http().get(PATH + "/" + id);
            assertEquals("1234", show.json().path("data").path("pin").asText(), show.body());
            assertEquals("9999", show.json().path("data").path("host_pin").asText(), show.body());
        }
        for (Identity.Member reader : new Identity.Member[] {team.user(), team.reporter()}) {
            String shown = reader.http().get(PATH + "/" + id).body() + reader.http().get(PATH).body();
            assertFalse(shown.contains("1234") || shown.contains("9999"), reader.role() + ": " + shown);
        }
        Response did = team.owner().http().postJson("/api/v1/phone-numbers", json("phone_number",
                "+1555" + (100_0000 + (int) (Math.random() * 899_0000)), "routing_type", "conference_room",
                "routing_config", Map.of("conference_room_id", id)));
        assertEquals(201, did.status(), did.body());
        assertFalse(team.owner().http().get("/api/v1/phone-numbers/" + did.json().path("data").path("id").asLong())
                .body().contains("1234"), "an embedded room carries no PIN");

        String key = UUID.randomUUID().toString().replace("-", "");
        app.dsl().insertInto(CLOUDONIX_SETTINGS)
                .set(CLOUDONIX_SETTINGS.ORGANIZATION_ID, team.organizationId())
                .set(CLOUDONIX_SETTINGS.DOMAIN_REQUESTS_API_KEY_HASH, Tokens.sha256Hex(key))
                .execute();
        String pinPath = "/api/voice/conference-pin?conference_room_id=" + id + "&attempt=0";
        Map<String, String> bearer = Map.of("Authorization", "Bearer " + key);
        Response wrong = app.http().send("POST", pinPath, "{\"CallSid\":\"pin-1\",\"Digits\":\"0000\"}",
                "application/json", bearer);
        assertTrue(wrong.body().contains("Invalid PIN, please try again."), wrong.body());
        Response participant = app.http().send("POST", pinPath, "{\"CallSid\":\"pin-1\",\"Digits\":\"1234#\"}",
                "application/json", bearer);
        assertTrue(participant.body().contains(">conf_" + id + "</Conference>"), participant.body());
        Response host = app.http().send("POST", pinPath, "{\"CallSid\":\"pin-1\",\"Digits\":\"9999\"}",
                "application/json", bearer);
        assertTrue(host.body().contains(">conf_" + id + "</Conference>"), host.body());
        assertFalse(host.body().equals(participant.body()), "the host joins as host");

        for (String redisKey : app.server().redis().client().keys("opbx:{" + team.organizationId() + "}:*")) {
            String value = "string".equals(app.server().redis().client().type(redisKey))
                    ? app.server().redis().client().get(redisKey) : "";
            assertFalse(value.contains("1234") || value.contains("9999"), redisKey + " holds a PIN: " + value);
        }
    }

    @Test
    void pins_stored_in_clear_before_the_upgrade_are_sealed_and_still_read() {
        Team team = Identity.team(app, "Pin Upgrade Org");
        long id = app.dsl().insertInto(CONFERENCE_ROOMS)
                .set(CONFERENCE_ROOMS.ORGANIZATION_ID, team.organizationId())
                .set(CONFERENCE_ROOMS.NAME, "Legacy")
                .set(CONFERENCE_ROOMS.PIN, "2468")
                .set(CONFERENCE_ROOMS.HOST_PIN, "1357")
                .returning(CONFERENCE_ROOMS.ID)
                .fetchOne(CONFERENCE_ROOMS.ID);
        assertEquals("2468", team.owner().http().get(PATH + "/" + id).json().path("data").path("pin").asText(),
                "a clear PIN is read as it is until sealed");

        ConferencePins pins = new ConferencePins(new Secrets(app.server().appKey(), Optional.empty()));
        assertTrue(PinEncryption.run(app.dsl(), pins) >= 1);

        ConferenceRoomsRecord row = Rooms.row(app.dsl(), team.organizationId(), id);
        assertTrue(row.getPin().startsWith("v1:") && row.getHostPin().startsWith("v1:"), row.toString());
        Response show = team.owner().http().get(PATH + "/" + id);
        assertEquals("2468", show.json().path("data").path("pin").asText());
        assertEquals("1357", show.json().path("data").path("host_pin").asText());
    }
}
