package opbx.webhooks;

import static opbx.db.gen.Tables.SESSION_UPDATES;

import java.time.OffsetDateTime;
import org.jooq.DSLContext;

/** Writes session updates; the unique key (organisation, session, event) makes a repeat a no-op (§9.1). */
final class SessionUpdateRepository {

    /** True when the row is new; false when this (organisation, session, event) was stored before. */
    boolean insert(DSLContext trx, long org, SessionUpdateRow row, OffsetDateTime now) {
        return trx.insertInto(SESSION_UPDATES)
                .set(SESSION_UPDATES.ORGANIZATION_ID, org)
                .set(SESSION_UPDATES.SESSION_ID, row.sessionId())
                .set(SESSION_UPDATES.EVENT_ID, row.eventId())
                .set(SESSION_UPDATES.SESSION_TOKEN, row.sessionToken())
                .set(SESSION_UPDATES.DOMAIN_ID, row.domainId())
                .set(SESSION_UPDATES.DOMAIN, row.domain())
                .set(SESSION_UPDATES.SUBSCRIBER_ID, row.subscriberId())
                .set(SESSION_UPDATES.OUTGOING_SUBSCRIBER_ID, row.outgoingSubscriberId())
                .set(SESSION_UPDATES.CALLER_ID, row.callerId())
                .set(SESSION_UPDATES.DESTINATION, row.destination())
                .set(SESSION_UPDATES.DIRECTION, row.direction())
                .set(SESSION_UPDATES.STATUS, row.status())
                .set(SESSION_UPDATES.ACTION, row.action())
                .set(SESSION_UPDATES.REASON, row.reason())
                .set(SESSION_UPDATES.LAST_ERROR, row.lastError())
                .set(SESSION_UPDATES.SESSION_CREATED_AT, row.sessionCreatedAt())
                .set(SESSION_UPDATES.SESSION_MODIFIED_AT, row.sessionModifiedAt())
                .set(SESSION_UPDATES.CALL_START_TIME, row.callStartTime())
                .set(SESSION_UPDATES.START_TIME, row.startTime())
                .set(SESSION_UPDATES.CALL_ANSWER_TIME, row.callAnswerTime())
                .set(SESSION_UPDATES.CALL_END_TIME, row.callEndTime())
                .set(SESSION_UPDATES.ANSWER_TIME, row.answerTime())
                .set(SESSION_UPDATES.TIME_LIMIT, row.timeLimit())
                .set(SESSION_UPDATES.VAPP_SERVER, row.vappServer())
                .set(SESSION_UPDATES.CALL_IDS, row.callIds())
                .set(SESSION_UPDATES.PROFILE, row.profile())
                .set(SESSION_UPDATES.PROCESSED_AT, now)
                .onConflict(SESSION_UPDATES.ORGANIZATION_ID, SESSION_UPDATES.SESSION_ID, SESSION_UPDATES.EVENT_ID)
                .doNothing()
                .execute() == 1;
    }
}
