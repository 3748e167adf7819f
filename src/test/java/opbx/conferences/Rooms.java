package opbx.conferences;

import static opbx.db.gen.Tables.CONFERENCE_ROOMS;
import static opbx.db.gen.Tables.DID_NUMBERS;
import static opbx.db.gen.Tables.EXTENSIONS;
import static opbx.support.TestData.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import opbx.db.gen.tables.records.ConferenceRoomsRecord;
import opbx.support.HttpTestClient;
import opbx.support.HttpTestClient.Response;
import org.jooq.DSLContext;
import org.jooq.JSONB;

/** Shared steps of the conference room tests: rooms through the API, rows and references written directly. */
final class Rooms {

    static final String PATH = "/api/v1/conference-rooms";

    private Rooms() {
    }

    /** Creates a room through the API with a name and any further fields; fails unless 201. */
    static JsonNode create(HttpTestClient http, String name, Object... more) {
        Object[] keysAndValues = new Object[more.length + 2];
        keysAndValues[0] = "name";
        keysAndValues[1] = name;
        System.arraycopy(more, 0, keysAndValues, 2, more.length);
        Response response = http.postJson(PATH, json(keysAndValues));
        if (response.status() != 201) {
            throw new AssertionError("create of " + name + " failed: " + response.status() + " " + response.body());
        }
        return response.json().path("data");
    }

    static Response patch(HttpTestClient http, String path, String body) {
        return http.send("PATCH", path, body, "application/json", Map.of());
    }

    static ConferenceRoomsRecord row(DSLContext dsl, long organizationId, long id) {
        return dsl.selectFrom(CONFERENCE_ROOMS)
                .where(CONFERENCE_ROOMS.ORGANIZATION_ID.eq(organizationId))
                .and(CONFERENCE_ROOMS.ID.eq(id))
                .fetchOne();
    }

    /** A room written straight to the table, bypassing the API and its cache invalidation. */
    static long insertRow(DSLContext dsl, long organizationId, String name) {
        return dsl.insertInto(CONFERENCE_ROOMS)
                .set(CONFERENCE_ROOMS.ORGANIZATION_ID, organizationId)
                .set(CONFERENCE_ROOMS.NAME, name)
                .returning(CONFERENCE_ROOMS.ID)
                .fetchOne(CONFERENCE_ROOMS.ID);
    }

    static int count(DSLContext dsl, long organizationId) {
        return dsl.fetchCount(CONFERENCE_ROOMS, CONFERENCE_ROOMS.ORGANIZATION_ID.eq(organizationId));
    }

    /** A {@code conference} extension whose configuration points at the room; {@code deleted} = soft-deleted. */
    static long insertConferenceExtension(DSLContext dsl, long organizationId, long roomId, String number, boolean deleted) {
        return dsl.insertInto(EXTENSIONS)
                .set(EXTENSIONS.ORGANIZATION_ID, organizationId)
                .set(EXTENSIONS.EXTENSION_NUMBER, number)
                .set(EXTENSIONS.TYPE, "conference")
                .set(EXTENSIONS.CONFIGURATION, JSONB.valueOf("{\"conference_room_id\": " + roomId + "}"))
                .set(EXTENSIONS.SIP_PASSWORD, "v1:x")
                .set(EXTENSIONS.DELETED_AT, deleted ? OffsetDateTime.now() : null)
                .returning(EXTENSIONS.ID)
                .fetchOne(EXTENSIONS.ID);
    }

    /** A DID routed to the room. */
    static long insertDid(DSLContext dsl, long organizationId, long roomId, String phoneNumber) {
        return dsl.insertInto(DID_NUMBERS)
                .set(DID_NUMBERS.ORGANIZATION_ID, organizationId)
                .set(DID_NUMBERS.PHONE_NUMBER, phoneNumber)
                .set(DID_NUMBERS.ROUTING_TYPE, "conference_room")
                .set(DID_NUMBERS.ROUTING_CONFIG, JSONB.valueOf("{\"conference_room_id\": " + roomId + "}"))
                .returning(DID_NUMBERS.ID)
                .fetchOne(DID_NUMBERS.ID);
    }

    /** A number unique in this test database (phone numbers are globally unique), counted down from +12125559999. */
    static String phoneNumberFor(long roomId) {
        return "+1212555" + String.format("%04d", 9_999 - roomId % 10_000);
    }

    static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(node -> values.add(node.asText()));
        return values;
    }

    static List<String> names(JsonNode data) {
        List<String> names = new ArrayList<>();
        data.forEach(room -> names.add(room.path("name").asText()));
        return names;
    }
}
