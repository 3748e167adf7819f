package opbx.calllogs;

import static opbx.db.gen.Tables.CALL_LOGS;
import static org.jooq.impl.DSL.avg;
import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.noCondition;
import static org.jooq.impl.DSL.round;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import opbx.db.gen.tables.records.CallLogsRecord;
import opbx.http.DateRange;
import opbx.http.PageRequest;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record5;

/** Call logs of one organisation (control-plane spec §3.10); the execution plane writes them, this only reads. */
public final class CallLogRepository {

    static final Map<String, Field<?>> SORTABLE = Map.of(
            "created_at", CALL_LOGS.CREATED_AT,
            "initiated_at", CALL_LOGS.INITIATED_AT,
            "duration", CALL_LOGS.DURATION,
            "status", CALL_LOGS.STATUS);

    static final Set<String> STATUSES = Set.of("initiated", "ringing", "answered", "completed", "busy", "no_answer", "failed");
    static final Set<String> DIRECTIONS = Set.of("inbound", "outbound", "internal");

    private static final Set<String> ACTIVE = Set.of("initiated", "ringing", "answered");
    private static final Set<String> ANSWERED = Set.of("answered", "completed");
    private static final Set<String> MISSED = Set.of("no_answer", "busy", "failed");

    /** Filters of GET /call-logs; null = no filter. */
    public record Filter(String status, String direction, String fromNumber, String toNumber, DateRange created) {
    }

    /** The answer of GET /call-logs/statistics; {@code averageDuration} is null without a completed call. */
    public record Statistics(int totalCalls, int answeredCalls, int missedCalls, Integer averageDuration, int activeCalls) {
    }

    private static Condition owned(long organizationId) {
        return CALL_LOGS.ORGANIZATION_ID.eq(organizationId);
    }

    public List<CallLogsRecord> list(DSLContext dsl, long organizationId, Filter filter, PageRequest page) {
        Field<?> column = page.sortColumn(SORTABLE);
        return dsl.selectFrom(CALL_LOGS)
                .where(condition(organizationId, filter))
                .orderBy(page.ascending() ? column.asc().nullsLast() : column.desc().nullsLast(),
                        page.ascending() ? CALL_LOGS.ID.asc() : CALL_LOGS.ID.desc())
                .limit(page.perPage())
                .offset(page.offset())
                .fetch();
    }

    public int total(DSLContext dsl, long organizationId, Filter filter) {
        return dsl.fetchCount(CALL_LOGS, condition(organizationId, filter));
    }

    /** Calls still in progress, newest first (the partial index call_logs_org_active serves it). */
    public List<CallLogsRecord> active(DSLContext dsl, long organizationId, int limit) {
        return dsl.selectFrom(CALL_LOGS)
                .where(owned(organizationId))
                .and(CALL_LOGS.STATUS.in(ACTIVE))
                .orderBy(CALL_LOGS.INITIATED_AT.desc().nullsLast(), CALL_LOGS.ID.desc())
                .limit(limit)
                .fetch();
    }

    public Optional<CallLogsRecord> find(DSLContext dsl, long organizationId, long id) {
        return dsl.selectFrom(CALL_LOGS)
                .where(owned(organizationId))
                .and(CALL_LOGS.ID.eq(id))
                .fetchOptional();
    }

    /** One aggregate statement over the range (on created_at), so the numbers agree with each other. */
    public Statistics statistics(DSLContext dsl, long organizationId, DateRange range) {
        Record5<Integer, Integer, Integer, BigDecimal, Integer> row = dsl.select(
                        count(),
                        count().filterWhere(CALL_LOGS.STATUS.in(ANSWERED)),
                        count().filterWhere(CALL_LOGS.STATUS.in(MISSED)),
                        round(avg(CALL_LOGS.DURATION).filterWhere(CALL_LOGS.STATUS.eq("completed")
                                .and(CALL_LOGS.DURATION.isNotNull()))),
                        count().filterWhere(CALL_LOGS.STATUS.in(ACTIVE)))
                .from(CALL_LOGS)
                .where(owned(organizationId))
                .and(inRange(range))
                .fetchOne();
        return new Statistics(row.value1(), row.value2(), row.value3(),
                row.value4() == null ? null : row.value4().intValueExact(), row.value5());
    }

    private static Condition condition(long organizationId, Filter filter) {
        Condition condition = owned(organizationId).and(inRange(filter.created()));
        if (filter.status() != null) {
            condition = condition.and(CALL_LOGS.STATUS.eq(filter.status()));
        }
        if (filter.direction() != null) {
            condition = condition.and(CALL_LOGS.DIRECTION.eq(filter.direction()));
        }
        if (filter.fromNumber() != null) {
            condition = condition.and(CALL_LOGS.FROM_NUMBER.likeIgnoreCase(PageRequest.likePattern(filter.fromNumber()), '\\'));
        }
        if (filter.toNumber() != null) {
            condition = condition.and(CALL_LOGS.TO_NUMBER.likeIgnoreCase(PageRequest.likePattern(filter.toNumber()), '\\'));
        }
        return condition;
    }

    private static Condition inRange(DateRange range) {
        Condition condition = noCondition();
        if (range.from() != null) {
            condition = condition.and(CALL_LOGS.CREATED_AT.ge(range.from()));
        }
        if (range.toExclusive() != null) {
            condition = condition.and(CALL_LOGS.CREATED_AT.lt(range.toExclusive()));
        }
        return condition;
    }
}
