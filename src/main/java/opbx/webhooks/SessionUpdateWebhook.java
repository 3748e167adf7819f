package opbx.webhooks;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import com.fasterxml.jackson.databind.JsonNode;
import opbx.auth.Tokens;
import opbx.calls.CallEvent;
import opbx.calls.CallLogWriter;
import opbx.calls.CallOrigin;
import opbx.calls.CallReport;
import opbx.calls.ReportedStatus;
import opbx.voice.VoiceRouter;
import opbx.voice.model.OrgInfo;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/webhooks/cloudonix/session-update} (execution-plane spec §9.2): every update is stored once per
 * (organisation, session, event), whatever its status, and advances the call log in the same transaction.
 */
final class SessionUpdateWebhook implements WebhookEndpoint {

    private static final Logger log = LoggerFactory.getLogger(SessionUpdateWebhook.class);
    private static final Set<String> DIRECTIONS = Set.of("incoming", "outgoing", "internal", "application");

    private final SessionUpdateRepository sessions;
    private final CallLogWriter callLogs;
    private final CallSummaries summaries;

    SessionUpdateWebhook(SessionUpdateRepository sessions, CallLogWriter callLogs, CallSummaries summaries) {
        this.sessions = sessions;
        this.callLogs = callLogs;
        this.summaries = summaries;
    }

    @Override
    public String kind() {
        return "su";
    }

    @Override
    public Map<String, String> validate(Payload payload) {
        if (payload.node("id").isMissingNode() || payload.node("id").isNull()) {
            return Map.of("id", "required");
        }
        Long id = payload.number("id");
        return id == null || id <= 0 ? Map.of("id", "must be a positive integer") : Map.of();
    }

    @Override
    public String markerKey(Payload payload) {
        return payload.number("id") + ":" + eventId(payload);
    }

    /** The sender's {@code eventId}, else {@code d-} and 32 hex of SHA-256 over what distinguishes the update. */
    static String eventId(Payload payload) {
        String sent = payload.text("eventId");
        if (sent != null) {
            return sent.length() > 255 ? "h-" + Tokens.sha256Hex(sent).substring(0, 32) : sent;
        }
        String basis = payload.number("id") + ":" + orEmpty(payload.text("status")) + ":"
                + orEmpty(payload.text("modifiedAt")) + ":" + orEmpty(payload.text("action"));
        return "d-" + Tokens.sha256Hex(basis).substring(0, 32);
    }

    @Override
    public Stored store(DSLContext trx, OrgInfo org, Payload payload, Instant now) {
        SessionUpdateRow row = row(payload, now);
        String domain = row.domain();
        if (domain != null && !domain.equalsIgnoreCase(String.valueOf(org.domainName()))
                && !domain.equalsIgnoreCase(String.valueOf(org.domainUuid()))) {
            log.warn("domain_mismatch: organisation {} received a session update for another domain", org.id());
        }
        if (!sessions.insert(trx, org.id(), row, now.atOffset(ZoneOffset.UTC))) {
            return new Stored(repeatBody(payload), true, List.of());
        }
        List<CallEvent> events = new ArrayList<>();
        events.add(new CallEvent("session.updated", eventData(row)));
        events.addAll(callLogs.apply(trx, org.id(), report(org.id(), payload, row), now).events());
        return new Stored(repeatBody(payload), false, events);
    }

    @Override
    public Map<String, Object> repeatBody(Payload payload) {
        return WebhookResponses.message("Session record updated successfully");
    }

    @Override
    public Map<String, Object> failureBody() {
        return WebhookResponses.error("Session update processing failed", "The session update could not be stored.");
    }

    private SessionUpdateRow row(Payload p, Instant now) {
        String direction = p.text("direction");
        direction = direction == null ? null : direction.toLowerCase(Locale.ROOT);
        String status = p.text("status");
        Instant created = p.isoInstant("createdAt");
        Instant modified = p.isoInstant("modifiedAt");
        return new SessionUpdateRow(p.number("id"), eventId(p), p.text("token", CdrWebhook.INDEXED), p.number("domainId"), p.text("domain"),
                p.number("subscriberId"), p.number("outgoingSubscriberId"), party(p.text("callerId", CdrWebhook.INDEXED)),
                party(p.text("destination", CdrWebhook.INDEXED)), direction != null && DIRECTIONS.contains(direction) ? direction : null,
                status == null ? null : status.toLowerCase(Locale.ROOT), p.text("action"), p.text("reason"),
                p.text("lastError"), utc(created != null ? created : now), utc(modified != null ? modified : now),
                p.number("callStartTime"), utc(p.isoInstant("startTime")), p.number("callAnswerTime"),
                p.number("callEndTime"), utc(p.isoInstant("answerTime")), p.integer("timeLimit", 0, Integer.MAX_VALUE),
                p.text("vappServer"), json(p.array("callIds"), "[]"), json(p.object("profile"), "{}"));
    }

    private CallReport report(long org, Payload p, SessionUpdateRow row) {
        String token = row.sessionToken();
        CallOrigin origin = summaries.find(org, token).orElseGet(() -> new CallOrigin(
                CallOrigin.direction(row.direction()), orUnknown(row.callerId()), orUnknown(row.destination()),
                null, null, null));
        Instant answered = p.epochMillis("callAnswerTime") != null ? p.epochMillis("callAnswerTime") : p.isoInstant("answerTime");
        Instant started = p.epochMillis("callStartTime") != null ? p.epochMillis("callStartTime") : p.isoInstant("createdAt");
        List<ReportedStatus.Step> steps = ReportedStatus.read(p.text("status"))
                .or(() -> p.node("ringing").asBoolean(false)
                        ? Optional.of(ReportedStatus.RINGING) : Optional.empty())
                .map(reported -> reported.steps(answered != null))
                .orElse(List.of());
        return new CallReport(token, row.sessionId(), token != null ? token : "session-" + row.sessionId(), origin,
                started, steps, answered, p.epochMillis("callEndTime"), null, null, null, null);
    }

    private static Map<String, Object> eventData(SessionUpdateRow row) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("session_id", row.sessionId());
        data.put("event_id", row.eventId());
        data.put("call_id", row.sessionToken());
        data.put("status", row.status());
        data.put("caller_id", row.callerId());
        data.put("destination", row.destination());
        data.put("direction", row.direction());
        data.put("action", row.action());
        data.put("reason", row.reason());
        return data;
    }

    static String party(String raw) {
        return raw == null ? null : VoiceRouter.party(raw);
    }

    static String orUnknown(String value) {
        return value == null ? CallOrigin.UNKNOWN : value;
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    static JSONB json(JsonNode node, String empty) {
        return JSONB.valueOf(node == null ? empty : node.toString());
    }
}
