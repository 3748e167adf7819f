package opbx.livecalls;

import static opbx.db.gen.Tables.SESSION_UPDATES;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import opbx.db.gen.tables.records.SessionUpdatesRecord;
import org.jooq.DSLContext;

/** Session updates written straight to the database, as the session-update webhook would write them. */
final class SessionRows {

    private final DSLContext dsl;
    private final long organizationId;

    SessionRows(DSLContext dsl, long organizationId) {
        this.dsl = dsl;
        this.organizationId = organizationId;
    }

    /** An update of {@code sessionId}; adjust it through the returned record, then {@link #insert}. */
    SessionUpdatesRecord update(long sessionId, String status, String direction, Instant sessionCreated, Instant modified) {
        SessionUpdatesRecord row = dsl.newRecord(SESSION_UPDATES);
        row.setOrganizationId(organizationId);
        row.setSessionId(sessionId);
        row.setEventId("evt-" + UUID.randomUUID());
        row.setStatus(status);
        row.setDirection(direction);
        row.setCallerId("+12125551234");
        row.setDestination("1001");
        row.setDomain("acme.cloudonix.net");
        row.setSessionCreatedAt(OffsetDateTime.ofInstant(sessionCreated, ZoneOffset.UTC));
        row.setSessionModifiedAt(OffsetDateTime.ofInstant(modified, ZoneOffset.UTC));
        row.setCreatedAt(OffsetDateTime.ofInstant(modified, ZoneOffset.UTC));
        return row;
    }

    void insert(SessionUpdatesRecord row) {
        dsl.insertInto(SESSION_UPDATES)
                .set(row)
                .execute();
    }

    void insert(long sessionId, String status, String direction, Instant sessionCreated, Instant modified) {
        insert(update(sessionId, status, direction, sessionCreated, modified));
    }
}
