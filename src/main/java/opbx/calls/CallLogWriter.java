package opbx.calls;

import static opbx.db.gen.Tables.CALL_LOGS;
import static opbx.db.gen.Tables.DID_NUMBERS;
import static opbx.db.gen.Tables.EXTENSIONS;
import static opbx.db.gen.Tables.RING_GROUPS;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import opbx.db.gen.tables.records.CallLogsRecord;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.TableField;
import org.jooq.UpdateSetMoreStep;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * Creates and advances call logs from webhook reports (execution-plane spec §9.6, §9.7), inside the webhook's
 * transaction. A transition is one conditional UPDATE whose {@code WHERE} holds the states the target is reachable
 * from: of two concurrent reports at most one matches, so no lock is needed and a terminal state stays final.
 * The events of what actually happened are returned, to be published after commit.
 */
public final class CallLogWriter {

    /**
     * What a report did to its log.
     *
     * @param status  the log's state afterwards
     * @param created whether this report created the log
     * @param moved   whether a transition happened
     */
    public record Outcome(String status, boolean created, boolean moved, List<CallEvent> events) {
    }

    public Outcome apply(DSLContext trx, long org, CallReport report, Instant now) {
        List<CallEvent> events = new ArrayList<>();
        Optional<CallLogsRecord> found = find(trx, org, report);
        // A new log takes the report's first step at once (every step's "from" includes initiated when it applies to
        // a new call): one INSERT rather than an INSERT and an UPDATE.
        ReportedStatus.Step first = report.steps().stream()
                .filter(step -> step.from().contains(CallState.INITIATED)).findFirst().orElse(null);
        CallLogsRecord log = found.orElseGet(() -> insert(trx, org, report, now, first, events));
        boolean created = !events.isEmpty();
        if (created && first != null && first.target().wire().equals(log.getStatus())) {
            event(log).ifPresent(events::add);
            return new Outcome(log.getStatus(), true, true, events);
        }
        for (ReportedStatus.Step step : report.steps()) {
            Optional<CallLogsRecord> updated = transition(trx, org, log.getId(), step, report, now);
            if (updated.isPresent()) {
                event(updated.get()).ifPresent(events::add);
                return new Outcome(updated.get().getStatus(), created, true, events);
            }
        }
        if (report.cdr() != null) {
            attachCdr(trx, org, log.getId(), report, now);
        }
        String status = trx.select(CALL_LOGS.STATUS).from(CALL_LOGS)
                .where(CALL_LOGS.ORGANIZATION_ID.eq(org).and(CALL_LOGS.ID.eq(log.getId())))
                .fetchOne(CALL_LOGS.STATUS);
        return new Outcome(status, created, false, events);
    }

    /**
     * By session id, then by token, in one query (a match on the session id first); a log found by token gets the
     * session id it was missing.
     */
    private Optional<CallLogsRecord> find(DSLContext trx, long org, CallReport report) {
        String callId = report.token() != null ? report.token() : report.callId();
        Condition match = CALL_LOGS.CALL_ID.eq(callId);
        if (report.sessionId() != null) {
            match = match.or(CALL_LOGS.SESSION_ID.eq(report.sessionId()));
        }
        Optional<CallLogsRecord> found = (report.sessionId() == null
                ? trx.selectFrom(CALL_LOGS).where(CALL_LOGS.ORGANIZATION_ID.eq(org).and(match)).orderBy(CALL_LOGS.ID)
                : trx.selectFrom(CALL_LOGS).where(CALL_LOGS.ORGANIZATION_ID.eq(org).and(match))
                        .orderBy(DSL.when(CALL_LOGS.SESSION_ID.eq(report.sessionId()), DSL.inline(0)).otherwise(DSL.inline(1)),
                                CALL_LOGS.ID))
                .limit(1)
                .fetchOptional();
        if (found.isPresent() && found.get().getSessionId() == null && report.sessionId() != null) {
            trx.update(CALL_LOGS)
                    .set(CALL_LOGS.SESSION_ID, report.sessionId())
                    .where(CALL_LOGS.ORGANIZATION_ID.eq(org).and(CALL_LOGS.ID.eq(found.get().getId())))
                    .execute();
        }
        return found;
    }

