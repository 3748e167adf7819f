package opbx.webhooks;

import static opbx.webhooks.CdrWebhook.INDEXED;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import opbx.auth.Tokens;
import opbx.calls.CallLogWriter;
import opbx.calls.CallOrigin;
import opbx.calls.CallReport;
import opbx.calls.CallState;
import opbx.calls.ReportedStatus;
import opbx.voice.model.OrgInfo;
import org.jooq.DSLContext;

/**
 * {@code POST /api/webhooks/cloudonix/call-status} (execution-plane spec §9.4): a status word for a call, applied to
 * its log (created when needed). A refused transition (backwards, repeated, out of a final state) is answered
 * {@code "applied":false}, not as an error.
 */
final class CallStatusWebhook implements WebhookEndpoint {

    private final CallLogWriter callLogs;
    private final CallSummaries summaries;

    CallStatusWebhook(CallLogWriter callLogs, CallSummaries summaries) {
        this.callLogs = callLogs;
        this.summaries = summaries;
    }

    @Override
    public String kind() {
        return "cs";
    }

    private static String callId(Payload p) {
        return p.firstText("call_id", "CallSid");
    }

    private static String word(Payload p) {
        return p.firstText("status", "CallStatus");
    }

    @Override
    public Map<String, String> validate(Payload payload) {
        Map<String, String> errors = new LinkedHashMap<>();
        String callId = callId(payload);
        if (callId == null) {
            errors.put("call_id", "required");
        } else if (callId.length() > INDEXED) {
            errors.put("call_id", "at most " + INDEXED + " characters");
        }
        String word = word(payload);
        if (word == null) {
            errors.put("status", "required");
        } else if (ReportedStatus.read(word).isEmpty()) {
            errors.put("status", "unsupported value");
        }
        return errors;
    }

    @Override
    public String markerKey(Payload payload) {
        return Tokens.sha256Hex(callId(payload) + ":" + word(payload));
    }

    @Override
    public Stored store(DSLContext trx, OrgInfo org, Payload p, Instant now) {
        String callId = callId(p);
        ReportedStatus reported = ReportedStatus.read(word(p)).orElseThrow();
        Instant at = eventTime(p);
        Instant answered = p.isoInstant("answer_time") != null ? p.isoInstant("answer_time") : p.epochMillis("answer_time");
        boolean terminal = reported != ReportedStatus.INITIATED && reported != ReportedStatus.RINGING
                && reported != ReportedStatus.ANSWERED;
        CallOrigin origin = summaries.find(org.id(), callId).orElseGet(() -> new CallOrigin(
                "inbound", CallOrigin.UNKNOWN, CallOrigin.UNKNOWN, null, null, null));
        CallReport report = new CallReport(callId, null, callId, origin, null, reported.steps(answered != null),
                answered != null ? answered : reported == ReportedStatus.ANSWERED ? at : null, terminal ? at : null,
                p.integer("duration", 0, 86_400), p.text("disconnect_reason"), null, null);
        CallLogWriter.Outcome outcome = callLogs.apply(trx, org.id(), report, now);
        return new Stored(body(callId, outcome.status(), outcome.created() || outcome.moved()), false, outcome.events());
    }

    /** {@code timestamp}: ISO-8601 or epoch seconds/milliseconds; null when absent or unreadable. */
    private static Instant eventTime(Payload p) {
        Instant iso = p.isoInstant("timestamp");
        if (iso != null) {
            return iso;
        }
        Long epoch = p.number("timestamp");
        if (epoch == null || epoch <= 0 || epoch > 32_503_680_000_000L) {
            return null;
        }
        return epoch > 1_000_000_000_000L ? Instant.ofEpochMilli(epoch) : Instant.ofEpochSecond(epoch);
    }

    @Override
    public Map<String, Object> repeatBody(Payload payload) {
        ReportedStatus reported = ReportedStatus.read(word(payload)).orElseThrow();
        Optional<CallState> state = reported.steps(true).stream().map(ReportedStatus.Step::target).findFirst();
        return body(callId(payload), state.map(CallState::wire).orElse(CallState.INITIATED.wire()), false);
    }

    private static Map<String, Object> body(String callId, String status, boolean applied) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("message", "Call status processed");
        body.put("call_id", callId);
        body.put("status", status);
        body.put("applied", applied);
        return body;
    }

    @Override
    public Map<String, Object> failureBody() {
        return WebhookResponses.error("Call status processing failed", "The call status could not be processed.");
    }
}
