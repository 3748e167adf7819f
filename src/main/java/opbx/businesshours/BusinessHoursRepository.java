package opbx.businesshours;

import static opbx.db.gen.Tables.BUSINESS_HOURS_EXCEPTIONS;
import static opbx.db.gen.Tables.BUSINESS_HOURS_EXCEPTION_TIME_RANGES;
import static opbx.db.gen.Tables.BUSINESS_HOURS_SCHEDULES;
import static opbx.db.gen.Tables.BUSINESS_HOURS_SCHEDULE_DAYS;
import static opbx.db.gen.Tables.BUSINESS_HOURS_TIME_RANGES;
import static opbx.db.gen.Tables.ORGANIZATIONS;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import opbx.http.PageRequest;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.Record;
import org.jooq.SelectField;
import org.jooq.impl.DSL;

/**
 * Business-hours schedules and their days, ranges, exceptions and exception ranges (control-plane spec §4.2), scoped
 * by organisation in every statement, child tables included. A page of schedules is read in a fixed number of
 * queries: the schedules, then the days with their ranges, then the exceptions with theirs.
 */
public final class BusinessHoursRepository {

    private static final Field<String> ORGANIZATION_TIMEZONE = ORGANIZATIONS.TIMEZONE.as("organization_timezone");
    private static final Field<String> OPEN_TARGET =
            DSL.jsonbGetAttributeAsText(BUSINESS_HOURS_SCHEDULES.OPEN_HOURS_ACTION, "target_id").as("open_target");
    private static final Field<String> CLOSED_TARGET =
            DSL.jsonbGetAttributeAsText(BUSINESS_HOURS_SCHEDULES.CLOSED_HOURS_ACTION, "target_id").as("closed_target");

    /** Sort names of the list (control-plane spec §3.8) and their expressions. */
    static final Map<String, Field<?>> SORTABLE = Map.of(
            "name", DSL.lower(BUSINESS_HOURS_SCHEDULES.NAME),
            "status", BUSINESS_HOURS_SCHEDULES.STATUS,
            "created_at", BUSINESS_HOURS_SCHEDULES.CREATED_AT,
            "updated_at", BUSINESS_HOURS_SCHEDULES.UPDATED_AT);

    /** What the list filters on; null = no filter. {@code trashed} is {@code with}, {@code only} or null. */
    public record ListFilter(String status, String trashed) {
    }

    /** The schedule columns a create and an update write; the caller has validated them. */
    public record Values(String name, String status, String timezone, BusinessHours.Action openAction,
                         BusinessHours.Action closedAction) {
    }

    /** An exception as written. */
    public record NewException(LocalDate date, String name, String type, String recurrence,
                               List<ScheduleData.TimeRange> ranges) {
    }

    private Condition owned(long organizationId) {
        return BUSINESS_HOURS_SCHEDULES.ORGANIZATION_ID.eq(organizationId);
    }

    /** A non-deleted schedule with everything it holds. */
    public Optional<BusinessHours> find(DSLContext dsl, long organizationId, long id) {
        return load(dsl, organizationId, owned(organizationId)
                .and(BUSINESS_HOURS_SCHEDULES.ID.eq(id))
                .and(BUSINESS_HOURS_SCHEDULES.DELETED_AT.isNull())).stream().findFirst();
    }

    /** A soft-deleted schedule, for restore. */
    public Optional<BusinessHours> findDeleted(DSLContext dsl, long organizationId, long id) {
        return load(dsl, organizationId, owned(organizationId)
                .and(BUSINESS_HOURS_SCHEDULES.ID.eq(id))
                .and(BUSINESS_HOURS_SCHEDULES.DELETED_AT.isNotNull())).stream().findFirst();
    }

    /** Every non-deleted schedule of the organisation, in a fixed number of queries (routing's configuration). */
    public List<BusinessHours> findAllNotDeleted(DSLContext dsl, long organizationId) {
        return load(dsl, organizationId, owned(organizationId).and(BUSINESS_HOURS_SCHEDULES.DELETED_AT.isNull()));
    }

    /** Non-deleted schedules among {@code ids}, by id, in a fixed number of queries. */
    public Map<Long, BusinessHours> findAll(DSLContext dsl, long organizationId, Collection<Long> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        Map<Long, BusinessHours> found = new LinkedHashMap<>();
        load(dsl, organizationId, owned(organizationId)
                .and(BUSINESS_HOURS_SCHEDULES.ID.in(ids))
                .and(BUSINESS_HOURS_SCHEDULES.DELETED_AT.isNull()))
                .forEach(schedule -> found.put(schedule.id(), schedule));
        return found;
    }

