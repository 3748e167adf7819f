package opbx.businesshours;

import static opbx.db.gen.Tables.AUDIT_LOG;
import static opbx.db.gen.Tables.BUSINESS_HOURS_EXCEPTIONS;
import static opbx.db.gen.Tables.BUSINESS_HOURS_EXCEPTION_TIME_RANGES;
import static opbx.db.gen.Tables.BUSINESS_HOURS_SCHEDULES;
import static opbx.db.gen.Tables.BUSINESS_HOURS_SCHEDULE_DAYS;
import static opbx.db.gen.Tables.BUSINESS_HOURS_TIME_RANGES;
import static opbx.db.gen.Tables.CONFERENCE_ROOMS;
import static opbx.db.gen.Tables.DID_NUMBERS;
import static opbx.db.gen.Tables.EXTENSIONS;
import static opbx.db.gen.Tables.IVR_MENUS;
import static opbx.db.gen.Tables.ORGANIZATIONS;
import static opbx.db.gen.Tables.RING_GROUPS;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import opbx.db.gen.tables.records.AuditLogRecord;
import opbx.db.gen.tables.records.BusinessHoursSchedulesRecord;
import opbx.support.HttpTestClient;
import opbx.support.HttpTestClient.Response;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.exception.DataAccessException;

/**
 * Rows the business-hours tests need, written straight to the database (action targets and DIDs belong to other
 * features), reads of what the API wrote, and request bodies. Every statement is scoped by organisation.
 */
final class BusinessHoursRows {

    static final String PATH = "/api/v1/business-hours";
    static final List<String> DAYS = List.of("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday");

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final AtomicInteger NUMBERS = new AtomicInteger(3000);
    private static final AtomicInteger NAMES = new AtomicInteger();

    private final DSLContext dsl;
    private final long org;

    BusinessHoursRows(DSLContext dsl, long org) {
        this.dsl = dsl;
        this.org = org;
    }

    long extension() {
        return extension("active");
    }

    long extension(String status) {
        return dsl.insertInto(EXTENSIONS)
                .set(EXTENSIONS.ORGANIZATION_ID, org)
                .set(EXTENSIONS.EXTENSION_NUMBER, String.valueOf(NUMBERS.incrementAndGet() % 90_000 + 10_000))
                .set(EXTENSIONS.TYPE, "user")
                .set(EXTENSIONS.STATUS, status)
                .set(EXTENSIONS.SIP_PASSWORD, "v1:x")
                .returning(EXTENSIONS.ID)
                .fetchOne(EXTENSIONS.ID);
    }

    void setExtensionStatus(long id, String status) {
        dsl.update(EXTENSIONS)
                .set(EXTENSIONS.STATUS, status)
                .where(EXTENSIONS.ORGANIZATION_ID.eq(org))
                .and(EXTENSIONS.ID.eq(id))
                .execute();
    }

    void softDeleteExtension(long id) {
        dsl.update(EXTENSIONS)
                .set(EXTENSIONS.DELETED_AT, OffsetDateTime.now())
                .where(EXTENSIONS.ORGANIZATION_ID.eq(org))
                .and(EXTENSIONS.ID.eq(id))
                .execute();
    }

    long ringGroup() {
        return dsl.insertInto(RING_GROUPS)
                .set(RING_GROUPS.ORGANIZATION_ID, org)
                .set(RING_GROUPS.NAME, "Group " + NAMES.incrementAndGet())
                .returning(RING_GROUPS.ID)
                .fetchOne(RING_GROUPS.ID);
    }

    long ivrMenu() {
        return dsl.insertInto(IVR_MENUS)
                .set(IVR_MENUS.ORGANIZATION_ID, org)
                .set(IVR_MENUS.NAME, "Menu " + NAMES.incrementAndGet())
                .set(IVR_MENUS.TTS_TEXT, "Hi")
                .returning(IVR_MENUS.ID)
                .fetchOne(IVR_MENUS.ID);
    }

