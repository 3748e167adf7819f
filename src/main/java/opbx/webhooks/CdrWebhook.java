package opbx.webhooks;

import static opbx.db.gen.Tables.CALL_DETAIL_RECORDS;
import static opbx.webhooks.SessionUpdateWebhook.json;
import static opbx.webhooks.SessionUpdateWebhook.orUnknown;
import static opbx.webhooks.SessionUpdateWebhook.party;
import static opbx.webhooks.SessionUpdateWebhook.utc;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import opbx.auth.Tokens;
import opbx.calls.CallEvent;
import opbx.calls.CallLogWriter;
import opbx.calls.CallOrigin;
import opbx.calls.CallReport;
import opbx.calls.ReportedStatus;
import opbx.voice.model.OrgInfo;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/webhooks/cloudonix/cdr} (execution-plane spec §9.3): a call's final record, stored once per
 * (organisation, call id) however late or altered a re-send is. In the same transaction the call log reaches its
 * final state and the session gets its {@code cdr-final} update.
 */
final class CdrWebhook implements WebhookEndpoint {

    private static final Logger log = LoggerFactory.getLogger(CdrWebhook.class);
    /** Epoch values above this are milliseconds, below it seconds (year 33658 in seconds). */
    private static final long MILLIS_THRESHOLD = 1_000_000_000_000L;
    /** Longest value kept in an indexed text column. */
    static final int INDEXED = 255;

    private final SessionUpdateRepository sessions;
    private final CallLogWriter callLogs;
    private final CallSummaries summaries;

    CdrWebhook(SessionUpdateRepository sessions, CallLogWriter callLogs, CallSummaries summaries) {
        this.sessions = sessions;
        this.callLogs = callLogs;
        this.summaries = summaries;
    }

    @Override
    public String kind() {
        return "cdr";
    }

    /** {@code call_id}, else {@code session.token}, else {@code session-{session.id}}. */
    static String callId(Payload payload) {
        String callId = payload.firstText("call_id", "session.token");
        if (callId == null && payload.number("session.id") != null) {
            callId = "session-" + payload.number("session.id");
        }
        return callId;
    }

    @Override
    public Map<String, String> validate(Payload payload) {
        String callId = callId(payload);
        if (callId == null) {
            return Map.of("call_id", "required");
        }
        return callId.length() > 255 ? Map.of("call_id", "at most 255 characters") : Map.of();
    }

    @Override
    public String markerKey(Payload payload) {
        return Tokens.sha256Hex(callId(payload));
    }

