package opbx.cdrs;

import static opbx.db.gen.Tables.CALL_DETAIL_RECORDS;

import java.time.OffsetDateTime;
import java.util.UUID;
import opbx.db.gen.tables.records.CallDetailRecordsRecord;
import org.jooq.DSLContext;
import org.jooq.JSONB;

/** Call detail records written straight to the database, as the CDR webhook would write them. */
final class CdrRows {

    private final DSLContext dsl;
    private final long organizationId;

    CdrRows(DSLContext dsl, long organizationId) {
        this.dsl = dsl;
        this.organizationId = organizationId;
    }

    /** A CDR at {@code at}; adjust the rest through the returned record, then {@link #insert(CallDetailRecordsRecord)}. */
    CallDetailRecordsRecord cdr(String from, String to, String disposition, int duration, OffsetDateTime at) {
        CallDetailRecordsRecord row = dsl.newRecord(CALL_DETAIL_RECORDS);
        row.setOrganizationId(organizationId);
        row.setSessionTimestamp(at);
        row.setFrom(from);
        row.setTo(to);
        row.setDisposition(disposition);
        row.setDuration(duration);
        row.setBillsec(Math.max(0, duration - 2));
        row.setCallId("cdr-" + UUID.randomUUID());
        row.setRawCdr(JSONB.valueOf("{\"disposition\":\"" + disposition + "\",\"billsec\":" + row.getBillsec() + "}"));
        return row;
    }

    long insert(CallDetailRecordsRecord row) {
        return dsl.insertInto(CALL_DETAIL_RECORDS)
                .set(row)
                .returning(CALL_DETAIL_RECORDS.ID)
                .fetchOne(CALL_DETAIL_RECORDS.ID);
    }

    long insert(String from, String to, String disposition, int duration, OffsetDateTime at) {
        return insert(cdr(from, to, disposition, duration, at));
    }

    /** {@code count} CDRs in one statement, one second apart from 2026-01-05T10:00:00Z. */
    void bulk(int count) {
        dsl.execute("insert into call_detail_records (organization_id, session_timestamp, \"from\", \"to\", disposition,"
                + " duration, billsec, call_id, rated_cost, raw_cdr)"
                + " select ?, timestamptz '2026-01-05 10:00:00+00' + g * interval '1 second',"
                + " '+1212' || lpad(g::text, 7, '0'), '1001', 'ANSWERED', g % 300, g % 200, 'bulk-' || ? || '-' || g,"
                + " 0.0125, '{}'::jsonb"
                + " from generate_series(1, ?) g", organizationId, UUID.randomUUID().toString(), count);
    }
}