    private Optional<CallLogsRecord> byCallId(DSLContext trx, long org, String callId) {
        return trx.selectFrom(CALL_LOGS)
                .where(CALL_LOGS.ORGANIZATION_ID.eq(org).and(CALL_LOGS.CALL_ID.eq(callId)))
                .fetchOptional();
    }

    /**
     * A new log in state {@code initiated}; a concurrent report that inserted it first wins the unique key, and this
     * one reads its row instead.
     */
    private CallLogsRecord insert(DSLContext trx, long org, CallReport report, Instant now, ReportedStatus.Step step,
                                  List<CallEvent> events) {
        CallOrigin origin = report.origin();
        // The summary's ids were current when the call was routed; one deleted since would break the foreign key.
        Long didId = origin.didId() != null ? existing(trx, DID_NUMBERS.ORGANIZATION_ID, DID_NUMBERS.ID, org, origin.didId())
                : "inbound".equals(origin.direction()) ? didByNumber(trx, org, origin.toNumber()) : null;
        CallState state = step == null ? CallState.INITIATED : step.target();
        Instant answeredAt = report.answeredAt() != null ? report.answeredAt() : state == CallState.ANSWERED ? now : null;
        Instant endedAt = state.terminal() ? (report.endedAt() != null ? report.endedAt() : now) : null;
        Integer duration = !state.terminal() ? null : report.duration() != null ? report.duration()
                : answeredAt == null ? 0 : (int) Math.max(0, (endedAt.toEpochMilli() - answeredAt.toEpochMilli()) / 1000);
        Optional<CallLogsRecord> inserted = trx.insertInto(CALL_LOGS)
                .set(CALL_LOGS.ORGANIZATION_ID, org)
                .set(CALL_LOGS.CALL_ID, report.callId())
                .set(CALL_LOGS.SESSION_ID, report.sessionId())
                .set(CALL_LOGS.DIRECTION, origin.direction())
                .set(CALL_LOGS.FROM_NUMBER, origin.fromNumber())
                .set(CALL_LOGS.TO_NUMBER, origin.toNumber())
                .set(CALL_LOGS.DID_ID, didId)
                .set(CALL_LOGS.EXTENSION_ID, existing(trx, EXTENSIONS.ORGANIZATION_ID, EXTENSIONS.ID, org, origin.extensionId()))
                .set(CALL_LOGS.RING_GROUP_ID, existing(trx, RING_GROUPS.ORGANIZATION_ID, RING_GROUPS.ID, org, origin.ringGroupId()))
                .set(CALL_LOGS.STATUS, state.wire())
                .set(CALL_LOGS.INITIATED_AT, utc(report.initiatedAt() != null ? report.initiatedAt() : now))
                .set(CALL_LOGS.ANSWERED_AT, answeredAt == null ? null : utc(answeredAt))
                .set(CALL_LOGS.ENDED_AT, endedAt == null ? null : utc(endedAt))
                .set(CALL_LOGS.DURATION, duration)
                .set(CALL_LOGS.HANGUP_CAUSE, step == null ? null : report.hangupCause())
                .set(CALL_LOGS.RECORDING_URL, step == null ? null : report.recordingUrl())
                .set(CALL_LOGS.CLOUDONIX_CDR, step == null ? null : report.cdr())
                .onConflict(CALL_LOGS.ORGANIZATION_ID, CALL_LOGS.CALL_ID)
                .doNothing()
                .returning()
                .fetchOptional();
        if (inserted.isEmpty()) {
            return byCallId(trx, org, report.callId()).orElseThrow();
        }
        CallLogsRecord row = inserted.get();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("call_id", row.getCallId());
        data.put("from_number", row.getFromNumber());
        data.put("to_number", row.getToNumber());
        data.put("did_id", row.getDidId());
        data.put("status", row.getStatus());
        data.put("initiated_at", row.getInitiatedAt());
        events.add(new CallEvent("call.initiated", data));
        return row;
    }