    @Override
    public Stored store(DSLContext trx, OrgInfo org, Payload p, Instant now) {
        String ownerDomain = p.text("owner.domain.uuid");
        if (ownerDomain != null && !ownerDomain.equalsIgnoreCase(String.valueOf(org.domainUuid()))) {
            log.warn("domain_mismatch: organisation {} received a CDR for another domain", org.id());
        }
        String callId = callId(p);
        Long sessionId = p.number("session.id");
        String from = orUnknown(p.text("from", INDEXED));
        String to = orUnknown(p.text("to", INDEXED));
        String disposition = p.text("disposition", INDEXED) == null ? "UNKNOWN" : p.text("disposition", INDEXED);
        int duration = orZero(p.integer("duration", 0, Integer.MAX_VALUE));
        int billsec = orZero(p.integer("billsec", 0, Integer.MAX_VALUE));
        Instant answered = p.epochMillis("session.callAnswerTime");
        Instant ended = p.epochMillis("session.callEndTime");
        String recordingUrl = p.text("recording_url");
        JSONB raw = JSONB.valueOf(p.json().toString());
        boolean inserted = trx.insertInto(CALL_DETAIL_RECORDS)
                .set(CALL_DETAIL_RECORDS.ORGANIZATION_ID, org.id())
                .set(CALL_DETAIL_RECORDS.SESSION_TIMESTAMP, utc(sessionTimestamp(p, now)))
                .set(CALL_DETAIL_RECORDS.SESSION_TOKEN, p.text("session.token", INDEXED))
                .set(CALL_DETAIL_RECORDS.SESSION_ID, sessionId)
                .set(CALL_DETAIL_RECORDS.FROM, from)
                .set(CALL_DETAIL_RECORDS.TO, to)
                .set(CALL_DETAIL_RECORDS.DISPOSITION, disposition)
                .set(CALL_DETAIL_RECORDS.DURATION, duration)
                .set(CALL_DETAIL_RECORDS.BILLSEC, billsec)
                .set(CALL_DETAIL_RECORDS.CALL_ID, callId)
                .set(CALL_DETAIL_RECORDS.DOMAIN, p.text("domain"))
                .set(CALL_DETAIL_RECORDS.SUBSCRIBER, p.text("subscriber"))
                .set(CALL_DETAIL_RECORDS.CX_TRUNK_ID, p.number("cx_trunk_id"))
                .set(CALL_DETAIL_RECORDS.APPLICATION, p.text("application"))
                .set(CALL_DETAIL_RECORDS.ROUTE, p.text("route"))
                .set(CALL_DETAIL_RECORDS.RATED_COST, p.decimal("rated_cost"))
                .set(CALL_DETAIL_RECORDS.APPROX_COST, p.decimal("approx_cost"))
                .set(CALL_DETAIL_RECORDS.SELL_COST, p.decimal("sell_cost"))
                .set(CALL_DETAIL_RECORDS.VAPP_SERVER, p.text("vapp_server"))
                .set(CALL_DETAIL_RECORDS.CALL_START_TIME, utc(p.epochMillis("session.callStartTime")))
                .set(CALL_DETAIL_RECORDS.CALL_ANSWER_TIME, utc(answered))
                .set(CALL_DETAIL_RECORDS.CALL_END_TIME, utc(ended))
                .set(CALL_DETAIL_RECORDS.STATUS, p.text("session.status"))
                .set(CALL_DETAIL_RECORDS.RECORDING_URL, recordingUrl)
                .set(CALL_DETAIL_RECORDS.RAW_CDR, raw)
                .onConflict(CALL_DETAIL_RECORDS.ORGANIZATION_ID, CALL_DETAIL_RECORDS.CALL_ID)
                .doNothing()
                .execute() == 1;
        if (!inserted) {
            return new Stored(repeatBody(p), true, List.of());
        }
        List<CallEvent> events = new ArrayList<>();
        events.add(new CallEvent("cdr.received", eventData(callId, sessionId, from, to, disposition, duration, billsec)));
        String token = p.text("session.token", INDEXED);
        CallOrigin origin = summaries.find(org.id(), token).orElseGet(() -> new CallOrigin(
                "inbound", orUnknown(party(p.text("from", INDEXED))), orUnknown(party(p.text("to", INDEXED))), null, null, null));
        Instant started = p.epochMillis("session.callStartTime");
        CallReport report = new CallReport(token, sessionId,
                token != null ? token : sessionId != null ? "session-" + sessionId : callId, origin, started,
                ReportedStatus.forCdr(disposition, answered != null || billsec > 0), answered, ended, billsec,
                disposition, recordingUrl, raw);
        events.addAll(callLogs.apply(trx, org.id(), report, now).events());
        if (sessionId != null) {
            sessions.insert(trx, org.id(), finalUpdate(p, sessionId, token, disposition, duration, billsec, now), utc(now));
        }
        return new Stored(repeatBody(p), false, events);
    }

    /** The session's closing update: {@code cdr-final}, so the live-calls view drops the call (§9.3). */
    private static SessionUpdateRow finalUpdate(Payload p, long sessionId, String token, String disposition, int duration,
                                                int billsec, Instant now) {
        ObjectNode profile = JsonNodeFactory.instance.objectNode();
        profile.set("cdr_data", p.json());
        profile.put("final_disposition", disposition);
        profile.put("duration", duration);
        profile.put("billsec", billsec);
        return new SessionUpdateRow(sessionId, "cdr-final", token, null, p.text("domain"), null, null,
                party(p.text("from", INDEXED)), party(p.text("to", INDEXED)), "incoming", disposition, "cdr_final_status", disposition,
                null, null, utc(now), p.number("session.callStartTime"), null, p.number("session.callAnswerTime"),
                p.number("session.callEndTime"), null, null, p.text("vapp_server"), json(null, "[]"), json(profile, "{}"));
    }

    /** {@code timestamp}: epoch seconds, read as milliseconds above 10^12; absent or unreadable: now. */
    private static Instant sessionTimestamp(Payload p, Instant now) {
        Long value = p.number("timestamp");
        if (value == null || value <= 0) {
            return now;
        }
        Instant instant = value > MILLIS_THRESHOLD ? Instant.ofEpochMilli(value) : Instant.ofEpochSecond(value);
        return instant.isAfter(Instant.parse("9999-01-01T00:00:00Z")) ? now : instant;
    }

    private static Map<String, Object> eventData(String callId, Long sessionId, String from, String to, String disposition,
                                                 int duration, int billsec) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("call_id", callId);
        data.put("session_id", sessionId);
        data.put("from", from);
        data.put("to", to);
        data.put("disposition", disposition);
        data.put("duration", duration);
        data.put("billsec", billsec);
        return data;
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }

    @Override
    public Map<String, Object> repeatBody(Payload payload) {
        return WebhookResponses.message("CDR Inserted successfully");
    }

    @Override
    public Map<String, Object> failureBody() {
        return WebhookResponses.error("Call Detail Record processing failed",
                "Failed to process the call detail record. Please check the logs for more details.");
    }
}
