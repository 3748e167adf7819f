package opbx.calls;

import java.time.Instant;
import java.util.List;
import org.jooq.JSONB;

/**
 * What one webhook says about a call, in the call log's terms (execution-plane spec §9.6): how to find the log, what
 * to insert when there is none, and the transitions to try.
 *
 * @param token       the Cloudonix session token ({@code CallSid}), the log's {@code call_id}; may be null
 * @param sessionId   the Cloudonix session id; may be null
 * @param callId      the {@code call_id} of a new log: the token, else {@code session-{id}}, else the report's own id
 * @param origin      direction, parties and targets of a new log
 * @param initiatedAt when the call started, for a new log
 * @param steps       the transitions to try, in order (their {@code from} sets are disjoint)
 * @param answeredAt  the report's answer time, or null
 * @param endedAt     the report's end time, or null
 * @param duration    seconds billed (CDR {@code billsec}) or reported (call-status), or null
 * @param hangupCause the disposition or disconnect reason, or null
 * @param recordingUrl a recording's address, or null
 * @param cdr         the CDR payload, for the log's {@code cloudonix_cdr}; null unless this is a CDR
 */
public record CallReport(String token, Long sessionId, String callId, CallOrigin origin, Instant initiatedAt,
                         List<ReportedStatus.Step> steps, Instant answeredAt, Instant endedAt, Integer duration,
                         String hangupCause, String recordingUrl, JSONB cdr) {
}
