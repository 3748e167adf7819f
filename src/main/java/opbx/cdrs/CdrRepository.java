package opbx.cdrs;

import static opbx.db.gen.Tables.CALL_DETAIL_RECORDS;
import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.noCondition;
import static org.jooq.impl.DSL.sum;
import static org.jooq.impl.DSL.upper;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import opbx.db.gen.tables.records.CallDetailRecordsRecord;
import opbx.http.DateRange;
import opbx.http.PageRequest;
import org.jooq.Condition;
import org.jooq.Cursor;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SortField;

/** Call detail records of one organisation (control-plane spec §3.11, §3.12); the webhooks write them, this only reads. */
public final class CdrRepository {

    static final Map<String, Field<?>> SORTABLE = Map.of(
            "session_timestamp", CALL_DETAIL_RECORDS.SESSION_TIMESTAMP,
            "from", CALL_DETAIL_RECORDS.FROM,
            "to", CALL_DETAIL_RECORDS.TO,
            "duration", CALL_DETAIL_RECORDS.DURATION,
            "billsec", CALL_DETAIL_RECORDS.BILLSEC,
            "disposition", CALL_DETAIL_RECORDS.DISPOSITION);

    /** PostgreSQL reads this many rows per round trip of the export cursor. */
    static final int EXPORT_FETCH_SIZE = 1000;

    /** Filters of the list and the export; null = no filter. */
    public record Filter(String from, String to, String disposition, DateRange sessionTime) {
    }

    /** The sums of GET /call-detail-records/statistics; {@code averageDuration} is null without a call over 0 s. */
    public record Statistics(int totalCalls, long totalDuration, long totalBillsec, BigDecimal averageDuration,
                             BigDecimal totalCost, Map<String, Integer> byDisposition) {
    }

    private static Condition owned(long organizationId) {
        return CALL_DETAIL_RECORDS.ORGANIZATION_ID.eq(organizationId);
    }

    public List<CallDetailRecordsRecord> list(DSLContext dsl, long organizationId, Filter filter, PageRequest page) {
        return dsl.selectFrom(CALL_DETAIL_RECORDS)
                .where(condition(organizationId, filter))
                .orderBy(order(page))
                .limit(page.perPage())
                .offset(page.offset())
                .fetch();
    }

    public int total(DSLContext dsl, long organizationId, Filter filter) {
        return dsl.fetchCount(CALL_DETAIL_RECORDS, condition(organizationId, filter));
    }

    public Optional<CallDetailRecordsRecord> find(DSLContext dsl, long organizationId, long id) {
        return dsl.selectFrom(CALL_DETAIL_RECORDS)
                .where(owned(organizationId))
                .and(CALL_DETAIL_RECORDS.ID.eq(id))
                .fetchOptional();
    }

    /**
     * The export's rows, columns in CSV order, read through a server-side cursor: PostgreSQL's driver only uses one
     * inside a transaction (autocommit off) with a fetch size, so call this with a transaction's {@code trx.dsl()}.
     */
    public Cursor<Record> exportCursor(DSLContext trx, long organizationId, Filter filter, PageRequest sort, int limit) {
        return trx.select(CdrCsv.COLUMNS)
                .from(CALL_DETAIL_RECORDS)
                .where(condition(organizationId, filter))
                .orderBy(order(sort))
                .limit(limit)
                .fetchSize(EXPORT_FETCH_SIZE)
                .fetchLazy();
    }

    /**
     * One aggregate statement over the range (on session_timestamp), grouped by disposition; the totals are the groups'
     * sums. The covering index of migration V2 lets it read the index alone.
     */
    public Statistics statistics(DSLContext dsl, long organizationId, DateRange range) {
        Field<String> disposition = upper(CALL_DETAIL_RECORDS.DISPOSITION);
        Condition answered = CALL_DETAIL_RECORDS.DURATION.gt(0);
        long calls = 0;
        long duration = 0;
        long billsec = 0;
        long answeredCalls = 0;
        long answeredDuration = 0;
        BigDecimal cost = BigDecimal.ZERO;
        Map<String, Integer> byDisposition = new LinkedHashMap<>();
        for (var group : dsl.select(disposition, count(), sum(CALL_DETAIL_RECORDS.DURATION), sum(CALL_DETAIL_RECORDS.BILLSEC),
                        count().filterWhere(answered), sum(CALL_DETAIL_RECORDS.DURATION).filterWhere(answered),
                        sum(CALL_DETAIL_RECORDS.RATED_COST))
                .from(CALL_DETAIL_RECORDS)
                .where(owned(organizationId))
                .and(inRange(range))
                .groupBy(disposition)
                .orderBy(disposition)) {
            byDisposition.put(group.value1(), group.value2());
            calls += group.value2();
            duration += orZero(group.value3());
            billsec += orZero(group.value4());
            answeredCalls += group.value5();
            answeredDuration += orZero(group.value6());
            cost = group.value7() == null ? cost : cost.add(group.value7());
        }
        BigDecimal average = answeredCalls == 0 ? null
                : BigDecimal.valueOf(answeredDuration).divide(BigDecimal.valueOf(answeredCalls), 2, RoundingMode.HALF_UP);
        return new Statistics(Math.toIntExact(calls), duration, billsec, average, cost, byDisposition);
    }

    private static long orZero(BigDecimal value) {
        return value == null ? 0 : value.longValueExact();
    }

    private static SortField<?>[] order(PageRequest page) {
        Field<?> column = page.sortColumn(SORTABLE);
        return new SortField<?>[] {
                page.ascending() ? column.asc() : column.desc(),
                page.ascending() ? CALL_DETAIL_RECORDS.ID.asc() : CALL_DETAIL_RECORDS.ID.desc()};
    }

    private static Condition condition(long organizationId, Filter filter) {
        Condition condition = owned(organizationId).and(inRange(filter.sessionTime()));
        if (filter.from() != null) {
            condition = condition.and(CALL_DETAIL_RECORDS.FROM.likeIgnoreCase(PageRequest.likePattern(filter.from()), '\\'));
        }
        if (filter.to() != null) {
            condition = condition.and(CALL_DETAIL_RECORDS.TO.likeIgnoreCase(PageRequest.likePattern(filter.to()), '\\'));
        }
        if (filter.disposition() != null) {
            condition = condition.and(CALL_DETAIL_RECORDS.DISPOSITION.equalIgnoreCase(filter.disposition()));
        }
        return condition;
    }

    private static Condition inRange(DateRange range) {
        Condition condition = noCondition();
        if (range.from() != null) {
            condition = condition.and(CALL_DETAIL_RECORDS.SESSION_TIMESTAMP.ge(range.from()));
        }
        if (range.toExclusive() != null) {
            condition = condition.and(CALL_DETAIL_RECORDS.SESSION_TIMESTAMP.lt(range.toExclusive()));
        }
        return condition;
    }
}
