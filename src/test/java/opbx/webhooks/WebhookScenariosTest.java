package opbx.webhooks;

import static opbx.db.gen.Tables.CALL_DETAIL_RECORDS;
import static opbx.db.gen.Tables.CALL_LOGS;
import static opbx.db.gen.Tables.SESSION_UPDATES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import opbx.db.gen.tables.records.CallLogsRecord;
import opbx.support.HttpTestClient.Response;
import opbx.support.TestApp;
import org.junit.jupiter.api.Test;

/** Execution-plane spec §13, scenarios 34-38: the webhooks as Cloudonix and relays call them. */
class WebhookScenariosTest {

    private static final String CONNECTED = "{\"id\":%d,\"eventId\":\"5f0c6c1e-3a51-4c31-9d37-0c1c9b2f7a10\","
            + "\"domain\":\"%s\",\"token\":\"%s\",\"callerId\":\"12125550199\",\"destination\":\"%s\","
            + "\"direction\":\"incoming\",\"status\":\"connected\",\"createdAt\":\"2026-01-14T15:30:00Z\","
            + "\"modifiedAt\":\"2026-01-14T15:30:07Z\",\"callStartTime\":1768404600000,\"callAnswerTime\":1768404607000,"
            + "\"action\":\"dial\",\"reason\":\"answered\"}";
    private static final String CDR = "{\"timestamp\":1768404727,\"owner\":{\"domain\":{\"uuid\":\"%s\"}},"
            + "\"session\":{\"token\":\"%s\",\"id\":%d,\"callStartTime\":1768404600000,\"callAnswerTime\":1768404607000,"
            + "\"callEndTime\":1768404727000,\"status\":\"completed\"},\"from\":\"+12125550199\",\"to\":\"%s\","
            + "\"disposition\":\"ANSWER\",\"duration\":127,\"billsec\":120,\"call_id\":\"%s\",\"domain\":\"%s\"%s}";

    private final TestApp app = TestApp.shared();

    private static long sessionId() {
        return 9_000_000 + (long) (Math.random() * 1_000_000_000L);
    }

    private String connected(HookWorld w, long session, String token) {
        return String.format(CONNECTED, session, w.domainName, token, w.did);
    }

    private String cdr(HookWorld w, long session, String token, String callId, String extra) {
        return String.format(CDR, w.domainUuid, token, session, w.did, callId, w.domainName, extra);
    }

    private CallLogsRecord callLog(HookWorld w, String callId) {
        return app.dsl().selectFrom(CALL_LOGS)
                .where(CALL_LOGS.ORGANIZATION_ID.eq(w.org).and(CALL_LOGS.CALL_ID.eq(callId)))
                .fetchOne();
    }

    private int sessionRows(HookWorld w, long session) {
        return app.dsl().fetchCount(SESSION_UPDATES,
                SESSION_UPDATES.ORGANIZATION_ID.eq(w.org).and(SESSION_UPDATES.SESSION_ID.eq(session)));
    }

    @Test
    void scenario_34_a_session_update_is_stored_once_and_creates_and_advances_the_call_log() {
        HookWorld w = new HookWorld(app, "Hooks 34");
        long session = sessionId();
        assertEquals(200, w.routeInbound("c-4").status());

        Response first = w.post(HookWorld.SESSION_UPDATE, connected(w, session, "c-4"));

        assertEquals(200, first.status(), first.body());
        assertEquals("{\"message\":\"Session record updated successfully\"}", first.body());
        assertTrue(first.header("Content-Type").startsWith("application/json"));
        assertEquals("+12125550199", app.dsl().select(SESSION_UPDATES.CALLER_ID).from(SESSION_UPDATES)
                .where(SESSION_UPDATES.ORGANIZATION_ID.eq(w.org).and(SESSION_UPDATES.SESSION_ID.eq(session)))
                .fetchOne(SESSION_UPDATES.CALLER_ID));
        CallLogsRecord log = callLog(w, "c-4");
        assertEquals("inbound", log.getDirection());
        assertEquals(w.didId, log.getDidId());
        assertEquals(w.extension, log.getExtensionId());
        assertEquals(session, log.getSessionId());
        assertEquals("answered", log.getStatus());
        assertEquals(OffsetDateTime.of(2026, 1, 14, 15, 30, 7, 0, ZoneOffset.UTC), log.getAnsweredAt());

        Response again = w.post(HookWorld.SESSION_UPDATE, connected(w, session, "c-4"));
        assertEquals(200, again.status());
        assertTrue(again.json().path("duplicate").asBoolean(), again.body());
        assertEquals(1, sessionRows(w, session));

        Response backwards = w.post(HookWorld.SESSION_UPDATE, "{\"id\":" + session + ",\"status\":\"ringing\"}");
        assertEquals(200, backwards.status());
        assertEquals(2, sessionRows(w, session));
        assertTrue(app.dsl().select(SESSION_UPDATES.EVENT_ID).from(SESSION_UPDATES)
                .where(SESSION_UPDATES.ORGANIZATION_ID.eq(w.org).and(SESSION_UPDATES.SESSION_ID.eq(session))
                        .and(SESSION_UPDATES.STATUS.eq("ringing")))
                .fetchOne(SESSION_UPDATES.EVENT_ID).matches("d-[0-9a-f]{32}"));
        assertEquals("answered", callLog(w, "c-4").getStatus());

        Response noId = w.post(HookWorld.SESSION_UPDATE, "{\"status\":\"ringing\"}");
        assertEquals(422, noId.status());
        assertEquals("required", noId.json().path("details").path("id").asText());
        Response notJson = w.post(HookWorld.SESSION_UPDATE, "not json");
        assertEquals(400, notJson.status());
        assertEquals("{\"error\":\"Bad Request\",\"message\":\"Request body is not valid JSON\"}", notJson.body());
    }

