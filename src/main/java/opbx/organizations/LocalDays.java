package opbx.organizations;

import io.javalin.http.Context;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import opbx.http.DateRange;
import org.jooq.DSLContext;

/**
 * Date filters read in the organisation's timezone (control-plane spec §0.3): {@code from_date} and {@code to_date}
 * are whole local days there, and statistics without dates cover the last days up to today, local too.
 */
public final class LocalDays {

    private final DSLContext dsl;
    private final OrganizationRepository organizations;
    private final Clock clock;

    public LocalDays(DSLContext dsl, OrganizationRepository organizations, Clock clock) {
        this.dsl = dsl;
        this.organizations = organizations;
        this.clock = clock;
    }

    /** {@code from_date} .. {@code to_date} of the request, either side open when absent. */
    public DateRange range(Context ctx, long organizationId) {
        return DateRange.of(ctx, zone(organizationId));
    }

    /** The request's dates, defaulting to the {@code days} days before today through today. */
    public DateRange rangeOrLast(Context ctx, long organizationId, int days) {
        ZoneId zone = zone(organizationId);
        LocalDate today = LocalDate.ofInstant(clock.instant(), zone);
        return DateRange.of(ctx, zone, today.minusDays(days), today);
    }

    private ZoneId zone(long organizationId) {
        return ZoneId.of(organizations.find(dsl, organizationId).orElseThrow().timezone());
    }
}
