package opbx.secrets;

import static opbx.db.gen.Tables.CONFERENCE_ROOMS;

import opbx.db.CrossTenantQuery;
import org.jooq.DSLContext;
import org.jooq.Record4;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upgrades conference PINs stored in clear (before PINs were secrets) to their sealed form, once, at start: one
 * transaction over every organisation, rows locked, so two instances starting together seal each PIN once. Returns
 * how many rooms were rewritten; the routing cache of a rewritten room still holds the clear PIN until its TTL, which
 * {@link ConferencePins#open} reads as it is.
 */
public final class PinEncryption {

    private static final Logger log = LoggerFactory.getLogger(PinEncryption.class);

    private PinEncryption() {
    }

    public static int run(DSLContext dsl, ConferencePins pins) {
        int rewritten = dsl.transactionResult(trx -> {
            DSLContext all = CrossTenantQuery.MAINTENANCE.dsl(trx.dsl());
            int count = 0;
            for (Record4<Long, Long, String, String> row : all.select(CONFERENCE_ROOMS.ID, CONFERENCE_ROOMS.ORGANIZATION_ID,
                            CONFERENCE_ROOMS.PIN, CONFERENCE_ROOMS.HOST_PIN)
                    .from(CONFERENCE_ROOMS)
                    .where(CONFERENCE_ROOMS.PIN.notLike("v1:%").or(CONFERENCE_ROOMS.HOST_PIN.notLike("v1:%")))
                    .forUpdate()
                    .fetch()) {
                long org = row.value2();
                all.update(CONFERENCE_ROOMS)
                        .set(CONFERENCE_ROOMS.PIN, seal(pins, row.value3(), "pin", org))
                        .set(CONFERENCE_ROOMS.HOST_PIN, seal(pins, row.value4(), "host_pin", org))
                        .where(CONFERENCE_ROOMS.ORGANIZATION_ID.eq(org))
                        .and(CONFERENCE_ROOMS.ID.eq(row.value1()))
                        .execute();
                count++;
            }
            return count;
        });
        if (rewritten > 0) {
            log.info("conference PINs of {} room(s) encrypted at rest", rewritten);
        }
        return rewritten;
    }

    private static String seal(ConferencePins pins, String stored, String column, long org) {
        return stored == null || Secrets.isSealed(stored) ? stored : pins.seal(stored, column, org);
    }
}
