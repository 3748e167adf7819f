package opbx.support;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import opbx.db.CrossTenantQuery;
import opbx.db.gen.DefaultSchema;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;
import org.jooq.Table;

/**
 * Fails any statement that touches a tenant table without an {@code organization_id} predicate (architecture: Data
 * access), so a forgotten predicate breaks the build rather than a customer. Tenant tables are every generated table
 * with an {@code organization_id} column. A statement passes when, for each tenant table it names (by name or
 * alias), it compares {@code "<table>"."organization_id"} ({@code =} or {@code in}), or, for an insert, sets the
 * column. Statements tagged with a {@link CrossTenantQuery} entry are the named exceptions.
 */
public final class TenantGuard implements ExecuteListener {

    /** Thrown for an unscoped statement; the message shows the statement. */
    public static final class Violation extends RuntimeException {
        Violation(String message) {
            super(message);
        }
    }

    static final Set<String> TENANT_TABLES = DefaultSchema.DEFAULT_SCHEMA.getTables().stream()
            .filter(table -> table.field("organization_id") != null)
            .map(Table::getName)
            .collect(Collectors.toUnmodifiableSet());

    private static final Pattern TABLE_REFERENCE = Pattern.compile(
            "\\b(from|join|update|into)\\s+\"([a-z_0-9]+)\"(?:\\s+(?:as\\s+)?\"([a-z_0-9]+)\")?",
            Pattern.CASE_INSENSITIVE);

    @Override
    public void executeStart(ExecuteContext ctx) {
        if (ctx.configuration().data(CrossTenantQuery.DATA_KEY) instanceof CrossTenantQuery) {
            return;
        }
        List<String> statements = ctx.batchSQL().length > 0 ? Arrays.asList(ctx.batchSQL()) : List.of(ctx.sql());
        for (String sql : statements) {
            check(sql);
        }
    }

    /** Throws {@link Violation} when {@code sql} touches a tenant table without its predicate. */
    public static void check(String sql) {
        if (sql == null) {
            return;
        }
        Matcher reference = TABLE_REFERENCE.matcher(sql);
        while (reference.find()) {
            String keyword = reference.group(1).toLowerCase();
            String table = reference.group(2);
            if (!TENANT_TABLES.contains(table)) {
                continue;
            }
            String name = reference.group(3) != null ? reference.group(3) : table;
            boolean scoped = keyword.equals("into")
                    ? insertSetsOrganization(sql, reference.end())
                    : Pattern.compile("\"" + Pattern.quote(name) + "\"\\.\"organization_id\"\\s*(=|in\\b)",
                            Pattern.CASE_INSENSITIVE).matcher(sql).find();
            if (!scoped) {
                throw new Violation("tenant guard: statement on \"" + table + "\" has no organization_id predicate: " + sql);
            }
        }
    }

    private static boolean insertSetsOrganization(String sql, int afterTable) {
        int open = sql.indexOf('(', afterTable);
        int close = open < 0 ? -1 : sql.indexOf(')', open);
        return open >= 0 && close > open && sql.substring(open, close).contains("\"organization_id\"");
    }
}
