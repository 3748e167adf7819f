package opbx.support;

import static opbx.db.gen.Tables.API_TOKENS;
import static opbx.db.gen.Tables.USERS;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import opbx.db.gen.tables.records.UsersRecord;
import org.jooq.DSLContext;

/** Small builders and database reads the API tests share. */
public final class TestData {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private TestData() {
    }

    /** A JSON object from alternating keys and values: {@code json("name", "Ada", "status", "active")}. */
    public static String json(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        try {
            return MAPPER.writeValueAsString(map);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String uniqueEmail(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    public static Set<String> fieldNames(JsonNode object) {
        Set<String> names = new TreeSet<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    public static UsersRecord userRow(DSLContext dsl, long organizationId, long userId) {
        return dsl.selectFrom(USERS)
                .where(USERS.ORGANIZATION_ID.eq(organizationId))
                .and(USERS.ID.eq(userId))
                .fetchOne();
    }

    public static int userCount(DSLContext dsl, long organizationId) {
        return dsl.fetchCount(USERS, USERS.ORGANIZATION_ID.eq(organizationId));
    }

    public static int tokenCount(DSLContext dsl, long organizationId, long userId) {
        return dsl.fetchCount(API_TOKENS, API_TOKENS.ORGANIZATION_ID.eq(organizationId).and(API_TOKENS.USER_ID.eq(userId)));
    }
}
