package opbx.businesshours;

import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jooq.DSLContext;

/**
 * Business-hours schedules as phone numbers embed them ({@code business_hours_schedule}, control-plane spec §3.9):
 * the full object of §3.8, for a whole page of ids in a fixed number of queries (schedules, days with ranges,
 * exceptions with ranges).
 */
public final class BusinessHoursEmbedding {

    private final BusinessHoursRepository schedules;
    private final Clock clock;

    public BusinessHoursEmbedding(BusinessHoursRepository schedules, Clock clock) {
        this.schedules = schedules;
        this.clock = clock;
    }

    /** The non-deleted schedules of the organisation among {@code ids}, by id; others are absent. */
    public Map<Long, Map<String, Object>> load(DSLContext dsl, long organizationId, Collection<Long> ids) {
        Map<Long, Map<String, Object>> found = new LinkedHashMap<>();
        schedules.findAll(dsl, organizationId, ids)
                .forEach((id, schedule) -> found.put(id, BusinessHoursJson.of(schedule, clock.instant())));
        return found;
    }
}
