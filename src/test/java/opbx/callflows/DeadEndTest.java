package opbx.callflows;

import static opbx.db.gen.Tables.DID_NUMBERS;
import static opbx.db.gen.Tables.RING_GROUPS;
import static opbx.support.TestData.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import opbx.support.HttpTestClient;
import opbx.support.HttpTestClient.Response;
import opbx.support.Identity;
import opbx.support.Identity.Team;
import opbx.support.TestApp;
import org.jooq.JSONB;
import org.junit.jupiter.api.Test;

/**
 * Dead ends are refused wherever they come from (issue: the dead-end check was bypassed by one indirection): any
 * write that would leave a destination reachable from an active DID that can only end in "not available" is a 422
 * spelling the path, through extensions, fallbacks, menus and schedules, and for changes that break a flow after the
 * fact; a dead end that was already there does not block unrelated writes; a whitelist change, which is never
 * refused, says what it broke.
 */
class DeadEndTest {

    private static final String NOWHERE = "This change would leave calls with nowhere to go: ";

    private final TestApp app = TestApp.shared();

    private static long extension(HttpTestClient admin, String number) {
        Response response = admin.postJson("/api/v1/extensions", json("extension_number", number, "type", "user"));
        assertEquals(201, response.status(), response.body());
        return response.json().path("extension").path("id").asLong();
    }

    private static long group(HttpTestClient admin, String name, long... members) {
        List<Map<String, Object>> list = java.util.Arrays.stream(members)
                .mapToObj(id -> Map.<String, Object>of("extension_id", id)).toList();
        Response response = admin.postJson("/api/v1/ring-groups", json("name", name, "members", list));
        assertEquals(201, response.status(), response.body());
        return response.json().path("data").path("id").asLong();
    }

    private static void deactivate(HttpTestClient admin, String path) {
        Response response = admin.patchJson(path, json("status", "inactive"));
        assertEquals(200, response.status(), response.body());
    }

    private static String number() {
        return "+1646" + (1_000_000 + ThreadLocalRandom.current().nextInt(9_000_000));
    }

    private static Response did(HttpTestClient admin, String number, String type, String key, long target) {
        return admin.postJson("/api/v1/phone-numbers", json("phone_number", number, "routing_type", type,
                "routing_config", Map.of(key, target)));
    }

    private static void assertNowhere(Response response, String field, String path) {
        assertEquals(422, response.status(), response.body());
        assertEquals(NOWHERE + path + ".", response.json().path("errors").path(field).path(0).asText(), response.body());
    }

    @Test
    void an_extension_in_front_of_a_group_without_active_members_no_longer_hides_it() {
        Team team = Identity.team(app, "Dead E Org");
        HttpTestClient admin = team.admin().http();
        long member = extension(admin, "7001");
        long dead = group(admin, "Dead E", member);
        deactivate(admin, "/api/v1/extensions/" + member);
        Response front = admin.postJson("/api/v1/extensions", json("extension_number", "7301", "type", "ring_group",
                "configuration", Map.of("ring_group_id", dead)));
        assertEquals(201, front.status(), "nothing reaches the extension yet: " + front.body());
        long frontId = front.json().path("extension").path("id").asLong();

        String phone = number();
        assertNowhere(did(admin, phone, "extension", "extension_id", frontId), "routing_config.extension_id",
                "DID " + phone + " → extension 7301 → ring group \"Dead E\": no active member");
        assertEquals(0, app.dsl().fetchCount(DID_NUMBERS, DID_NUMBERS.ORGANIZATION_ID.eq(team.organizationId())),
                "nothing written");
    }

