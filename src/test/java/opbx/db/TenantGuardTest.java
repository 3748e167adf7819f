package opbx.db;

import static opbx.db.gen.Tables.EXTENSIONS;
import static opbx.db.gen.Tables.USERS;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import opbx.support.Fixtures;
import opbx.support.TenantGuard;
import opbx.support.TestApp;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

class TenantGuardTest {

    private final DSLContext dsl = TestApp.shared().dsl();
    private final long org = new Fixtures(dsl).organization("Guard Org");

    @Test
    void an_unscoped_select_on_a_tenant_table_is_rejected() {
        TenantGuard.Violation violation = assertThrows(TenantGuard.Violation.class, () -> dsl
                .selectFrom(EXTENSIONS)
                .where(EXTENSIONS.EXTENSION_NUMBER.eq("1001"))
                .fetch());

        assertTrue(violation.getMessage().contains("\"extensions\""), violation.getMessage());
    }

    @Test
    void a_scoped_select_is_accepted() {
        assertDoesNotThrow(() -> dsl
                .selectFrom(EXTENSIONS)
                .where(EXTENSIONS.ORGANIZATION_ID.eq(org))
                .and(EXTENSIONS.EXTENSION_NUMBER.eq("1001"))
                .fetch());
    }

    @Test
    void unscoped_update_delete_and_insert_are_rejected() {
        assertThrows(TenantGuard.Violation.class, () -> dsl
                .update(USERS)
                .set(USERS.NAME, "x")
                .where(USERS.ID.eq(1L))
                .execute());
        assertThrows(TenantGuard.Violation.class, () -> dsl
                .deleteFrom(USERS)
                .where(USERS.ID.eq(1L))
                .execute());
        assertThrows(TenantGuard.Violation.class, () -> dsl
                .insertInto(USERS, USERS.NAME, USERS.EMAIL, USERS.PASSWORD_HASH)
                .values("x", "x@example.com", "hash")
                .execute());
    }

    @Test
    void a_scoped_insert_and_a_scoped_join_with_aliases_are_accepted() {
        long userId = dsl.insertInto(USERS)
                .set(USERS.ORGANIZATION_ID, org)
                .set(USERS.NAME, "Ada")
                .set(USERS.EMAIL, "ada-" + org + "@example.com")
                .set(USERS.PASSWORD_HASH, "hash")
                .returning(USERS.ID)
                .fetchOne(USERS.ID);

        var u = USERS.as("u");
        var e = EXTENSIONS.as("e");
        assertEquals(0, dsl.select(e.ID)
                .from(e)
                .join(u).on(u.ORGANIZATION_ID.eq(e.ORGANIZATION_ID).and(u.ID.eq(e.USER_ID)))
                .where(e.ORGANIZATION_ID.eq(org))
                .and(u.ORGANIZATION_ID.eq(org))
                .and(u.ID.eq(userId))
                .fetch().size());
    }

    @Test
    void a_join_that_scopes_only_one_of_its_tenant_tables_is_rejected() {
        // (u is joined on its id only: nothing ties its organisation to e's.)
        var u = USERS.as("u");
        var e = EXTENSIONS.as("e");

        assertThrows(TenantGuard.Violation.class, () -> dsl.select(e.ID)
                .from(e)
                .join(u).on(u.ID.eq(e.USER_ID))
                .where(e.ORGANIZATION_ID.eq(org))
                .fetch());
    }

    @Test
    void a_named_cross_tenant_query_is_accepted_and_leaves_the_main_context_guarded() {
        assertDoesNotThrow(() -> CrossTenantQuery.USER_BY_EMAIL.dsl(dsl)
                .selectFrom(USERS)
                .where(USERS.EMAIL.eq("nobody@example.com"))
                .fetch());

        assertThrows(TenantGuard.Violation.class, () -> dsl
                .selectFrom(USERS)
                .where(USERS.EMAIL.eq("nobody@example.com"))
                .fetch());
    }

    @Test
    void a_predicate_under_an_or_does_not_scope_the_table() {
        // where ("extensions"."organization_id" = ? or true): the text has the predicate, the query reads every row.
        assertThrows(TenantGuard.Violation.class, () -> dsl
                .selectFrom(EXTENSIONS)
                .where(EXTENSIONS.ORGANIZATION_ID.eq(org).or(DSL.trueCondition()))
                .fetch());
    }

    @Test
    void a_column_compared_with_itself_does_not_scope_the_table() {
        assertThrows(TenantGuard.Violation.class, () -> dsl
                .selectFrom(EXTENSIONS)
                .where(EXTENSIONS.ORGANIZATION_ID.eq(EXTENSIONS.ORGANIZATION_ID))
                .fetch());
    }

    @Test
    void an_unscoped_outer_statement_is_rejected_even_when_its_subquery_is_scoped() {
        var inner = EXTENSIONS.as("inner_extensions");
        assertThrows(TenantGuard.Violation.class, () -> dsl
                .deleteFrom(EXTENSIONS)
                .where(EXTENSIONS.ID.in(DSL.select(inner.ID).from(inner)
                        .where(inner.ORGANIZATION_ID.eq(org))))
                .execute());
        // And the reverse: a scoped statement whose subquery reads another organisation's rows.
        assertThrows(TenantGuard.Violation.class, () -> dsl
                .selectFrom(EXTENSIONS)
                .where(EXTENSIONS.ORGANIZATION_ID.eq(org))
                .and(EXTENSIONS.USER_ID.in(DSL.select(USERS.ID).from(USERS).where(USERS.EMAIL.eq("x"))))
                .fetch());
    }

    @Test
    void a_join_bound_through_the_other_tables_organization_is_accepted() {
        var u = USERS.as("u");
        var e = EXTENSIONS.as("e");
        assertDoesNotThrow(() -> dsl.select(e.ID)
                .from(e)
                .join(u).on(u.ORGANIZATION_ID.eq(e.ORGANIZATION_ID).and(u.ID.eq(e.USER_ID)))
                .where(e.ORGANIZATION_ID.eq(org))
                .fetch());
    }

    @Test
    void plain_sql_is_guarded_too() {
        assertThrows(TenantGuard.Violation.class, () -> dsl.fetch("select id from \"call_logs\" where id = 1"));
    }
}