    @Test
    void scenario_35_a_cdr_is_stored_once_and_ends_the_call() {
        HookWorld w = new HookWorld(app, "Hooks 35");
        long session = sessionId();
        w.routeInbound("c-4");
        w.post(HookWorld.SESSION_UPDATE, connected(w, session, "c-4"));

        Response stored = w.post(HookWorld.CDR, cdr(w, session, "c-4", "a84b2c@10.0.0.1", ""));

        assertEquals(200, stored.status(), stored.body());
        assertEquals("{\"message\":\"CDR Inserted successfully\"}", stored.body());
        CallLogsRecord log = callLog(w, "c-4");
        assertEquals("completed", log.getStatus());
        assertEquals(OffsetDateTime.of(2026, 1, 14, 15, 32, 7, 0, ZoneOffset.UTC), log.getEndedAt());
        assertEquals(120, log.getDuration());
        assertEquals("ANSWER", log.getHangupCause());
        assertNotNull(log.getCloudonixCdr());
        assertEquals("cdr_final_status", app.dsl().select(SESSION_UPDATES.ACTION).from(SESSION_UPDATES)
                .where(SESSION_UPDATES.ORGANIZATION_ID.eq(w.org).and(SESSION_UPDATES.SESSION_ID.eq(session))
                        .and(SESSION_UPDATES.EVENT_ID.eq("cdr-final")))
                .fetchOne(SESSION_UPDATES.ACTION));

        Response resent = w.post(HookWorld.CDR, cdr(w, session, "c-4", "a84b2c@10.0.0.1", ",\"sell_cost\":0.5"));
        assertEquals(200, resent.status());
        assertTrue(resent.json().path("duplicate").asBoolean());
        assertEquals(1, app.dsl().fetchCount(CALL_DETAIL_RECORDS, CALL_DETAIL_RECORDS.ORGANIZATION_ID.eq(w.org)));

        Response sparse = w.post(HookWorld.CDR, "{\"call_id\":\"b77@10.0.0.1\",\"duration\":\"abc\"}");
        assertEquals(200, sparse.status(), sparse.body());
        var row = app.dsl().selectFrom(CALL_DETAIL_RECORDS)
                .where(CALL_DETAIL_RECORDS.ORGANIZATION_ID.eq(w.org).and(CALL_DETAIL_RECORDS.CALL_ID.eq("b77@10.0.0.1")))
                .fetchOne();
        assertEquals(0, row.getDuration());
        assertEquals("Unknown", row.getFrom());
        assertEquals("UNKNOWN", row.getDisposition());
    }

