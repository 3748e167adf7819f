package opbx.webhooks;

import static opbx.db.gen.Tables.CALL_DETAIL_RECORDS;
import static opbx.db.gen.Tables.SESSION_UPDATES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import opbx.support.HttpTestClient.Response;
import opbx.support.TestApp;
import org.junit.jupiter.api.Test;

/**
 * Bad input on the webhooks (execution-plane spec §9.1): a body that is not a JSON object is a 400, a missing or
 * unusable required field a 422 naming it, and mistyped optional fields are stored as null or their default. Never
 * a 500, never a trace.
 */
class HostileWebhookInputTest {

    private final TestApp app = TestApp.shared();

    private static void assertNoTrace(Response response) {
        assertTrue(response.header("Content-Type").startsWith("application/json"), response.header("Content-Type"));
        assertFalse(response.body().contains("Exception"), response.body());
        assertFalse(response.body().contains("at opbx."), response.body());
    }

    @Test
    void bodies_that_are_not_json_objects_are_400() {
        HookWorld w = new HookWorld(app, "Hooks hostile body");
        for (String path : List.of(HookWorld.SESSION_UPDATE, HookWorld.CDR, HookWorld.CALL_STATUS)) {
            for (String body : List.of("", "not json", "[1,2]", "\"text\"", "null", "{\"id\":", "[".repeat(5000))) {
                Response response = w.post(path, body);
                assertEquals(400, response.status(), path + " " + body.substring(0, Math.min(20, body.length())));
                assertNoTrace(response);
            }
        }
        byte[] invalidUtf8 = {'{', '"', 'i', 'd', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        Response bytes = app.http().sendBytes("POST", HookWorld.SESSION_UPDATE, invalidUtf8, "application/json");
        assertTrue(bytes.status() == 400 || bytes.status() == 401, bytes.status() + " " + bytes.body());
        assertNoTrace(bytes);
    }

    @Test
    void unusable_required_fields_are_422_naming_the_field() {
        HookWorld w = new HookWorld(app, "Hooks hostile required");
        Map<String, String> cases = Map.of(
                "{\"id\":\"abc\"}", "id",
                "{\"id\":-5}", "id",
                "{\"id\":99999999999999999999999}", "id",
                "{\"id\":[1]}", "id",
                "{\"id\":null}", "id");
        cases.forEach((body, field) -> {
            Response response = w.post(HookWorld.SESSION_UPDATE, body);
            assertEquals(422, response.status(), body);
            assertTrue(response.json().path("details").has(field), response.body());
            assertNoTrace(response);
        });
        Response noCallId = w.post(HookWorld.CDR, "{\"from\":\"+12125550199\",\"session\":{\"token\":\"\"}}");
        assertEquals(422, noCallId.status());
        assertEquals("required", noCallId.json().path("details").path("call_id").asText());
        Response longCallId = w.post(HookWorld.CDR, "{\"call_id\":\"" + "x".repeat(300) + "\"}");
        assertEquals(422, longCallId.status());
        Response statusMissing = w.post(HookWorld.CALL_STATUS, "{\"call_id\":\"c\"}");
        assertEquals("required", statusMissing.json().path("details").path("status").asText());
    }

    @Test
    void mistyped_huge_and_hostile_optional_fields_are_stored_as_null_or_default() {
        HookWorld w = new HookWorld(app, "Hooks hostile optional");
        String huge = "y".repeat(200_000);
        Response update = w.post(HookWorld.SESSION_UPDATE, "{\"id\":\"4242\",\"eventId\":\"" + huge + "\","
                + "\"token\":\"" + huge + "\",\"callerId\":\"" + huge + "\",\"createdAt\":\"yesterday\","
                + "\"modifiedAt\":12,\"callStartTime\":\"soon\",\"callAnswerTime\":1e400,\"timeLimit\":-3,"
                + "\"direction\":\"sideways\",\"domainId\":\"x\",\"callIds\":\"nope\",\"profile\":[1,2],"
                + "\"status\":\"<script>' OR 1=1; --\\u0000\",\"reason\":\"a\\u0000b\",\"startTime\":{\"a\":1}}");
        assertEquals(200, update.status(), update.body());
        var row = app.dsl().selectFrom(SESSION_UPDATES)
                .where(SESSION_UPDATES.ORGANIZATION_ID.eq(w.org).and(SESSION_UPDATES.SESSION_ID.eq(4242L))).fetchOne();
        assertNull(row.getDirection());
        assertNull(row.getDomainId());
        assertNull(row.getCallStartTime());
        assertNull(row.getTimeLimit());
        assertEquals("[]", row.getCallIds().data().replace(" ", ""));
        assertEquals("{}", row.getProfile().data().replace(" ", ""));
        assertEquals("ab", row.getReason());
        assertTrue(row.getEventId().length() <= 255);

        Response cdr = w.post(HookWorld.CDR, "{\"call_id\":\"hostile@10.0.0.1\",\"timestamp\":99999999999999999,"
                + "\"duration\":-4,\"billsec\":\"lots\",\"rated_cost\":\"abc\",\"approx_cost\":1e30,\"sell_cost\":0.12345,"
                + "\"cx_trunk_id\":\"trunk\",\"from\":\"" + huge + "\",\"disposition\":{\"x\":1},"
                + "\"session\":{\"id\":\"x\",\"callStartTime\":-1,\"token\":123},\"owner\":\"me\"}");
        assertEquals(200, cdr.status(), cdr.body());
        var record = app.dsl().selectFrom(CALL_DETAIL_RECORDS)
                .where(CALL_DETAIL_RECORDS.ORGANIZATION_ID.eq(w.org)
                        .and(CALL_DETAIL_RECORDS.CALL_ID.eq("hostile@10.0.0.1"))).fetchOne();
        assertEquals(0, record.getDuration());
        assertEquals(0, record.getBillsec());
        assertNull(record.getRatedCost());
        assertNull(record.getApproxCost());
        assertEquals(0, new java.math.BigDecimal("0.1235").compareTo(record.getSellCost()));
        assertNull(record.getCxTrunkId());
        assertNull(record.getSessionId());
        assertNull(record.getCallStartTime());
        assertEquals("UNKNOWN", record.getDisposition());
        assertEquals(255, record.getFrom().length());

        Response status = w.post(HookWorld.CALL_STATUS, "{\"CallSid\":\"h-1\",\"CallStatus\":\"No-Answer\","
                + "\"duration\":99999999,\"timestamp\":\"later\",\"answer_time\":[1]}");
        assertEquals(200, status.status(), status.body());
        assertEquals("no_answer", status.json().path("status").asText());
    }

    @Test
    void a_body_over_one_mebibyte_is_413_json() {
        HookWorld w = new HookWorld(app, "Hooks hostile size");
        String body = "{\"call_id\":\"big\",\"pad\":\"" + "z".repeat(1_100_000) + "\"}";
        Response response = app.http().sendBytes("POST", HookWorld.CDR, body.getBytes(StandardCharsets.UTF_8),
                "application/json");
        assertEquals(413, response.status());
        assertNoTrace(response);
        assertEquals(0, app.dsl().fetchCount(CALL_DETAIL_RECORDS, CALL_DETAIL_RECORDS.ORGANIZATION_ID.eq(w.org)));
    }
}