    private Optional<CallLogsRecord> transition(DSLContext trx, long org, long id, ReportedStatus.Step step,
                                                CallReport report, Instant now) {
        CallState target = step.target();
        Field<OffsetDateTime> answeredAt = report.answeredAt() != null
                ? DSL.coalesce(CALL_LOGS.ANSWERED_AT, DSL.val(utc(report.answeredAt())))
                : target == CallState.ANSWERED ? DSL.coalesce(CALL_LOGS.ANSWERED_AT, DSL.val(utc(now)))
                : CALL_LOGS.ANSWERED_AT;
        UpdateSetMoreStep<CallLogsRecord> update = trx.update(CALL_LOGS)
                .set(CALL_LOGS.STATUS, target.wire())
                .set(CALL_LOGS.ANSWERED_AT, answeredAt)
                .set(CALL_LOGS.UPDATED_AT, utc(now));
        if (target.terminal()) {
            Field<OffsetDateTime> endedAt = DSL.coalesce(CALL_LOGS.ENDED_AT,
                    DSL.val(utc(report.endedAt() != null ? report.endedAt() : now)));
            update = update.set(CALL_LOGS.ENDED_AT, endedAt)
                    .set(CALL_LOGS.DURATION, report.duration() != null ? DSL.val(report.duration())
                            : DSL.coalesce(secondsBetween(answeredAt, endedAt), DSL.val(0)));
        }
        update = details(update, report);
        return update
                .where(CALL_LOGS.ORGANIZATION_ID.eq(org)
                        .and(CALL_LOGS.ID.eq(id))
                        .and(CALL_LOGS.STATUS.in(step.from().stream().map(CallState::wire).toList())))
                .returning()
                .fetchOptional();
    }

    /** A CDR for a log that is already final still leaves its record, billed seconds and cause on it (§9.3). */
    private void attachCdr(DSLContext trx, long org, long id, CallReport report, Instant now) {
        UpdateSetMoreStep<CallLogsRecord> update = trx.update(CALL_LOGS).set(CALL_LOGS.UPDATED_AT, utc(now));
        if (report.duration() != null) {
            update = update.set(CALL_LOGS.DURATION, report.duration());
        }
        details(update, report)
                .where(CALL_LOGS.ORGANIZATION_ID.eq(org).and(CALL_LOGS.ID.eq(id)))
                .execute();
    }

    private static UpdateSetMoreStep<CallLogsRecord> details(UpdateSetMoreStep<CallLogsRecord> update, CallReport report) {
        if (report.hangupCause() != null) {
            update = update.set(CALL_LOGS.HANGUP_CAUSE, report.hangupCause());
        }
        if (report.recordingUrl() != null) {
            update = update.set(CALL_LOGS.RECORDING_URL, report.recordingUrl());
        }
        if (report.cdr() != null) {
            update = update.set(CALL_LOGS.CLOUDONIX_CDR, report.cdr());
        }
        return update;
    }

    /** {@code call.answered} or {@code call.ended}; entering {@code ringing} has no event (§12.1). */
    private static Optional<CallEvent> event(CallLogsRecord row) {
        CallState state = CallState.fromWire(row.getStatus());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("call_id", row.getCallId());
        data.put("status", row.getStatus());
        if (state == CallState.ANSWERED) {
            data.put("answered_at", row.getAnsweredAt());
            data.put("extension_id", row.getExtensionId());
            return Optional.of(new CallEvent("call.answered", data));
        }
        if (state.terminal()) {
            data.put("ended_at", row.getEndedAt());
            data.put("duration", row.getDuration());
            return Optional.of(new CallEvent("call.ended", data));
        }
        return Optional.empty();
    }

    /** Whole seconds from answer to end, never negative; null when the call was never answered. */
    private static Field<Integer> secondsBetween(Field<OffsetDateTime> from, Field<OffsetDateTime> to) {
        return DSL.field("greatest(0, floor(extract(epoch from ({0} - {1}))))::int", SQLDataType.INTEGER, to, from);
    }

    /** {@code id} when that row of the organisation still exists, else null. */
    private static Long existing(DSLContext trx, TableField<?, Long> orgField, TableField<?, Long> idField, long org, Long id) {
        if (id == null) {
            return null;
        }
        return trx.fetchExists(DSL.selectOne().from(idField.getTable()).where(orgField.eq(org).and(idField.eq(id)))) ? id : null;
    }

    private static Long didByNumber(DSLContext trx, long org, String number) {
        if (number == null || !number.matches("\\+[1-9][0-9]{1,14}")) {
            return null;
        }
        return trx.select(DID_NUMBERS.ID)
                .from(DID_NUMBERS)
                .where(DID_NUMBERS.ORGANIZATION_ID.eq(org).and(DID_NUMBERS.PHONE_NUMBER.eq(number)))
                .fetchOptional(DID_NUMBERS.ID)
                .orElse(null);
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
