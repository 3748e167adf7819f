package opbx.app;

import static opbx.db.gen.Tables.API_TOKENS;
import static opbx.db.gen.Tables.AUDIT_LOG;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.OffsetDateTime;
import opbx.auth.TokenRepository;
import opbx.support.Identity;
import opbx.support.TestApp;
import org.junit.jupiter.api.Test;

class MaintenanceTest {

    private final TestApp app = TestApp.shared();

    @Test
    void expired_tokens_and_audit_rows_past_retention_are_removed_and_the_rest_kept() {
        Identity.Team team = Identity.team(app, "Maintenance Org");
        long org = team.organizationId();
        app.dsl().update(API_TOKENS)
                .set(API_TOKENS.EXPIRES_AT, OffsetDateTime.now().minusDays(1))
                .where(API_TOKENS.ORGANIZATION_ID.eq(org))
                .and(API_TOKENS.USER_ID.eq(team.user().userId()))
                .execute();
        app.dsl().update(AUDIT_LOG)
                .set(AUDIT_LOG.OCCURRED_AT, OffsetDateTime.now().minusDays(400))
                .where(AUDIT_LOG.ORGANIZATION_ID.eq(org))
                .and(AUDIT_LOG.ACTOR_USER_ID.eq(team.user().userId()))
                .execute();
        int auditBefore = app.dsl().fetchCount(AUDIT_LOG, AUDIT_LOG.ORGANIZATION_ID.eq(org));

        new Maintenance(app.dsl(), app.server().redis(), new TokenRepository(), 365, TestApp.CLOCK).run();

        assertEquals(3, app.dsl().fetchCount(API_TOKENS, API_TOKENS.ORGANIZATION_ID.eq(org)));
        assertEquals(auditBefore - 1, app.dsl().fetchCount(AUDIT_LOG, AUDIT_LOG.ORGANIZATION_ID.eq(org)));
        assertEquals(200, team.owner().http().get("/api/v1/auth/me").status());
        assertEquals(401, team.user().http().get("/api/v1/auth/me").status());
    }
}
