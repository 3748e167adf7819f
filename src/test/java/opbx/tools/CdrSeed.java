package opbx.tools;

import static org.jooq.impl.DSL.inline;

import org.jooq.DSLContext;

/**
 * A million call detail records for one organisation, written by PostgreSQL itself ({@code generate_series}), and the
 * call log each of them would have closed. The shape is a busy inbound line: arrival times spread evenly over the last
 * 60 days in id order (as the webhook writes them), callers from eight US area codes, twenty DIDs, 65 % answered.
 */
final class CdrSeed {

    static final int ROWS = 1_000_000;

    private static final String CDRS = """
            INSERT INTO call_detail_records (organization_id, session_timestamp, session_token, session_id, "from", "to",
                disposition, duration, billsec, call_id, domain, rated_cost, vapp_server, call_start_time,
                call_answer_time, call_end_time, status, raw_cdr, created_at, updated_at)
            SELECT {0}, t, 'st-' || g, g, caller, callee, disposition, duration, billsec, 'seed-' || g || '@10.0.0.1',
                'bench.cloudonix.net', round(billsec * 0.0002, 4), '10.0.0.1', t,
                CASE WHEN billsec > 0 THEN t + (duration - billsec) * interval '1 s' END, t + duration * interval '1 s',
                'completed',
                jsonb_build_object('call_id', 'seed-' || g || '@10.0.0.1', 'from', caller, 'to', callee,
                    'disposition', disposition, 'duration', duration, 'billsec', billsec,
                    'timestamp', extract(epoch FROM t)::bigint, 'domain', 'bench.cloudonix.net',
                    'session', jsonb_build_object('id', g, 'token', 'st-' || g, 'status', 'completed',
                        'callStartTime', (extract(epoch FROM t) * 1000)::bigint)),
                t, t
            FROM generate_series(1, {1}) AS g,
                LATERAL (SELECT now() - ({1} - g) * (interval '60 days' / {1}) AS t,
                    '+1' || (ARRAY['212', '213', '310', '312', '415', '617', '646', '718'])[1 + g % 8]
                        || lpad(((g::bigint * 7919) % 10000000)::text, 7, '0') AS caller,
                    '+1555999' || lpad((1 + g % 20)::text, 4, '0') AS callee,
                    CASE WHEN g % 100 < 65 THEN 'ANSWERED' WHEN g % 100 < 80 THEN 'NOANSWER'
                        WHEN g % 100 < 90 THEN 'BUSY' WHEN g % 100 < 97 THEN 'FAILED' ELSE 'CANCEL' END AS disposition,
                    (g::bigint * 37) % 600 AS spread) AS v,
                LATERAL (SELECT CASE WHEN disposition = 'ANSWERED' THEN 10 + spread ELSE spread % 30 END AS duration,
                    CASE WHEN disposition = 'ANSWERED' THEN 2 + spread ELSE 0 END AS billsec) AS d
            """;

    /** The call log each CDR closed (execution-plane spec §9.3), with the CDR as its {@code cloudonix_cdr}. */
    private static final String CALL_LOGS = """
            INSERT INTO call_logs (organization_id, call_id, session_id, direction, from_number, to_number, status,
                initiated_at, answered_at, ended_at, duration, hangup_cause, cloudonix_cdr, created_at, updated_at)
            SELECT organization_id, session_token, session_id, 'inbound', "from", "to",
                CASE disposition WHEN 'ANSWERED' THEN 'completed' WHEN 'BUSY' THEN 'busy' WHEN 'FAILED' THEN 'failed'
                    ELSE 'no_answer' END,
                session_timestamp, call_answer_time, call_end_time, billsec, disposition, raw_cdr, session_timestamp,
                session_timestamp
            FROM call_detail_records
            WHERE organization_id = {0}
            """;

    private CdrSeed() {
    }

    /**
     * Seeds organisation {@code org}, then VACUUM ANALYZE both tables: the planner's statistics and the visibility map
     * a table has in steady state once autovacuum has passed, so the figures do not depend on when it happens to run.
     */
    static void seed(DSLContext dsl, long org) {
        dsl.execute(CDRS, inline(org), inline(ROWS));
        dsl.execute(CALL_LOGS, inline(org));
        dsl.execute("VACUUM ANALYZE call_detail_records");
        dsl.execute("VACUUM ANALYZE call_logs");
    }
}