    @Test
    void changes_that_break_a_flow_after_the_fact_are_refused_with_the_path() {
        Team team = Identity.team(app, "After The Fact Org");
        HttpTestClient admin = team.admin().http();
        long alice = extension(admin, "7101");
        long sales = group(admin, "Sales", alice);
        String phone = number();
        assertEquals(201, did(admin, phone, "ring_group", "ring_group_id", sales).status());
        String toSales = "DID " + phone + " → ring group \"Sales\"";

        assertNowhere(admin.patchJson("/api/v1/extensions/" + alice, json("status", "inactive")), "status",
                toSales + ": no active member");
        assertEquals("active", admin.get("/api/v1/extensions/" + alice).json().path("extension").path("status").asText(),
                "the refused change was not written");
        // (A group cannot be emptied, nor get an inactive new member: the members rules refuse both first.)
        assertNowhere(admin.patchJson("/api/v1/ring-groups/" + sales, json("status", "inactive")), "status",
                toSales + ": inactive");

        // A fallback that works keeps a group without ringing members alive.
        long bob = extension(admin, "7102");
        Response fallback = admin.patchJson("/api/v1/ring-groups/" + sales, json("fallback_action", "extension",
                "fallback_extension_id", bob));
        assertEquals(200, fallback.status(), fallback.body());
        assertEquals(200, admin.patchJson("/api/v1/extensions/" + alice, json("status", "inactive")).status());
        long salesDid = admin.get("/api/v1/phone-numbers?search=" + phone.substring(1)).json().path("data").path(0)
                .path("id").asLong();
        JsonNode member = admin.get("/api/v1/call-flows/phone-numbers/" + salesDid).json()
                .path("data").path("edges").path(0).path("node").path("detail").path("members").path(0);
        assertEquals("7101", member.path("number").asText(), member.toString());
        assertEquals("inactive", member.path("status").asText(), "the view marks an inactive member: " + member);
        assertEquals(false, member.path("rings").asBoolean(true), member.toString());
        assertNowhere(admin.patchJson("/api/v1/extensions/" + bob, json("status", "inactive")), "status",
                toSales + " → fallback → extension 7102: inactive");

        Response room = admin.postJson("/api/v1/conference-rooms", json("name", "Board"));
        assertEquals(201, room.status(), room.body());
        long roomId = room.json().path("data").path("id").asLong();
        String roomPhone = number();
        assertEquals(201, did(admin, roomPhone, "conference_room", "conference_room_id", roomId).status());
        assertNowhere(admin.patchJson("/api/v1/conference-rooms/" + roomId, json("status", "inactive")), "status",
                "DID " + roomPhone + " → conference room \"Board\": inactive");
    }

    @Test
    void menus_schedules_and_fallbacks_cannot_lead_to_a_dead_group_either() {
        Team team = Identity.team(app, "Indirect Org");
        HttpTestClient admin = team.admin().http();
        long alice = extension(admin, "7201");
        long carol = extension(admin, "7202");
        long dead = group(admin, "Dead Two", carol);
        deactivate(admin, "/api/v1/extensions/" + carol);

        Response menu = admin.postJson("/api/v1/ivr-menus", json("name", "Main", "tts_text", "Press 1",
                "options", List.of(Map.of("input_digits", "1", "destination_type", "extension", "destination_extension_id",
                        alice))));
        assertEquals(201, menu.status(), menu.body());
        long menuId = menu.json().path("data").path("id").asLong();
        String phone = number();
        assertEquals(201, did(admin, phone, "ivr_menu", "ivr_menu_id", menuId).status());
        assertNowhere(admin.patchJson("/api/v1/ivr-menus/" + menuId, json("options", List.of(Map.of("input_digits", "1",
                        "destination_type", "ring_group", "destination_id", dead)))), "options",
                "DID " + phone + " → IVR menu \"Main\" → option 1 → ring group \"Dead Two\": no active member");
        assertNowhere(admin.patchJson("/api/v1/ivr-menus/" + menuId, json("failover_destination_type", "ring_group",
                        "failover_destination_id", dead)), "failover_destination_id",
                "DID " + phone + " → IVR menu \"Main\" → failover → ring group \"Dead Two\": no active member");

        Response hours = admin.postJson("/api/v1/business-hours", json("name", "Office",
                "schedule", Map.of("monday", Map.of("enabled", true, "time_ranges",
                        List.of(Map.of("start_time", "09:00", "end_time", "17:00")))),
                "open_hours_action", Map.of("type", "extension", "target_id", "ext-" + alice),
                "closed_hours_action", Map.of("type", "ring_group", "target_id", "rg-" + dead)));
        assertEquals(201, hours.status(), "nothing reaches the schedule yet: " + hours.body());
        String hoursPhone = number();
        assertNowhere(did(admin, hoursPhone, "business_hours", "business_hours_schedule_id",
                        hours.json().path("data").path("id").asLong()), "routing_config.business_hours_schedule_id",
                "DID " + hoursPhone + " → business hours \"Office\" → closed → ring group \"Dead Two\": no active member");

        long front = group(admin, "Front", alice);
        assertEquals(200, admin.patchJson("/api/v1/ring-groups/" + front, json("fallback_action", "ring_group",
                "fallback_ring_group_id", dead)).status(), "nothing reaches Front yet");
        String frontPhone = number();
        assertNowhere(did(admin, frontPhone, "ring_group", "ring_group_id", front), "routing_config.ring_group_id",
                "DID " + frontPhone + " → ring group \"Front\" → fallback → ring group \"Dead Two\": no active member");
    }

