package opbx.livecalls;

import static opbx.db.gen.Tables.SESSION_UPDATES;
import static org.jooq.impl.DSL.avg;
import static org.jooq.impl.DSL.coalesce;
import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.extract;
import static org.jooq.impl.DSL.min;
import static org.jooq.impl.DSL.notExists;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.selectOne;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import opbx.db.gen.tables.SessionUpdates;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.DatePart;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.Record;
import org.jooq.Table;

/**
 * Live calls from the session updates Cloudonix reports (control-plane spec §3.13). A session is live when its
 * latest update of the last 24 hours says processing, ringing or connected, and no update of it is the final CDR.
 */
public final class LiveCallRepository {

    static final List<String> STATUSES = List.of("processing", "ringing", "connected");
    static final List<String> DIRECTIONS = List.of("incoming", "outgoing");

    /** The update the CDR webhook adds when a call is over (execution-plane spec §9.3). */
    private static final String FINAL_ACTION = "cdr_final_status";

    /** Optional filters of GET /session-updates/active; null = no filter. */
    public record Filter(String status, String direction) {
    }

    /** A live session as its latest update describes it; {@code startedAt} falls back to when the update arrived. */
    public record LiveSession(long sessionId, String callerId, String destination, String direction, String status,
                              OffsetDateTime startedAt, OffsetDateTime lastUpdatedAt, String domain, Long subscriberId,
                              JSONB callIds, JSONB profile) {
    }

    /** Counts over all live sessions matching the filter, with the earliest start and the mean start (epoch s). */
    public record Summary(int total, Map<String, Integer> byStatus, Map<String, Integer> byDirection,
                          OffsetDateTime earliestStart, BigDecimal meanStartEpochSeconds) {
    }

    /** One event of a session, for GET /session-updates/{sessionId}. */
    public record Event(long id, String eventId, String status, String action, String reason, OffsetDateTime createdAt) {
    }

    public List<LiveSession> active(DSLContext dsl, long organizationId, Filter filter, OffsetDateTime since, int limit) {
        Live live = new Live(organizationId, since);
        return dsl.select(live.fields())
                .from(live.table)
                .where(live.condition(filter))
                .orderBy(live.field(SESSION_UPDATES.SESSION_MODIFIED_AT).desc(), live.field(SESSION_UPDATES.SESSION_ID).desc())
                .limit(limit)
                .fetch(live::toSession);
    }

    public Summary summary(DSLContext dsl, long organizationId, Filter filter, OffsetDateTime since) {
        Live live = new Live(organizationId, since);
        Field<String> status = live.field(SESSION_UPDATES.STATUS);
        Field<String> direction = live.field(SESSION_UPDATES.DIRECTION);
        Field<OffsetDateTime> started = live.started();
        List<Field<?>> columns = new ArrayList<>();
        columns.add(count());
        STATUSES.forEach(value -> columns.add(count().filterWhere(status.eq(value))));
        DIRECTIONS.forEach(value -> columns.add(count().filterWhere(direction.eq(value))));
        columns.add(min(started));
        columns.add(avg(extract(started, DatePart.EPOCH)));
        Record row = dsl.select(columns)
                .from(live.table)
                .where(live.condition(filter))
                .fetchOne();
        int column = 1;
        Map<String, Integer> byStatus = new LinkedHashMap<>();
        for (String value : STATUSES) {
            byStatus.put(value, row.get(column++, Integer.class));
        }
        Map<String, Integer> byDirection = new LinkedHashMap<>();
        for (String value : DIRECTIONS) {
            byDirection.put(value, row.get(column++, Integer.class));
        }
        return new Summary(row.get(0, Integer.class), byStatus, byDirection,
                row.get(column++, OffsetDateTime.class), row.get(column, BigDecimal.class));
    }

    public List<Event> events(DSLContext dsl, long organizationId, long sessionId) {
        return dsl.select(SESSION_UPDATES.ID, SESSION_UPDATES.EVENT_ID, SESSION_UPDATES.STATUS, SESSION_UPDATES.ACTION,
                        SESSION_UPDATES.REASON, SESSION_UPDATES.CREATED_AT)
                .from(SESSION_UPDATES)
                .where(SESSION_UPDATES.ORGANIZATION_ID.eq(organizationId))
                .and(SESSION_UPDATES.SESSION_ID.eq(sessionId))
                .orderBy(SESSION_UPDATES.SESSION_MODIFIED_AT.asc(), SESSION_UPDATES.ID.asc())
                .fetch(row -> new Event(row.value1(), row.value2(), row.value3(), row.value4(), row.value5(), row.value6()));
    }

    /**
     * The latest update of each session of the last 24 hours ({@code DISTINCT ON}, served by the
     * {@code (organization_id, session_modified_at)} index), as a derived table the live conditions apply to.
     */
    private static final class Live {

        private final long organizationId;
        private final Table<?> table;

        Live(long organizationId, OffsetDateTime since) {
            SessionUpdates update = SESSION_UPDATES.as("recent");
            this.organizationId = organizationId;
            this.table = select(update.fields())
                    .distinctOn(update.SESSION_ID)
                    .from(update)
                    .where(update.ORGANIZATION_ID.eq(organizationId))
                    .and(update.SESSION_MODIFIED_AT.ge(since))
                    .orderBy(update.SESSION_ID, update.SESSION_MODIFIED_AT.desc(), update.ID.desc())
                    .asTable("latest");
        }

        <T> Field<T> field(Field<T> column) {
            return table.field(column.getName(), column.getType());
        }

        Field<OffsetDateTime> started() {
            return coalesce(field(SESSION_UPDATES.SESSION_CREATED_AT), field(SESSION_UPDATES.CREATED_AT));
        }

        List<Field<?>> fields() {
            return List.of(field(SESSION_UPDATES.SESSION_ID), field(SESSION_UPDATES.CALLER_ID),
                    field(SESSION_UPDATES.DESTINATION), field(SESSION_UPDATES.DIRECTION), field(SESSION_UPDATES.STATUS),
                    started().as("started_at"), field(SESSION_UPDATES.SESSION_MODIFIED_AT),
                    field(SESSION_UPDATES.DOMAIN), field(SESSION_UPDATES.SUBSCRIBER_ID), field(SESSION_UPDATES.CALL_IDS),
                    field(SESSION_UPDATES.PROFILE));
        }

        Condition condition(Filter filter) {
            SessionUpdates ended = SESSION_UPDATES.as("ended");
            Condition condition = field(SESSION_UPDATES.STATUS).in(STATUSES)
                    .and(notExists(selectOne()
                            .from(ended)
                            .where(ended.ORGANIZATION_ID.eq(organizationId))
                            .and(ended.SESSION_ID.eq(field(SESSION_UPDATES.SESSION_ID)))
                            .and(ended.ACTION.eq(FINAL_ACTION))));
            if (filter.status() != null) {
                condition = condition.and(field(SESSION_UPDATES.STATUS).eq(filter.status()));
            }
            if (filter.direction() != null) {
                condition = condition.and(field(SESSION_UPDATES.DIRECTION).eq(filter.direction()));
            }
            return condition;
        }

        LiveSession toSession(Record row) {
            return new LiveSession(row.get(0, Long.class), row.get(1, String.class), row.get(2, String.class),
                    row.get(3, String.class), row.get(4, String.class), row.get(5, OffsetDateTime.class),
                    row.get(6, OffsetDateTime.class), row.get(7, String.class), row.get(8, Long.class),
                    row.get(9, JSONB.class), row.get(10, JSONB.class));
        }
    }
}
