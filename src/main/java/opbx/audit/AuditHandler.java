package opbx.audit;

import static io.javalin.apibuilder.ApiBuilder.get;

import io.javalin.http.Context;
import java.util.List;
import opbx.access.Caller;
import opbx.access.Permission;
import opbx.http.DateRange;
import opbx.http.Feature;
import opbx.http.Page;
import opbx.http.ValidationException;
import opbx.http.PageRequest;
import opbx.organizations.LocalDays;
import org.jooq.DSLContext;

/** GET /api/v1/audit-log (owner, pbx_admin), control-plane spec §5. */
public final class AuditHandler implements Feature {

    private final DSLContext dsl;
    private final AuditRepository repository;
    private final LocalDays days;
    private final int maxPerPage;

    public AuditHandler(DSLContext dsl, AuditRepository repository, LocalDays days, int maxPerPage) {
        this.dsl = dsl;
        this.repository = repository;
        this.days = days;
        this.maxPerPage = maxPerPage;
    }

    @Override
    public void routes() {
        get("audit-log", this::list, Permission.AUDIT_READ);
    }

    private void list(Context ctx) {
        Caller caller = Caller.of(ctx);
        PageRequest page = PageRequest.from(ctx, 20, maxPerPage, List.of("occurred_at"), "occurred_at", false);
        DateRange range = days.range(ctx, caller.organizationId());
        AuditRepository.Filter filter = new AuditRepository.Filter(
                blankToNull(ctx.queryParam("action")),
                blankToNull(ctx.queryParam("entity_type")),
                blankToNull(ctx.queryParam("entity_id")),
                number(ctx.queryParam("actor_user_id")),
                range.from(),
                range.toExclusive());
        ctx.json(Page.of(repository.list(dsl, caller.organizationId(), filter, page),
                repository.count(dsl, caller.organizationId(), filter, page), page));
    }

    /** Absent or blank: no filter. Anything else must be a user id: a filter silently dropped would list everyone. */
    private static Long number(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (!value.trim().matches("[0-9]{1,18}")) {
            throw ValidationException.of("actor_user_id", "The actor user id must be an integer.");
        }
        return Long.parseLong(value.trim());
    }

    /** Blank is absent; U+0000 cannot match stored text and is dropped. */
    private static String blankToNull(String value) {
        String cleaned = value == null ? null : value.replace("\u0000", "").trim();
        return cleaned == null || cleaned.isEmpty() ? null : cleaned;
    }
}
