package opbx.businesshours;

import static opbx.db.gen.Tables.BUSINESS_HOURS_SCHEDULES;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jooq.DSLContext;

/**
 * Business-hours schedules as phone numbers embed them. Until the business-hours feature lands this is the
 * schedule's head (ids as strings, as the SPA reads them); the full object with days and exceptions replaces it then.
 */
public final class BusinessHoursEmbedding {

    public Map<Long, Map<String, Object>> load(DSLContext dsl, long organizationId, Collection<Long> ids) {
        Map<Long, Map<String, Object>> found = new LinkedHashMap<>();
        dsl.selectFrom(BUSINESS_HOURS_SCHEDULES)
                .where(BUSINESS_HOURS_SCHEDULES.ORGANIZATION_ID.eq(organizationId))
                .and(BUSINESS_HOURS_SCHEDULES.ID.in(ids))
                .and(BUSINESS_HOURS_SCHEDULES.DELETED_AT.isNull())
                .forEach(row -> {
                    Map<String, Object> json = new LinkedHashMap<>();
                    json.put("id", String.valueOf(row.getId()));
                    json.put("organization_id", String.valueOf(row.getOrganizationId()));
                    json.put("name", row.getName());
                    json.put("status", row.getStatus());
                    json.put("timezone", row.getTimezone());
                    json.put("created_at", row.getCreatedAt());
                    json.put("updated_at", row.getUpdatedAt());
                    found.put(row.getId(), json);
                });
        return found;
    }
}