    @Test
    void the_view_reads_a_schedule_in_the_zone_it_is_read_in() {
        Team team = Identity.team(app, "Zone Org");
        HttpTestClient owner = team.owner().http();
        assertEquals(200, owner.send("PUT", "/api/v1/profile/organization", json("timezone", "Europe/Paris"),
                "application/json", Map.of()).status());
        HttpTestClient admin = team.admin().http();
        long alice = extension(admin, "7601");
        Response hours = admin.postJson("/api/v1/business-hours", json("name", "Office",
                "schedule", Map.of("monday", Map.of("enabled", true, "time_ranges",
                        List.of(Map.of("start_time", "09:00", "end_time", "17:00")))),
                "open_hours_action", Map.of("type", "extension", "target_id", "ext-" + alice),
                "closed_hours_action", Map.of("type", "extension", "target_id", "ext-" + alice)));
        assertEquals(201, hours.status(), hours.body());
        Response did = did(admin, number(), "business_hours", "business_hours_schedule_id",
                hours.json().path("data").path("id").asLong());
        assertEquals(201, did.status(), did.body());
        JsonNode schedule = admin.get("/api/v1/call-flows/phone-numbers/" + did.json().path("data").path("id").asLong())
                .json().path("data").path("edges").path(0).path("node");
        assertEquals("business_hours", schedule.path("type").asText(), schedule.toString());
        assertEquals("Europe/Paris", schedule.path("detail").path("timezone").asText(),
                "a schedule without a zone is read in its organisation's: " + schedule);
    }

    @Test
    void a_dead_end_that_was_already_there_does_not_block_unrelated_writes() {
        Team team = Identity.team(app, "Legacy Dead End Org");
        HttpTestClient admin = team.admin().http();
        // Rows written before the check existed: a DID to a group with no members and a hangup fallback.
        long empty = app.dsl().insertInto(RING_GROUPS).set(RING_GROUPS.ORGANIZATION_ID, team.organizationId())
                .set(RING_GROUPS.NAME, "Empty").returning(RING_GROUPS.ID).fetchOne(RING_GROUPS.ID);
        String phone = number();
        long didId = app.dsl().insertInto(DID_NUMBERS).set(DID_NUMBERS.ORGANIZATION_ID, team.organizationId())
                .set(DID_NUMBERS.PHONE_NUMBER, phone).set(DID_NUMBERS.ROUTING_TYPE, "ring_group")
                .set(DID_NUMBERS.ROUTING_CONFIG, JSONB.valueOf("{\"ring_group_id\":" + empty + "}"))
                .returning(DID_NUMBERS.ID).fetchOne(DID_NUMBERS.ID);

        assertEquals(200, admin.patchJson("/api/v1/phone-numbers/" + didId, json("friendly_name", "Main line")).status());
        extension(admin, "7401");
        JsonNode view = admin.get("/api/v1/call-flows/phone-numbers/" + didId).json().path("data");
        JsonNode groupNode = view.path("edges").path(0).path("node");
        assertEquals("DID " + phone + " → ring group \"Empty\": no active member", groupNode.path("warning").asText(),
                view.toString());
    }

