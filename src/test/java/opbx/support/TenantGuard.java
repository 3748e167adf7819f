package opbx.support;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import opbx.db.CrossTenantQuery;
import opbx.db.gen.DefaultSchema;
import org.jooq.Condition;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;
import org.jooq.Field;
import org.jooq.Param;
import org.jooq.Query;
import org.jooq.QueryPart;
import org.jooq.Row;
import org.jooq.Select;
import org.jooq.Table;
import org.jooq.TableField;
import org.jooq.impl.QOM;

/**
 * Fails any statement that touches a tenant table without its {@code organization_id} predicate, so a forgotten
 * predicate breaks the build rather than a customer. Tenant tables are every generated table with an
 * {@code organization_id} column.
 *
 * <p>The check reads jOOQ's query model, not the SQL text. Every query scope (the statement, and each subquery on its
 * own) must, for each tenant table it reads or writes, hold a top-level conjunct of its {@code WHERE} or of a join's
 * {@code ON} that is {@code <table>.organization_id = <bound value>} (or {@code in (<bound values>)}), or
 * {@code <table>.organization_id = <other>.organization_id} with the other one so bound. A predicate under an
 * {@code OR}, a column compared with itself, or a predicate only in a subquery does not count. An insert must set
 * {@code organization_id} to a bound value (or from a select that is itself checked). Statements of plain SQL, which
 * carry no model, are read as text. Statements tagged with a {@link CrossTenantQuery} entry are the named exceptions.
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

    /** The generated class of each tenant table: an aliased generated table keeps its class, not its name. */
    private static final Map<Class<?>, String> TENANT_CLASSES = DefaultSchema.DEFAULT_SCHEMA.getTables().stream()
            .filter(table -> table.field("organization_id") != null)
            .collect(Collectors.toUnmodifiableMap(Object::getClass, Table::getName));

    private static final String ORGANIZATION_ID = "organization_id";

    @Override
    public void executeStart(ExecuteContext ctx) {
        if (ctx.configuration().data(CrossTenantQuery.DATA_KEY) instanceof CrossTenantQuery) {
            return;
        }
        List<Query> queries = ctx.batchQueries().length > 0 ? Arrays.asList(ctx.batchQueries())
                : ctx.query() == null ? List.of() : List.of(ctx.query());
        if (queries.isEmpty() || queries.stream().anyMatch(query -> !modelled(query))) {
            List<String> statements = ctx.batchSQL().length > 0 ? Arrays.asList(ctx.batchSQL()) : List.of(ctx.sql());
            statements.forEach(TenantGuard::checkText);
        }
        for (Query query : queries) {
            if (modelled(query)) {
                check(query, ctx.sql());
            }
        }
    }

    private static boolean modelled(Query query) {
        return query instanceof Select || query instanceof QOM.Update || query instanceof QOM.Delete
                || query instanceof QOM.Insert;
    }

    /** Throws {@link Violation} when a scope of {@code query} touches a tenant table without its predicate. */
    public static void check(Query query, String sql) {
        Map<Object, Boolean> scopes = new IdentityHashMap<>();
        collect(query, scopes, Collections.newSetFromMap(new IdentityHashMap<>()));
        for (Object scope : scopes.keySet()) {
            checkScope(scope, sql);
        }
    }

    // --- One scope --------------------------------------------------------------------------------------------------

    /** A tenant table as the scope names it (its alias, else its name). */
    private record Reference(String table, String name) {
    }

    private static void checkScope(Object scope, String sql) {
        List<Reference> references = new ArrayList<>();
        List<Condition> conditions = new ArrayList<>();
        if (scope instanceof Select<?> select) {
            select.$from().forEach(table -> tables(table, references, conditions));
            conditions.add(select.$where());
        } else if (scope instanceof QOM.Update<?> update) {
            tables(update.$table(), references, conditions);
            update.$from().forEach(table -> tables(table, references, conditions));
            conditions.add(update.$where());
        } else if (scope instanceof QOM.Delete<?> delete) {
            tables(delete.$from(), references, conditions);
            delete.$using().forEach(table -> tables(table, references, conditions));
            conditions.add(delete.$where());
        } else if (scope instanceof QOM.Insert<?> insert) {
            checkInsert(insert, sql);
            return;
        }
        if (references.isEmpty()) {
            return;
        }
        List<Condition> conjuncts = new ArrayList<>();
        conditions.forEach(condition -> conjuncts(condition, conjuncts));
        Set<String> bound = bound(conjuncts);
        for (Reference reference : references) {
            if (!bound.contains(reference.name())) {
                throw new Violation("tenant guard: statement on \"" + reference.table()
                        + "\" has no organization_id predicate in its own scope: " + sql);
            }
        }
    }

    /** The names whose organization_id a conjunct binds to values, directly or through another bound name. */
    private static Set<String> bound(List<Condition> conjuncts) {
        Set<String> bound = new java.util.HashSet<>();
        List<String[]> links = new ArrayList<>();
        for (Condition conjunct : conjuncts) {
            if (conjunct instanceof QOM.Eq<?> eq) {
                String left = organizationOf(eq.$arg1());
                String right = organizationOf(eq.$arg2());
                if (left != null && eq.$arg2() instanceof Param<?>) {
                    bound.add(left);
                } else if (right != null && eq.$arg1() instanceof Param<?>) {
                    bound.add(right);
                } else if (left != null && right != null && !left.equals(right)) {
                    links.add(new String[] {left, right});
                }
            } else if (conjunct instanceof QOM.InList<?> in) {
                String field = organizationOf(in.$field());
                if (field != null && !in.$list().isEmpty() && in.$list().stream().allMatch(value -> value instanceof Param<?>)) {
                    bound.add(field);
                }
            }
        }
        boolean grew = true;
        while (grew) {
            grew = false;
            for (String[] link : links) {
                if (bound.contains(link[0]) != bound.contains(link[1])) {
                    bound.add(link[0]);
                    bound.add(link[1]);
                    grew = true;
                }
            }
        }
        return bound;
    }

    /** The table name (or alias) whose organization_id {@code field} is; null when it is not one. */
    private static String organizationOf(Object field) {
        if (field instanceof TableField<?, ?> column && column.getName().equals(ORGANIZATION_ID)
                && column.getTable() != null) {
            return column.getTable().getName();
        }
        return null;
    }

    /** Top-level conjuncts: the operands of nested ANDs; anything else (an OR, a NOT) is one opaque conjunct. */
    private static void conjuncts(Condition condition, List<Condition> into) {
        if (condition == null) {
            return;
        }
        Object delegate = call(condition, "$delegate");
        if (delegate instanceof Condition wrapped) {
            // A condition provider (a join's ON, a WHERE built in steps) around the condition it holds.
            conjuncts(wrapped, into);
        } else if (condition instanceof QOM.And and) {
            conjuncts(and.$arg1(), into);
            conjuncts(and.$arg2(), into);
        } else {
            into.add(condition);
        }
    }

    /** The tenant tables of a FROM entry, and the ON conditions of its joins. */
    private static void tables(Table<?> table, List<Reference> references, List<Condition> conditions) {
        if (table instanceof QOM.JoinTable<?, ?> join) {
            tables(join.$table1(), references, conditions);
            tables(join.$table2(), references, conditions);
            if (join instanceof QOM.QualifiedJoin<?, ?> qualified) {
                conditions.add(qualified.$on());
            }
        } else if (table instanceof QOM.TableAlias<?> alias) {
            Table<?> aliased = alias.$table();
            if (TENANT_TABLES.contains(aliased.getName())) {
                references.add(new Reference(aliased.getName(), alias.getName()));
            }
        } else if (table != null && TENANT_CLASSES.containsKey(table.getClass())) {
            // A generated table, or its as("x"): the same class, named by its alias.
            references.add(new Reference(TENANT_CLASSES.get(table.getClass()), table.getName()));
        } else if (table != null && TENANT_TABLES.contains(table.getName())) {
            references.add(new Reference(table.getName(), table.getName()));
        }
    }

    /** An insert sets organization_id: to bound values in every row, or from a select (checked as its own scope). */
    private static void checkInsert(QOM.Insert<?> insert, String sql) {
        Table<?> into = insert.$into();
        if (into == null || !TENANT_TABLES.contains(into.getName())) {
            return;
        }
        int column = -1;
        List<? extends Field<?>> columns = insert.$columns();
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).getName().equals(ORGANIZATION_ID)) {
                column = i;
            }
        }
        boolean scoped = column >= 0;
        if (scoped && insert.$select() == null) {
            for (Row row : insert.$values()) {
                Field<?> value = row.field(column);
                scoped &= value instanceof Param<?>;
            }
        }
        if (!scoped) {
            throw new Violation("tenant guard: insert into \"" + into.getName()
                    + "\" does not set organization_id to a bound value: " + sql);
        }
    }

    // --- Finding every scope ----------------------------------------------------------------------------------------

    /** Every query scope in {@code part}: the statement itself and each subquery, at any depth. */
    private static void collect(Object part, Map<Object, Boolean> scopes, Set<Object> seen) {
        if (part == null || part instanceof String || part instanceof Number || part instanceof Boolean
                || !seen.add(part)) {
            return;
        }
        if (part instanceof Collection<?> items) {
            items.forEach(item -> collect(item, scopes, seen));
            return;
        }
        if (part instanceof Map<?, ?> entries) {
            entries.forEach((key, value) -> {
                collect(key, scopes, seen);
                collect(value, scopes, seen);
            });
            return;
        }
        if (part instanceof Select<?> select) {
            scopes.put(select, true);
            collect(select.$select(), scopes, seen);
            collect(select.$from(), scopes, seen);
            collect(select.$where(), scopes, seen);
            collect(select.$having(), scopes, seen);
            return;
        }
        if (part instanceof QOM.Update<?> update) {
            scopes.put(update, true);
            collect(update.$set(), scopes, seen);
            collect(update.$from(), scopes, seen);
            collect(update.$where(), scopes, seen);
            return;
        }
        if (part instanceof QOM.Delete<?> delete) {
            scopes.put(delete, true);
            collect(delete.$using(), scopes, seen);
            collect(delete.$where(), scopes, seen);
            return;
        }
        if (part instanceof QOM.Insert<?> insert) {
            scopes.put(insert, true);
            collect(insert.$values(), scopes, seen);
            collect(insert.$select(), scopes, seen);
            return;
        }
        if (part instanceof Row row) {
            collect(Arrays.asList(row.fields()), scopes, seen);
            return;
        }
        if (part instanceof QOM.JoinTable<?, ?> join) {
            collect(join.$table1(), scopes, seen);
            collect(join.$table2(), scopes, seen);
            if (join instanceof QOM.QualifiedJoin<?, ?> qualified) {
                collect(qualified.$on(), scopes, seen);
            }
            return;
        }
        if (part instanceof QOM.TableAlias<?> alias) {
            collect(alias.$table(), scopes, seen);
            return;
        }
        if (part instanceof QueryPart) {
            collect(call(part, "$delegate"), scopes, seen);
            Object args = call(part, "$args");
            collect(args instanceof List<?> list ? list : List.of(), scopes, seen);
        }
    }

    /**
     * A no-argument accessor of jOOQ's query model ({@code $args}, {@code $delegate}), declared on interfaces that are
     * not public though the methods are; null when the part has none.
     */
    private static Object call(Object part, String accessor) {
        Method method = ACCESSORS.computeIfAbsent(part.getClass().getName() + "#" + accessor, key -> {
            try {
                Method found = part.getClass().getMethod(accessor);
                found.setAccessible(true);
                return found;
            } catch (NoSuchMethodException | RuntimeException e) {
                return NONE;
            }
        });
        if (method == NONE) {
            return null;
        }
        try {
            return method.invoke(part);
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }

    private static final Map<String, Method> ACCESSORS = new java.util.concurrent.ConcurrentHashMap<>();
    private static final Method NONE;

    static {
        try {
            NONE = Object.class.getMethod("toString");
        } catch (NoSuchMethodException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    // --- Plain SQL --------------------------------------------------------------------------------------------------

    private static final Pattern TABLE_REFERENCE = Pattern.compile(
            "\\b(from|join|update|into)\\s+\"([a-z_0-9]+)\"(?:\\s+(?:as\\s+)?\"([a-z_0-9]+)\")?",
            Pattern.CASE_INSENSITIVE);

    /** Plain SQL has no model: a tenant table it names must at least be compared on organization_id in the text. */
    public static void checkText(String sql) {
        if (sql == null) {
            return;
        }
        Matcher reference = TABLE_REFERENCE.matcher(sql);
        while (reference.find()) {
            String table = reference.group(2);
            if (!TENANT_TABLES.contains(table)) {
                continue;
            }
            String name = reference.group(3) != null ? reference.group(3) : table;
            boolean scoped = Pattern.compile("\"" + Pattern.quote(name) + "\"\\.\"organization_id\"\\s*(=|in\\b)",
                    Pattern.CASE_INSENSITIVE).matcher(sql).find();
            if (!scoped) {
                throw new Violation("tenant guard: statement on \"" + table + "\" has no organization_id predicate: " + sql);
            }
        }
    }
}