    @Test
    void scenario_36_an_unauthenticated_cdr_is_accepted_only_by_opt_in() {
        HookWorld w = new HookWorld(app, "Hooks 36");
        long session = sessionId();
        String body = cdr(w, session, "c-36", "x36@10.0.0.1", "");

        Response refused = w.post(HookWorld.CDR, body, Map.of());
        assertEquals(401, refused.status());
        assertEquals("{\"error\":\"Unauthorized\",\"message\":\"Missing or invalid credentials\"}", refused.body());
        assertEquals(0, app.dsl().fetchCount(CALL_DETAIL_RECORDS, CALL_DETAIL_RECORDS.ORGANIZATION_ID.eq(w.org)));

        w.settings("{\"accept_unauthenticated_cdr\":true}");
        Response accepted = w.post(HookWorld.CDR, body, Map.of());
        assertEquals(200, accepted.status(), accepted.body());
        assertEquals(1, app.dsl().fetchCount(CALL_DETAIL_RECORDS, CALL_DETAIL_RECORDS.ORGANIZATION_ID.eq(w.org)));
        assertEquals(401, w.post(HookWorld.SESSION_UPDATE, "{\"id\":1}", Map.of()).status(),
                "the opt-in covers CDRs only");
    }

    @Test
    void scenario_37_hmac_signed_updates_are_accepted_and_forged_or_stale_ones_refused() {
        HookWorld w = new HookWorld(app, "Hooks 37");
        long session = sessionId();
        long now = TestApp.CLOCK.instant().getEpochSecond();
        String body = "{\"id\":" + session + ",\"status\":\"ringing\",\"domain\":\"" + w.domainName + "\"}";

        assertEquals(200, w.signed(HookWorld.SESSION_UPDATE, body, now).status());
        assertEquals(1, sessionRows(w, session));

        String signature = WebhookSignature.sign(w.secret, String.valueOf(now), body.getBytes());
        String changed = body.replace("ringing", "rInging");
        Response forged = w.post(HookWorld.SESSION_UPDATE, changed,
                Map.of("X-Cloudonix-Timestamp", String.valueOf(now), "X-Cloudonix-Signature", signature));
        assertEquals(401, forged.status());
        assertEquals("{\"error\":\"Unauthorized - Invalid signature\"}", forged.body());

        Response stale = w.signed(HookWorld.SESSION_UPDATE, body, now - 301);
        assertEquals(401, stale.status());
        assertEquals("{\"error\":\"Unauthorized - Stale timestamp\"}", stale.body());

        Response missing = w.post(HookWorld.SESSION_UPDATE, body,
                Map.of("X-Cloudonix-Timestamp", String.valueOf(now), "X-Cloudonix-Signature", ""));
        assertEquals(401, missing.status());
        assertEquals("{\"error\":\"Unauthorized - Missing signature\"}", missing.body());

        Response prefixed = w.post(HookWorld.SESSION_UPDATE, body.replace("ringing", "connected"), Map.of(
                "X-Cloudonix-Timestamp", String.valueOf(now), "X-Cloudonix-Signature", "sha256=" + WebhookSignature.sign(
                        w.secret, String.valueOf(now), body.replace("ringing", "connected").getBytes()).toUpperCase()));
        assertEquals(200, prefixed.status(), "sha256= prefix ignored, hex compared case-insensitively");
        assertEquals(2, sessionRows(w, session));
    }

    @Test
    void scenario_38_call_status_applies_allowed_steps_and_reports_refused_ones() {
        HookWorld w = new HookWorld(app, "Hooks 38");
        long session = sessionId();
        w.routeInbound("c-4");
        w.post(HookWorld.SESSION_UPDATE, connected(w, session, "c-4"));
        w.post(HookWorld.CDR, cdr(w, session, "c-4", "a38@10.0.0.1", ""));

        Response late = w.post(HookWorld.CALL_STATUS, "{\"call_id\":\"c-4\",\"status\":\"answered\"}");
        assertEquals(200, late.status(), late.body());
        assertFalse(late.json().path("applied").asBoolean());
        assertEquals("completed", callLog(w, "c-4").getStatus());

        Response ringing = w.post(HookWorld.CALL_STATUS, "{\"call_id\":\"c-38\",\"status\":\"ringing\"}");
        assertEquals(200, ringing.status(), ringing.body());
        assertEquals("{\"message\":\"Call status processed\",\"call_id\":\"c-38\",\"status\":\"ringing\",\"applied\":true}",
                ringing.body());
        assertEquals("ringing", callLog(w, "c-38").getStatus());
        assertEquals("Unknown", callLog(w, "c-38").getFromNumber());

        Response unknown = w.post(HookWorld.CALL_STATUS, "{\"call_id\":\"c-38\",\"status\":\"teleported\"}");
        assertEquals(422, unknown.status());
        assertEquals("unsupported value", unknown.json().path("details").path("status").asText());
    }
}