    @Test
    void removing_the_whitelist_entry_a_forward_dials_through_is_allowed_and_says_what_it_broke() {
        Team team = Identity.team(app, "Whitelist Warning Org");
        HttpTestClient admin = team.admin().http();
        Response entry = admin.postJson("/api/v1/outbound-whitelist", json("name", "US", "destination_country", "US",
                "outbound_trunk_name", "us-trunk"));
        assertEquals(201, entry.status(), entry.body());
        assertNull(entry.json().get("warning"), "nothing broken: no warning");
        long entryId = entry.json().path("data").path("id").asLong();
        Response forward = admin.postJson("/api/v1/extensions", json("extension_number", "6000", "type", "forward",
                "configuration", Map.of("forward_to", "+14155550123")));
        assertEquals(201, forward.status(), forward.body());
        String phone = number();
        long forwardId = forward.json().path("extension").path("id").asLong();
        Response numberResponse = did(admin, phone, "extension", "extension_id", forwardId);
        assertEquals(201, numberResponse.status(), numberResponse.body());
        String broken = "DID " + phone + " → extension 6000 → forward → external number +14155550123: not permitted by "
                + "the outbound whitelist";

        Response narrowed = admin.patchJson("/api/v1/outbound-whitelist/" + entryId, json("destination_prefix", "+1212"));
        assertEquals(200, narrowed.status(), narrowed.body());
        assertEquals("Saved, but calls now end without reaching anyone: " + broken + ".",
                narrowed.json().path("warning").asText(), narrowed.body());

        Response deleted = admin.delete("/api/v1/outbound-whitelist/" + entryId);
        assertEquals(204, deleted.status(), deleted.body());
        assertNull(deleted.header("Warning"), "the narrowing already broke it: the delete breaks nothing new");

        JsonNode view = admin.get("/api/v1/call-flows/phone-numbers/"
                + numberResponse.json().path("data").path("id").asLong()).json().path("data");
        JsonNode external = view.path("edges").path(0).path("node").path("edges").path(0).path("node");
        assertEquals("refused", external.path("status").asText(), view.toString());
        assertEquals(broken, external.path("warning").asText(), view.toString());

        // A delete that breaks a flow says so in the Warning header of its 204.
        Response again = admin.postJson("/api/v1/outbound-whitelist", json("name", "US", "destination_country", "US",
                "outbound_trunk_name", "us-trunk"));
        assertEquals(201, again.status(), again.body());
        Response removed = admin.delete("/api/v1/outbound-whitelist/" + again.json().path("data").path("id").asLong());
        assertEquals(204, removed.status());
        assertNotNull(removed.header("Warning"), "Warning header");
        assertTrue(removed.header("Warning").startsWith("299 opbx \"Saved, but calls now end without reaching anyone: DID "
                + phone + " -> extension 6000 -> forward -> external number"), removed.header("Warning"));
    }

    @Test
    void ivr_option_keys_a_gather_cannot_deliver_are_refused_naming_the_key() {
        Team team = Identity.team(app, "Keys Org");
        HttpTestClient admin = team.admin().http();
        long alice = extension(admin, "7501");
        for (String key : List.of("#", "2#")) {
            Response response = admin.postJson("/api/v1/ivr-menus", json("name", "Keys " + key, "tts_text", "Press",
                    "options", List.of(Map.of("input_digits", key, "destination_type", "extension",
                            "destination_extension_id", alice))));
            assertEquals(422, response.status(), response.body());
            assertEquals("The options.0.input_digits \"" + key + "\" can never be pressed: # ends the caller's input. "
                    + "Use digits and * only.", response.json().path("errors").path("options.0.input_digits").path(0).asText());
        }
        Response star = admin.postJson("/api/v1/ivr-menus", json("name", "Star", "tts_text", "Press",
                "options", List.of(Map.of("input_digits", "*9", "destination_type", "extension",
                        "destination_extension_id", alice))));
        assertEquals(201, star.status(), star.body());
    }
}
