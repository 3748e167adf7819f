-- Statistics aggregate a date range of an organisation's call records. Indexes that carry the aggregated columns let
-- PostgreSQL answer from the index alone (an index-only scan) instead of reading every row of the range from the
-- table: measured by `make bench` on an organisation holding a million CDRs (docs/benchmarks.md).
CREATE INDEX call_detail_records_org_timestamp_stats ON call_detail_records (organization_id, session_timestamp)
    INCLUDE (duration, billsec, rated_cost, disposition);
CREATE INDEX call_logs_org_created_stats ON call_logs (organization_id, created_at)
    INCLUDE (status, duration);

-- The disposition filter is case-insensitive (control-plane spec §3.11): it compares lower(disposition), which the
-- plain column index could not serve.
DROP INDEX call_detail_records_org_disposition;
CREATE INDEX call_detail_records_org_disposition ON call_detail_records (organization_id, lower(disposition));