    /**
     * {@code "open"} or {@code "closed"} for the non-deleted schedule at {@code now}, in its effective timezone
     * (execution-plane spec §5); null when there is no such schedule.
     */
    public String currentStatus(DSLContext dsl, long organizationId, long scheduleId, Instant now) {
        return find(dsl, organizationId, scheduleId)
                .map(schedule -> ScheduleClock.status(schedule.toScheduleData(), schedule.effectiveZone(), now))
                .orElse(null);
    }

    /** Locks the schedule row (deleted or not, as asked) for the rest of the transaction; false when there is none. */
    public boolean lock(DSLContext trx, long organizationId, long id, boolean deleted) {
        return trx.select(BUSINESS_HOURS_SCHEDULES.ID)
                .from(BUSINESS_HOURS_SCHEDULES)
                .where(owned(organizationId))
                .and(BUSINESS_HOURS_SCHEDULES.ID.eq(id))
                .and(deleted ? BUSINESS_HOURS_SCHEDULES.DELETED_AT.isNotNull() : BUSINESS_HOURS_SCHEDULES.DELETED_AT.isNull())
                .forUpdate()
                .fetchOptional()
                .isPresent();
    }

    public List<BusinessHours> list(DSLContext dsl, long organizationId, ListFilter filter, PageRequest page) {
        Field<?> column = page.sortColumn(SORTABLE);
        List<Head> heads = dsl.select(headColumns())
                .from(BUSINESS_HOURS_SCHEDULES)
                .join(ORGANIZATIONS).on(ORGANIZATIONS.ID.eq(BUSINESS_HOURS_SCHEDULES.ORGANIZATION_ID))
                .where(listCondition(organizationId, filter, page))
                .orderBy(page.ascending() ? column.asc() : column.desc(),
                        page.ascending() ? BUSINESS_HOURS_SCHEDULES.ID.asc() : BUSINESS_HOURS_SCHEDULES.ID.desc())
                .limit(page.perPage())
                .offset(page.offset())
                .fetch(BusinessHoursRepository::toHead);
        return withChildren(dsl, organizationId, heads);
    }

    public int count(DSLContext dsl, long organizationId, ListFilter filter, PageRequest page) {
        return dsl.fetchCount(BUSINESS_HOURS_SCHEDULES, listCondition(organizationId, filter, page));
    }

    private Condition listCondition(long organizationId, ListFilter filter, PageRequest page) {
        Condition condition = owned(organizationId);
        if ("only".equals(filter.trashed())) {
            condition = condition.and(BUSINESS_HOURS_SCHEDULES.DELETED_AT.isNotNull());
        } else if (!"with".equals(filter.trashed())) {
            condition = condition.and(BUSINESS_HOURS_SCHEDULES.DELETED_AT.isNull());
        }
        if (filter.status() != null) {
            condition = condition.and(BUSINESS_HOURS_SCHEDULES.STATUS.eq(filter.status()));
        }
        if (page.search().isPresent()) {
            condition = condition.and(BUSINESS_HOURS_SCHEDULES.NAME.likeIgnoreCase(
                    PageRequest.likePattern(page.search().get()), '\\'));
        }
        return condition;
    }

    /** Names are unique per organisation among non-deleted schedules, case-insensitively. */
    public boolean nameTaken(DSLContext dsl, long organizationId, String name, Long exceptId) {
        Condition condition = owned(organizationId)
                .and(BUSINESS_HOURS_SCHEDULES.DELETED_AT.isNull())
                .and(DSL.lower(BUSINESS_HOURS_SCHEDULES.NAME).eq(DSL.lower(DSL.val(name))));
        if (exceptId != null) {
            condition = condition.and(BUSINESS_HOURS_SCHEDULES.ID.ne(exceptId));
        }
        return dsl.fetchExists(BUSINESS_HOURS_SCHEDULES, condition);
    }