    long conferenceRoom() {
        return dsl.insertInto(CONFERENCE_ROOMS)
                .set(CONFERENCE_ROOMS.ORGANIZATION_ID, org)
                .set(CONFERENCE_ROOMS.NAME, "Room " + NAMES.incrementAndGet())
                .returning(CONFERENCE_ROOMS.ID)
                .fetchOne(CONFERENCE_ROOMS.ID);
    }

    void organizationTimezone(String timezone) {
        dsl.update(ORGANIZATIONS)
                .set(ORGANIZATIONS.TIMEZONE, timezone)
                .where(ORGANIZATIONS.ID.eq(org))
                .execute();
    }

    /** A DID routed to the schedule; returns its id. Its number is unique across all organisations. */
    long didTo(long scheduleId) {
        for (int attempt = 0; ; attempt++) {
            String number = "+1917555" + String.format("%04d", ThreadLocalRandom.current().nextInt(10_000));
            try {
                return dsl.insertInto(DID_NUMBERS)
                        .set(DID_NUMBERS.ORGANIZATION_ID, org)
                        .set(DID_NUMBERS.PHONE_NUMBER, number)
                        .set(DID_NUMBERS.ROUTING_TYPE, "business_hours")
                        .set(DID_NUMBERS.ROUTING_CONFIG, JSONB.valueOf("{\"business_hours_schedule_id\":" + scheduleId + "}"))
                        .returning(DID_NUMBERS.ID)
                        .fetchOne(DID_NUMBERS.ID);
            } catch (DataAccessException e) {
                if (!"23505".equals(e.sqlState()) || attempt > 20) {
                    throw e;
                }
            }
        }
    }

    String didNumber(long didId) {
        return dsl.select(DID_NUMBERS.PHONE_NUMBER)
                .from(DID_NUMBERS)
                .where(DID_NUMBERS.ORGANIZATION_ID.eq(org))
                .and(DID_NUMBERS.ID.eq(didId))
                .fetchOne(DID_NUMBERS.PHONE_NUMBER);
    }

    BusinessHoursSchedulesRecord schedule(long id) {
        return dsl.selectFrom(BUSINESS_HOURS_SCHEDULES)
                .where(BUSINESS_HOURS_SCHEDULES.ORGANIZATION_ID.eq(org))
                .and(BUSINESS_HOURS_SCHEDULES.ID.eq(id))
                .fetchOne();
    }

    int schedules() {
        return dsl.fetchCount(BUSINESS_HOURS_SCHEDULES, BUSINESS_HOURS_SCHEDULES.ORGANIZATION_ID.eq(org));
    }

    /** Rows of the four child tables of the schedule: days, day ranges, exceptions, exception ranges. */
    List<Integer> childRows(long scheduleId) {
        var days = BUSINESS_HOURS_SCHEDULE_DAYS;
        var exceptions = BUSINESS_HOURS_EXCEPTIONS;
        int dayRows = dsl.fetchCount(days, days.ORGANIZATION_ID.eq(org).and(days.BUSINESS_HOURS_SCHEDULE_ID.eq(scheduleId)));
        int rangeRows = dsl.fetchCount(dsl.selectOne()
                .from(BUSINESS_HOURS_TIME_RANGES)
                .join(days).on(days.ORGANIZATION_ID.eq(org)).and(days.ID.eq(BUSINESS_HOURS_TIME_RANGES.BUSINESS_HOURS_SCHEDULE_DAY_ID))
                .where(BUSINESS_HOURS_TIME_RANGES.ORGANIZATION_ID.eq(org))
                .and(days.BUSINESS_HOURS_SCHEDULE_ID.eq(scheduleId)));
        int exceptionRows = dsl.fetchCount(exceptions, exceptions.ORGANIZATION_ID.eq(org)
                .and(exceptions.BUSINESS_HOURS_SCHEDULE_ID.eq(scheduleId)));
        int exceptionRangeRows = dsl.fetchCount(dsl.selectOne()
                .from(BUSINESS_HOURS_EXCEPTION_TIME_RANGES)
                .join(exceptions).on(exceptions.ORGANIZATION_ID.eq(org))
                .and(exceptions.ID.eq(BUSINESS_HOURS_EXCEPTION_TIME_RANGES.BUSINESS_HOURS_EXCEPTION_ID))
                .where(BUSINESS_HOURS_EXCEPTION_TIME_RANGES.ORGANIZATION_ID.eq(org))
                .and(exceptions.BUSINESS_HOURS_SCHEDULE_ID.eq(scheduleId)));
        return List.of(dayRows, rangeRows, exceptionRows, exceptionRangeRows);
    }

