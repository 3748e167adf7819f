package opbx.calllogs;

import static opbx.db.gen.Tables.DID_NUMBERS;
import static opbx.db.gen.Tables.EXTENSIONS;
import static opbx.db.gen.Tables.RING_GROUPS;
import static opbx.db.gen.Tables.USERS;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import opbx.db.gen.tables.records.CallLogsRecord;
import org.jooq.DSLContext;

/**
 * The DID, extension and ring group a page of call logs points to, loaded with one statement per kind for the whole
 * page (never one per row). Soft-deleted extensions are still shown: a call log is history.
 */
final class CallLogLinks {

    private final Map<Long, Map<String, Object>> didNumbers;
    private final Map<Long, Map<String, Object>> extensions;
    private final Map<Long, Map<String, Object>> ringGroups;

    private CallLogLinks(Map<Long, Map<String, Object>> didNumbers, Map<Long, Map<String, Object>> extensions,
                         Map<Long, Map<String, Object>> ringGroups) {
        this.didNumbers = didNumbers;
        this.extensions = extensions;
        this.ringGroups = ringGroups;
    }

    static CallLogLinks load(DSLContext dsl, long organizationId, List<CallLogsRecord> rows) {
        return new CallLogLinks(
                didNumbers(dsl, organizationId, ids(rows, CallLogsRecord::getDidId)),
                extensions(dsl, organizationId, ids(rows, CallLogsRecord::getExtensionId)),
                ringGroups(dsl, organizationId, ids(rows, CallLogsRecord::getRingGroupId)));
    }

    Map<String, Object> didNumber(Long id) {
        return id == null ? null : didNumbers.get(id);
    }

    Map<String, Object> extension(Long id) {
        return id == null ? null : extensions.get(id);
    }

    Map<String, Object> ringGroup(Long id) {
        return id == null ? null : ringGroups.get(id);
    }

    private static Set<Long> ids(List<CallLogsRecord> rows, Function<CallLogsRecord, Long> column) {
        return rows.stream().map(column).filter(Objects::nonNull).collect(Collectors.toSet());
    }

    private static Map<Long, Map<String, Object>> didNumbers(DSLContext dsl, long organizationId, Collection<Long> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        Map<Long, Map<String, Object>> found = new HashMap<>();
        dsl.select(DID_NUMBERS.ID, DID_NUMBERS.PHONE_NUMBER, DID_NUMBERS.FRIENDLY_NAME)
                .from(DID_NUMBERS)
                .where(DID_NUMBERS.ORGANIZATION_ID.eq(organizationId))
                .and(DID_NUMBERS.ID.in(ids))
                .forEach(row -> found.put(row.value1(), object(
                        "id", row.value1(), "phone_number", row.value2(), "friendly_name", row.value3())));
        return found;
    }

    /** An extension's name is its user's, as in the extensions API ("Unassigned" without a user). */
    private static Map<Long, Map<String, Object>> extensions(DSLContext dsl, long organizationId, Collection<Long> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        Map<Long, Map<String, Object>> found = new HashMap<>();
        dsl.select(EXTENSIONS.ID, EXTENSIONS.EXTENSION_NUMBER, USERS.NAME)
                .from(EXTENSIONS)
                .leftJoin(USERS)
                .on(USERS.ORGANIZATION_ID.eq(EXTENSIONS.ORGANIZATION_ID))
                .and(USERS.ID.eq(EXTENSIONS.USER_ID))
                .where(EXTENSIONS.ORGANIZATION_ID.eq(organizationId))
                .and(EXTENSIONS.ID.in(ids))
                .forEach(row -> found.put(row.value1(), object(
                        "id", row.value1(), "extension_number", row.value2(),
                        "name", row.value3() == null ? "Unassigned" : row.value3())));
        return found;
    }

    private static Map<Long, Map<String, Object>> ringGroups(DSLContext dsl, long organizationId, Collection<Long> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        Map<Long, Map<String, Object>> found = new HashMap<>();
        dsl.select(RING_GROUPS.ID, RING_GROUPS.NAME)
                .from(RING_GROUPS)
                .where(RING_GROUPS.ORGANIZATION_ID.eq(organizationId))
                .and(RING_GROUPS.ID.in(ids))
                .forEach(row -> found.put(row.value1(), object("id", row.value1(), "name", row.value2())));
        return found;
    }

    private static Map<String, Object> object(Object... keysAndValues) {
        Map<String, Object> json = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            json.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return json;
    }
}