    /** The lower-cased names of non-deleted schedules that start with {@code prefix}, for choosing a copy's name. */
    public Set<String> namesStartingWith(DSLContext dsl, long organizationId, String prefix) {
        return dsl.select(BUSINESS_HOURS_SCHEDULES.NAME)
                .from(BUSINESS_HOURS_SCHEDULES)
                .where(owned(organizationId))
                .and(BUSINESS_HOURS_SCHEDULES.DELETED_AT.isNull())
                .and(BUSINESS_HOURS_SCHEDULES.NAME.likeIgnoreCase(
                        prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%", '\\'))
                .fetch(BUSINESS_HOURS_SCHEDULES.NAME)
                .stream()
                .map(name -> name.toLowerCase(Locale.ROOT))
                .collect(Collectors.toSet());
    }

    public long insert(DSLContext trx, long organizationId, Values values) {
        return trx.insertInto(BUSINESS_HOURS_SCHEDULES)
                .set(BUSINESS_HOURS_SCHEDULES.ORGANIZATION_ID, organizationId)
                .set(columns(values))
                .returning(BUSINESS_HOURS_SCHEDULES.ID)
                .fetchOne(BUSINESS_HOURS_SCHEDULES.ID);
    }

    public void update(DSLContext trx, long organizationId, long id, Values values) {
        trx.update(BUSINESS_HOURS_SCHEDULES)
                .set(columns(values))
                .set(BUSINESS_HOURS_SCHEDULES.UPDATED_AT, DSL.currentOffsetDateTime())
                .where(owned(organizationId))
                .and(BUSINESS_HOURS_SCHEDULES.ID.eq(id))
                .execute();
    }

    /** Soft delete or restore (§3.8): the children stay. */
    public void setDeleted(DSLContext trx, long organizationId, long id, boolean deleted) {
        trx.update(BUSINESS_HOURS_SCHEDULES)
                .set(BUSINESS_HOURS_SCHEDULES.DELETED_AT, deleted ? DSL.currentOffsetDateTime() : DSL.val((OffsetDateTime) null))
                .set(BUSINESS_HOURS_SCHEDULES.UPDATED_AT, DSL.currentOffsetDateTime())
                .where(owned(organizationId))
                .and(BUSINESS_HOURS_SCHEDULES.ID.eq(id))
                .execute();
    }

    /** Replaces the weekly rows with one row per day (missing days disabled); a disabled day keeps no ranges. */
    public void replaceDays(DSLContext trx, long organizationId, long scheduleId, Map<DayOfWeek, ScheduleData.Day> week) {
        var days = BUSINESS_HOURS_SCHEDULE_DAYS;
        trx.deleteFrom(days)
                .where(days.ORGANIZATION_ID.eq(organizationId))
                .and(days.BUSINESS_HOURS_SCHEDULE_ID.eq(scheduleId))
                .execute();
        var insertDays = trx.insertInto(days, days.ORGANIZATION_ID, days.BUSINESS_HOURS_SCHEDULE_ID, days.DAY_OF_WEEK,
                days.ENABLED);
        for (DayOfWeek day : DayOfWeek.values()) {
            ScheduleData.Day row = week.get(day);
            insertDays = insertDays.values(organizationId, scheduleId, BusinessHours.dayName(day), row != null && row.enabled());
        }
        Map<String, Long> dayIds = insertDays.returning(days.ID, days.DAY_OF_WEEK)
                .fetch()
                .intoMap(days.DAY_OF_WEEK, days.ID);
        var ranges = BUSINESS_HOURS_TIME_RANGES;
        var insertRanges = trx.insertInto(ranges, ranges.ORGANIZATION_ID, ranges.BUSINESS_HOURS_SCHEDULE_DAY_ID,
                ranges.START_TIME, ranges.END_TIME);
        boolean any = false;
        for (DayOfWeek day : DayOfWeek.values()) {
            ScheduleData.Day row = week.get(day);
            if (row == null || !row.enabled()) {
                continue;
            }
            for (ScheduleData.TimeRange range : row.ranges()) {
                insertRanges = insertRanges.values(organizationId, dayIds.get(BusinessHours.dayName(day)), range.start(),
                        range.end());
                any = true;
            }
        }
        if (any) {
            insertRanges.execute();
        }
    }

    /** Replaces the exceptions and their ranges; dates are distinct (the input dropped repeats). */
    public void replaceExceptions(DSLContext trx, long organizationId, long scheduleId, List<NewException> exceptions) {
        var table = BUSINESS_HOURS_EXCEPTIONS;
        trx.deleteFrom(table)
                .where(table.ORGANIZATION_ID.eq(organizationId))
                .and(table.BUSINESS_HOURS_SCHEDULE_ID.eq(scheduleId))
                .execute();
        if (exceptions.isEmpty()) {
            return;
        }
        var insert = trx.insertInto(table, table.ORGANIZATION_ID, table.BUSINESS_HOURS_SCHEDULE_ID, table.DATE,
                table.NAME, table.TYPE, table.RECURRENCE);
        for (NewException exception : exceptions) {
            insert = insert.values(organizationId, scheduleId, exception.date(), exception.name(), exception.type(),
                    exception.recurrence());
        }
        Map<LocalDate, Long> ids = insert.returning(table.ID, table.DATE).fetch().intoMap(table.DATE, table.ID);
        var ranges = BUSINESS_HOURS_EXCEPTION_TIME_RANGES;
        var insertRanges = trx.insertInto(ranges, ranges.ORGANIZATION_ID, ranges.BUSINESS_HOURS_EXCEPTION_ID,
                ranges.START_TIME, ranges.END_TIME);
        boolean any = false;
        for (NewException exception : exceptions) {
            for (ScheduleData.TimeRange range : exception.ranges()) {
                insertRanges = insertRanges.values(organizationId, ids.get(exception.date()), range.start(), range.end());
                any = true;
            }
        }
        if (any) {
            insertRanges.execute();
        }
    }

    /** The schedule columns of {@code condition} (which carries the tenant predicate) with their children. */
    private List<BusinessHours> load(DSLContext dsl, long organizationId, Condition condition) {
        List<Head> heads = dsl.select(headColumns())
                .from(BUSINESS_HOURS_SCHEDULES)
                .join(ORGANIZATIONS).on(ORGANIZATIONS.ID.eq(BUSINESS_HOURS_SCHEDULES.ORGANIZATION_ID))
                .where(condition)
                .orderBy(BUSINESS_HOURS_SCHEDULES.ID)
                .fetch(BusinessHoursRepository::toHead);
        return withChildren(dsl, organizationId, heads);
    }

    /** Two more queries for any number of schedules: days with ranges, exceptions with ranges. */
    private List<BusinessHours> withChildren(DSLContext dsl, long organizationId, List<Head> heads) {
        if (heads.isEmpty()) {
            return List.of();
        }
        List<Long> ids = heads.stream().map(Head::id).toList();
        Map<Long, Map<DayOfWeek, BusinessHours.Day>> days = days(dsl, organizationId, ids);
        Map<Long, List<BusinessHours.DateException>> exceptions = exceptions(dsl, organizationId, ids);
        return heads.stream()
                .map(head -> head.with(days.getOrDefault(head.id(), Map.of()), exceptions.getOrDefault(head.id(), List.of())))
                .toList();
    }

    private Map<Long, Map<DayOfWeek, BusinessHours.Day>> days(DSLContext dsl, long organizationId, List<Long> scheduleIds) {
        var days = BUSINESS_HOURS_SCHEDULE_DAYS;
        var ranges = BUSINESS_HOURS_TIME_RANGES;
        Map<Long, Map<DayOfWeek, BusinessHours.Day>> result = new HashMap<>();
        dsl.select(days.BUSINESS_HOURS_SCHEDULE_ID, days.DAY_OF_WEEK, days.ENABLED, ranges.ID, ranges.START_TIME,
                        ranges.END_TIME)
                .from(days)
                .leftJoin(ranges).on(ranges.ORGANIZATION_ID.eq(organizationId))
                .and(ranges.BUSINESS_HOURS_SCHEDULE_DAY_ID.eq(days.ID))
                .where(days.ORGANIZATION_ID.eq(organizationId))
                .and(days.BUSINESS_HOURS_SCHEDULE_ID.in(scheduleIds))
                .orderBy(days.BUSINESS_HOURS_SCHEDULE_ID, days.ID, ranges.ID)
                .forEach(row -> {
                    DayOfWeek day = DayOfWeek.valueOf(row.value2().toUpperCase(Locale.ROOT));
                    BusinessHours.Day entry = result.computeIfAbsent(row.value1(), id -> new EnumMap<>(DayOfWeek.class))
                            .computeIfAbsent(day, key -> new BusinessHours.Day(row.value3(), new ArrayList<>()));
                    if (row.value4() != null) {
                        entry.ranges().add(new BusinessHours.Range(row.value4(), row.value5(), row.value6()));
                    }
                });
        return result;
    }

    private Map<Long, List<BusinessHours.DateException>> exceptions(DSLContext dsl, long organizationId,
                                                                    List<Long> scheduleIds) {
        var exceptions = BUSINESS_HOURS_EXCEPTIONS;
        var ranges = BUSINESS_HOURS_EXCEPTION_TIME_RANGES;
        Map<Long, Map<Long, BusinessHours.DateException>> result = new HashMap<>();
        dsl.select(exceptions.BUSINESS_HOURS_SCHEDULE_ID, exceptions.ID, exceptions.DATE, exceptions.NAME,
                        exceptions.TYPE, exceptions.RECURRENCE, ranges.ID, ranges.START_TIME, ranges.END_TIME)
                .from(exceptions)
                .leftJoin(ranges).on(ranges.ORGANIZATION_ID.eq(organizationId))
                .and(ranges.BUSINESS_HOURS_EXCEPTION_ID.eq(exceptions.ID))
                .where(exceptions.ORGANIZATION_ID.eq(organizationId))
                .and(exceptions.BUSINESS_HOURS_SCHEDULE_ID.in(scheduleIds))
                .orderBy(exceptions.BUSINESS_HOURS_SCHEDULE_ID, exceptions.DATE, exceptions.ID, ranges.ID)
                .forEach(row -> {
                    BusinessHours.DateException entry = result.computeIfAbsent(row.value1(), id -> new LinkedHashMap<>())
                            .computeIfAbsent(row.value2(), id -> new BusinessHours.DateException(id, row.value3(),
                                    row.value4(), row.value5(), row.value6(), new ArrayList<>()));
                    if (row.value7() != null) {
                        entry.ranges().add(new BusinessHours.Range(row.value7(), row.value8(), row.value9()));
                    }
                });
        Map<Long, List<BusinessHours.DateException>> lists = new HashMap<>();
        result.forEach((scheduleId, byId) -> lists.put(scheduleId, List.copyOf(byId.values())));
        return lists;
    }

    /** A schedule row without its children. */
    private record Head(long id, long organizationId, String name, String status, String timezone,
                        String organizationTimezone, BusinessHours.Action openAction, BusinessHours.Action closedAction,
                        OffsetDateTime createdAt, OffsetDateTime updatedAt, OffsetDateTime deletedAt) {

        BusinessHours with(Map<DayOfWeek, BusinessHours.Day> days, List<BusinessHours.DateException> exceptions) {
            return new BusinessHours(id, organizationId, name, status, timezone, organizationTimezone, openAction,
                    closedAction, days, exceptions, createdAt, updatedAt, deletedAt);
        }
    }

    private static List<SelectField<?>> headColumns() {
        List<SelectField<?>> columns = new ArrayList<>(List.of(BUSINESS_HOURS_SCHEDULES.fields()));
        columns.add(ORGANIZATION_TIMEZONE);
        columns.add(OPEN_TARGET);
        columns.add(CLOSED_TARGET);
        return columns;
    }

    private static Head toHead(Record row) {
        return new Head(
                row.get(BUSINESS_HOURS_SCHEDULES.ID),
                row.get(BUSINESS_HOURS_SCHEDULES.ORGANIZATION_ID),
                row.get(BUSINESS_HOURS_SCHEDULES.NAME),
                row.get(BUSINESS_HOURS_SCHEDULES.STATUS),
                row.get(BUSINESS_HOURS_SCHEDULES.TIMEZONE),
                row.get(ORGANIZATION_TIMEZONE),
                new BusinessHours.Action(row.get(BUSINESS_HOURS_SCHEDULES.OPEN_HOURS_ACTION_TYPE), row.get(OPEN_TARGET)),
                new BusinessHours.Action(row.get(BUSINESS_HOURS_SCHEDULES.CLOSED_HOURS_ACTION_TYPE), row.get(CLOSED_TARGET)),
                row.get(BUSINESS_HOURS_SCHEDULES.CREATED_AT),
                row.get(BUSINESS_HOURS_SCHEDULES.UPDATED_AT),
                row.get(BUSINESS_HOURS_SCHEDULES.DELETED_AT));
    }

    /** The columns a create and an update both write; the target id is stored as {@code {"target_id":"rg-3"}}. */
    private static Map<Field<?>, Object> columns(Values values) {
        Map<Field<?>, Object> columns = new LinkedHashMap<>();
        columns.put(BUSINESS_HOURS_SCHEDULES.NAME, values.name());
        columns.put(BUSINESS_HOURS_SCHEDULES.STATUS, values.status());
        columns.put(BUSINESS_HOURS_SCHEDULES.TIMEZONE, values.timezone());
        columns.put(BUSINESS_HOURS_SCHEDULES.OPEN_HOURS_ACTION_TYPE, values.openAction().type());
        columns.put(BUSINESS_HOURS_SCHEDULES.OPEN_HOURS_ACTION, action(values.openAction()));
        columns.put(BUSINESS_HOURS_SCHEDULES.CLOSED_HOURS_ACTION_TYPE, values.closedAction().type());
        columns.put(BUSINESS_HOURS_SCHEDULES.CLOSED_HOURS_ACTION, action(values.closedAction()));
        return columns;
    }

    /** The canonical target id is {@code <prefix>-<digits>} (validated), so it needs no JSON escaping. */
    private static JSONB action(BusinessHours.Action action) {
        return JSONB.valueOf("{\"target_id\":\"" + action.targetId() + "\"}");
    }
}
