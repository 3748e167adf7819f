package opbx.support;

import static opbx.db.gen.Tables.ORGANIZATIONS;

import java.util.UUID;
import org.jooq.DSLContext;

/** Rows the tests need, written straight to the database. */
public final class Fixtures {

    private final DSLContext dsl;

    public Fixtures(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** A new active organisation with a unique slug; returns its id. */
    public long organization(String name) {
        return dsl.insertInto(ORGANIZATIONS)
                .set(ORGANIZATIONS.NAME, name)
                .set(ORGANIZATIONS.SLUG, name.toLowerCase().replaceAll("[^a-z0-9]+", "-") + "-"
                        + UUID.randomUUID().toString().substring(0, 8))
                .returning(ORGANIZATIONS.ID)
                .fetchOne(ORGANIZATIONS.ID);
    }
}
