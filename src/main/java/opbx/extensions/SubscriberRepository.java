package opbx.extensions;

import static opbx.db.gen.Tables.EXTENSIONS;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SelectJoinStep;

/**
 * The Cloudonix side of extensions (control-plane spec §3.2, §4.2): the subscriber each one is, and whether the last
 * push worked. Scoped by organisation in every statement, deleted rows included, since a deleted extension may still
 * owe Cloudonix a subscriber delete.
 */
final class SubscriberRepository {

    /** What a push needs of one extension; the SIP password stays encrypted here. */
    record State(long id, String extensionNumber, String type, String status, String encryptedSipPassword,
                 String subscriberId, String subscriberUuid, boolean synced, boolean deleted) {

        /** A non-deleted user extension is a subscriber; anything else must not have one (§3.2). */
        boolean wantsSubscriber() {
            return !deleted && "user".equals(type);
        }

        boolean active() {
            return "active".equals(status);
        }
    }

    private static final List<Field<?>> COLUMNS = List.of(EXTENSIONS.ID, EXTENSIONS.EXTENSION_NUMBER, EXTENSIONS.TYPE,
            EXTENSIONS.STATUS, EXTENSIONS.SIP_PASSWORD, EXTENSIONS.CLOUDONIX_SUBSCRIBER_ID, EXTENSIONS.CLOUDONIX_UUID,
            EXTENSIONS.CLOUDONIX_SYNCED, EXTENSIONS.DELETED_AT);

    private static Condition owned(long organizationId) {
        return EXTENSIONS.ORGANIZATION_ID.eq(organizationId);
    }

    /** One extension by id, deleted or not. */
    Optional<State> find(DSLContext dsl, long organizationId, long id) {
        return select(dsl)
                .where(owned(organizationId))
                .and(EXTENSIONS.ID.eq(id))
                .fetchOptional(SubscriberRepository::toState);
    }

    /** The non-deleted user extensions: the ones Cloudonix should have as subscribers. */
    List<State> userExtensions(DSLContext dsl, long organizationId) {
        return states(dsl, owned(organizationId)
                .and(EXTENSIONS.DELETED_AT.isNull())
                .and(EXTENSIONS.TYPE.eq("user")));
    }

    /** Deleted or no longer user extensions that still name a subscriber: a delete that failed earlier. */
    List<State> pendingDeletes(DSLContext dsl, long organizationId) {
        return states(dsl, owned(organizationId)
                .and(EXTENSIONS.CLOUDONIX_SUBSCRIBER_ID.isNotNull())
                .and(EXTENSIONS.DELETED_AT.isNotNull().or(EXTENSIONS.TYPE.ne("user"))));
    }

    private List<State> states(DSLContext dsl, Condition condition) {
        return select(dsl)
                .where(condition)
                .orderBy(EXTENSIONS.ID)
                .fetch(SubscriberRepository::toState);
    }

    private static SelectJoinStep<Record> select(DSLContext dsl) {
        return dsl.select(COLUMNS)
                .from(EXTENSIONS);
    }

    /** The push worked: the subscriber's id (as text) and uuid, synced now, no error. */
    void markSynced(DSLContext dsl, long organizationId, long id, String subscriberId, String subscriberUuid) {
        dsl.update(EXTENSIONS)
                .set(EXTENSIONS.CLOUDONIX_SUBSCRIBER_ID, subscriberId)
                .set(EXTENSIONS.CLOUDONIX_UUID, subscriberUuid)
                .set(EXTENSIONS.CLOUDONIX_SYNCED, true)
                .set(EXTENSIONS.CLOUDONIX_SYNCED_AT, DSL.currentOffsetDateTime())
                .set(EXTENSIONS.CLOUDONIX_LAST_ERROR, (String) null)
                .where(owned(organizationId))
                .and(EXTENSIONS.ID.eq(id))
                .execute();
    }

    /** The push failed: not synced, with the error; the subscriber id stays, so a later push can still find it. */
    void markFailed(DSLContext dsl, long organizationId, long id, String error) {
        dsl.update(EXTENSIONS)
                .set(EXTENSIONS.CLOUDONIX_SYNCED, false)
                .set(EXTENSIONS.CLOUDONIX_LAST_ERROR, error)
                .where(owned(organizationId))
                .and(EXTENSIONS.ID.eq(id))
                .execute();
    }

    /** The subscriber is gone from Cloudonix: forget it. */
    void clear(DSLContext dsl, long organizationId, long id) {
        dsl.update(EXTENSIONS)
                .set(EXTENSIONS.CLOUDONIX_SUBSCRIBER_ID, (String) null)
                .set(EXTENSIONS.CLOUDONIX_UUID, (String) null)
                .set(EXTENSIONS.CLOUDONIX_SYNCED, false)
                .set(EXTENSIONS.CLOUDONIX_SYNCED_AT, (OffsetDateTime) null)
                .set(EXTENSIONS.CLOUDONIX_LAST_ERROR, (String) null)
                .where(owned(organizationId))
                .and(EXTENSIONS.ID.eq(id))
                .execute();
    }

    private static State toState(Record row) {
        return new State(row.get(EXTENSIONS.ID), row.get(EXTENSIONS.EXTENSION_NUMBER), row.get(EXTENSIONS.TYPE),
                row.get(EXTENSIONS.STATUS), row.get(EXTENSIONS.SIP_PASSWORD), row.get(EXTENSIONS.CLOUDONIX_SUBSCRIBER_ID),
                row.get(EXTENSIONS.CLOUDONIX_UUID), row.get(EXTENSIONS.CLOUDONIX_SYNCED),
                row.get(EXTENSIONS.DELETED_AT) != null);
    }
}
