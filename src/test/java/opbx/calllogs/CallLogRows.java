package opbx.calllogs;

import static opbx.db.gen.Tables.CALL_LOGS;
import static opbx.db.gen.Tables.ORGANIZATIONS;

import java.time.OffsetDateTime;
import java.util.UUID;
import opbx.db.gen.tables.records.CallLogsRecord;
import org.jooq.DSLContext;

/** Call logs written straight to the database, as the webhooks would write them. */
final class CallLogRows {

    private final DSLContext dsl;
    private final long organizationId;

    CallLogRows(DSLContext dsl, long organizationId) {
        this.dsl = dsl;
        this.organizationId = organizationId;
    }

    /** A call log with the given status, created at {@code createdAt}; adjust the rest through the returned record. */
    CallLogsRecord call(String status, String from, String to, OffsetDateTime createdAt) {
        CallLogsRecord row = dsl.newRecord(CALL_LOGS);
        row.setOrganizationId(organizationId);
        row.setCallId("call-" + UUID.randomUUID());
        row.setFromNumber(from);
        row.setToNumber(to);
        row.setStatus(status);
        row.setInitiatedAt(createdAt);
        row.setCreatedAt(createdAt);
        row.setUpdatedAt(createdAt);
        return row;
    }

    long insert(CallLogsRecord row) {
        return dsl.insertInto(CALL_LOGS)
                .set(row)
                .returning(CALL_LOGS.ID)
                .fetchOne(CALL_LOGS.ID);
    }

    long insert(String status, String from, String to, OffsetDateTime createdAt) {
        return insert(call(status, from, to, createdAt));
    }

    static void timezone(DSLContext dsl, long organizationId, String zone) {
        dsl.update(ORGANIZATIONS)
                .set(ORGANIZATIONS.TIMEZONE, zone)
                .where(ORGANIZATIONS.ID.eq(organizationId))
                .execute();
    }
}
