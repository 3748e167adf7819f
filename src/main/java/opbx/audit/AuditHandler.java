package opbx.audit;

import static io.javalin.apibuilder.ApiBuilder.get;

import io.javalin.http.Context;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import opbx.access.Caller;
import opbx.access.Permission;
import opbx.http.Feature;
import opbx.http.Page;
import opbx.http.PageRequest;
import opbx.organizations.OrganizationRepository;
import org.jooq.DSLContext;

/** GET /api/v1/audit-log (owner, pbx_admin), control-plane spec §5. */
public final class AuditHandler implements Feature {

    private final DSLContext dsl;
    private final AuditRepository repository;
    private final OrganizationRepository organizations;
    private final int maxPerPage;

    public AuditHandler(DSLContext dsl, AuditRepository repository, OrganizationRepository organizations, int maxPerPage) {
        this.dsl = dsl;
        this.repository = repository;
        this.organizations = organizations;
        this.maxPerPage = maxPerPage;
    }

    @Override
    public void routes() {
        get("audit-log", this::list, Permission.AUDIT_READ);
    }

    private void list(Context ctx) {
        Caller caller = Caller.of(ctx);
        PageRequest page = PageRequest.from(ctx, 20, maxPerPage, List.of("occurred_at"), "occurred_at", false);
        ZoneId zone = ZoneId.of(organizations.find(dsl, caller.organizationId()).orElseThrow().timezone());
        LocalDate from = date(ctx.queryParam("from_date"));
        LocalDate to = date(ctx.queryParam("to_date"));
        AuditRepository.Filter filter = new AuditRepository.Filter(
                blankToNull(ctx.queryParam("action")),
                blankToNull(ctx.queryParam("entity_type")),
                blankToNull(ctx.queryParam("entity_id")),
                number(ctx.queryParam("actor_user_id")),
                from == null ? null : from.atStartOfDay(zone).toOffsetDateTime(),
                to == null ? null : to.plusDays(1).atStartOfDay(zone).toOffsetDateTime());
        ctx.json(Page.of(repository.list(dsl, caller.organizationId(), filter, page),
                repository.count(dsl, caller.organizationId(), filter, page), page));
    }

    /** List queries never fail validation (control-plane spec §0.4): an unreadable filter filters nothing. */
    private static LocalDate date(String value) {
        if (value == null || !value.trim().matches("[0-9]{4}-[0-9]{2}-[0-9]{2}")) {
            return null;
        }
        try {
            return LocalDate.parse(value.trim());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Long number(String value) {
        return value != null && value.trim().matches("[0-9]{1,18}") ? Long.parseLong(value.trim()) : null;
    }

    /** Blank is absent; U+0000 cannot match stored text and is dropped. */
    private static String blankToNull(String value) {
        String cleaned = value == null ? null : value.replace("\u0000", "").trim();
        return cleaned == null || cleaned.isEmpty() ? null : cleaned;
    }
}
