package opbx.support;

import static opbx.db.gen.Tables.ORGANIZATIONS;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import opbx.db.gen.DefaultSchema;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;

/**
 * Every row an organisation owns, read table by table: its {@code organizations} row and, for each table with an
 * {@code organization_id} column, {@code SELECT * ... WHERE organization_id = ? ORDER BY id}. Two snapshots are equal
 * when nothing of the organisation changed; {@link #diff} names the tables that did.
 */
public final class OrgSnapshot {

    private final Map<String, List<String>> rows;

    private OrgSnapshot(Map<String, List<String>> rows) {
        this.rows = rows;
    }

    public static OrgSnapshot of(DSLContext dsl, long organizationId) {
        Map<String, List<String>> rows = new LinkedHashMap<>();
        rows.put(ORGANIZATIONS.getName(), lines(dsl.selectFrom(ORGANIZATIONS)
                .where(ORGANIZATIONS.ID.eq(organizationId))
                .fetch()));
        for (Table<?> table : tenantTables()) {
            @SuppressWarnings("unchecked")
            Field<Long> organization = (Field<Long>) table.field("organization_id");
            rows.put(table.getName(), lines(dsl.selectFrom(table)
                    .where(organization.eq(organizationId))
                    .orderBy(table.field("id") != null ? table.field("id") : table.field(0))
                    .fetch()));
        }
        return new OrgSnapshot(rows);
    }

    /** Every generated table with an {@code organization_id} column, in name order. */
    public static List<Table<?>> tenantTables() {
        List<Table<?>> tables = new ArrayList<>();
        for (Table<?> table : DefaultSchema.DEFAULT_SCHEMA.getTables()) {
            if (table.field("organization_id") != null) {
                tables.add(table);
            }
        }
        tables.sort(Comparator.comparing(Table::getName));
        return tables;
    }

    /** Rows per table. */
    public Map<String, Integer> counts() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        rows.forEach((table, lines) -> counts.put(table, lines.size()));
        return counts;
    }

    /** One line per table that differs between this snapshot and {@code later}, with the rows that changed; empty when equal. */
    public List<String> diff(OrgSnapshot later) {
        List<String> differences = new ArrayList<>();
        rows.forEach((table, before) -> {
            List<String> after = later.rows.getOrDefault(table, List.of());
            if (!before.equals(after)) {
                List<String> gone = new ArrayList<>(before);
                gone.removeAll(after);
                List<String> added = new ArrayList<>(after);
                added.removeAll(before);
                differences.add(table + ": before " + gone + " after " + added);
            }
        });
        return differences;
    }

    private static List<String> lines(List<? extends Record> records) {
        return records.stream().map(record -> {
            List<String> values = new ArrayList<>();
            for (Object value : record.intoArray()) {
                values.add(Objects.toString(value));
            }
            return String.join("|", values);
        }).toList();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof OrgSnapshot snapshot && rows.equals(snapshot.rows);
    }

    @Override
    public int hashCode() {
        return rows.hashCode();
    }
}
