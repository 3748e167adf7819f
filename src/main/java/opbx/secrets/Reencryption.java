package opbx.secrets;

import static opbx.db.gen.Tables.CLOUDONIX_SETTINGS;
import static opbx.db.gen.Tables.CONFERENCE_ROOMS;
import static opbx.db.gen.Tables.EXTENSIONS;

import java.util.List;
import opbx.db.CrossTenantQuery;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record3;
import org.jooq.Table;
import org.jooq.TableField;

/**
 * {@code reencrypt-secrets} (control-plane spec §4.3): rewrites every encrypted column under the current key, one
 * transaction for all, so a failed run (a value neither key opens) changes nothing and names the row.
 */
public final class Reencryption {

    private record Column(Table<?> table, TableField<?, Long> id, TableField<?, Long> organizationId, TableField<?, String> value) {
    }

    private static final List<Column> COLUMNS = List.of(
            new Column(EXTENSIONS, EXTENSIONS.ID, EXTENSIONS.ORGANIZATION_ID, EXTENSIONS.SIP_PASSWORD),
            new Column(EXTENSIONS, EXTENSIONS.ID, EXTENSIONS.ORGANIZATION_ID, EXTENSIONS.SERVICE_TOKEN),
            new Column(CLOUDONIX_SETTINGS, CLOUDONIX_SETTINGS.ID, CLOUDONIX_SETTINGS.ORGANIZATION_ID, CLOUDONIX_SETTINGS.DOMAIN_API_KEY),
            new Column(CLOUDONIX_SETTINGS, CLOUDONIX_SETTINGS.ID, CLOUDONIX_SETTINGS.ORGANIZATION_ID,
                    CLOUDONIX_SETTINGS.DOMAIN_REQUESTS_API_KEY),
            new Column(CLOUDONIX_SETTINGS, CLOUDONIX_SETTINGS.ID, CLOUDONIX_SETTINGS.ORGANIZATION_ID, CLOUDONIX_SETTINGS.WEBHOOK_SECRET),
            new Column(CONFERENCE_ROOMS, CONFERENCE_ROOMS.ID, CONFERENCE_ROOMS.ORGANIZATION_ID, CONFERENCE_ROOMS.PIN),
            new Column(CONFERENCE_ROOMS, CONFERENCE_ROOMS.ID, CONFERENCE_ROOMS.ORGANIZATION_ID, CONFERENCE_ROOMS.HOST_PIN));

    private Reencryption() {
    }

    /** Returns how many values were rewritten. */
    public static int run(DSLContext dsl, Secrets secrets) {
        return dsl.transactionResult(trx -> {
            DSLContext all = CrossTenantQuery.MAINTENANCE.dsl(trx.dsl());
            int rewritten = 0;
            for (Column column : COLUMNS) {
                String table = column.table().getName();
                String name = column.value().getName();
                for (Record3<Long, Long, String> row : all.select(column.id(), column.organizationId(), column.value())
                        .from(column.table())
                        .where(column.value().isNotNull())
                        .forUpdate()
                        .fetch()) {
                    long organizationId = row.value2();
                    if (secrets.underCurrentKey(row.value3(), table, name, organizationId)) {
                        continue;
                    }
                    String plain;
                    try {
                        plain = secrets.decrypt(row.value3(), table, name, organizationId);
                    } catch (Secrets.UndecryptableException e) {
                        throw new Secrets.UndecryptableException(table + "." + name + " of row " + row.value1()
                                + " (organization " + organizationId + ") decrypts with neither OPBX_APP_KEY nor "
                                + "OPBX_APP_KEY_PREVIOUS; nothing was changed");
                    }
                    all.update(column.table())
                            .set((Field<String>) column.value(), secrets.encrypt(plain, table, name, organizationId))
                            .where(column.organizationId().eq(organizationId))
                            .and(column.id().eq(row.value1()))
                            .execute();
                    rewritten++;
                }
            }
            return rewritten;
        });
    }
}