    List<AuditLogRecord> audit(String action, long scheduleId) {
        return dsl.selectFrom(AUDIT_LOG)
                .where(AUDIT_LOG.ORGANIZATION_ID.eq(org))
                .and(AUDIT_LOG.ACTION.eq(action))
                .and(AUDIT_LOG.ENTITY_ID.eq(String.valueOf(scheduleId)))
                .orderBy(AUDIT_LOG.ID)
                .fetch();
    }

    // --- request bodies ---

    static Map<String, Object> range(String start, String end) {
        Map<String, Object> range = new LinkedHashMap<>();
        range.put("start_time", start);
        range.put("end_time", end);
        return range;
    }

    @SafeVarargs
    static Map<String, Object> day(boolean enabled, Map<String, Object>... ranges) {
        Map<String, Object> day = new LinkedHashMap<>();
        day.put("enabled", enabled);
        day.put("time_ranges", List.of(ranges));
        return day;
    }

    /** Monday to Friday open {@code start}-{@code end}; the weekend absent (= disabled). */
    static Map<String, Object> weekdays(String start, String end) {
        Map<String, Object> week = new LinkedHashMap<>();
        for (String name : DAYS.subList(0, 5)) {
            week.put(name, day(true, range(start, end)));
        }
        return week;
    }

    static Map<String, Object> action(String type, Object targetId) {
        Map<String, Object> action = new LinkedHashMap<>();
        action.put("type", type);
        action.put("target_id", targetId);
        return action;
    }

    static Map<String, Object> exception(String date, String name, String type, String recurrence,
                                         List<Map<String, Object>> ranges) {
        Map<String, Object> exception = new LinkedHashMap<>();
        exception.put("date", date);
        exception.put("name", name);
        exception.put("type", type);
        if (recurrence != null) {
            exception.put("recurrence", recurrence);
        }
        if (ranges != null) {
            exception.put("time_ranges", ranges);
        }
        return exception;
    }

    /** A valid create body: weekdays 09:00-17:00, both actions to the extension; {@code extra} pairs override. */
    static Map<String, Object> body(String name, long extensionId, Object... extra) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("open_hours_action", action("extension", "ext-" + extensionId));
        body.put("closed_hours_action", action("extension", "ext-" + extensionId));
        body.put("schedule", weekdays("09:00", "17:00"));
        for (int i = 0; i < extra.length; i += 2) {
            body.put((String) extra[i], extra[i + 1]);
        }
        return body;
    }

    static String json(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** POSTs the body and returns the created schedule's {@code data}, failing unless 201. */
    static JsonNode create(HttpTestClient http, Map<String, Object> body) {
        Response response = http.postJson(PATH, json(body));
        assertEquals(201, response.status(), response.body());
        return response.json().path("data");
    }

    static long createId(HttpTestClient http, Map<String, Object> body) {
        return Long.parseLong(create(http, body).path("id").asText());
    }

    static Response patch(HttpTestClient http, String path, String body) {
        return http.send("PATCH", path, body, "application/json", Map.of());
    }

    static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
