package opbx.support;

import static opbx.db.gen.Tables.DID_NUMBERS;
import static opbx.db.gen.Tables.IVR_MENUS;

import java.util.concurrent.ThreadLocalRandom;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.exception.DataAccessException;

/** Rows the configuration tests write directly, one organisation at a time. */
public final class Rows {

    private Rows() {
    }

    /** A menu with a TTS prompt and no options. */
    public static long ivrMenu(DSLContext dsl, long org, String name, String status) {
        return dsl.insertInto(IVR_MENUS)
                .set(IVR_MENUS.ORGANIZATION_ID, org)
                .set(IVR_MENUS.NAME, name)
                .set(IVR_MENUS.TTS_TEXT, "Hello")
                .set(IVR_MENUS.STATUS, status)
                .returning(IVR_MENUS.ID)
                .fetchOne(IVR_MENUS.ID);
    }

    /**
     * A DID routed to {@code (routingType, key = id)}; returns its number. Numbers are unique across all
     * organisations, so a random one is retried on a clash.
     */
    public static String did(DSLContext dsl, long org, String areaPrefix, String routingType, String key, long id) {
        for (int attempt = 0; ; attempt++) {
            String number = areaPrefix + String.format("%04d", ThreadLocalRandom.current().nextInt(10_000));
            try {
                dsl.insertInto(DID_NUMBERS)
                        .set(DID_NUMBERS.ORGANIZATION_ID, org)
                        .set(DID_NUMBERS.PHONE_NUMBER, number)
                        .set(DID_NUMBERS.ROUTING_TYPE, routingType)
                        .set(DID_NUMBERS.ROUTING_CONFIG, JSONB.valueOf("{\"" + key + "\":" + id + "}"))
                        .execute();
                return number;
            } catch (DataAccessException e) {
                if (!"23505".equals(e.sqlState()) || attempt > 20) {
                    throw e;
                }
            }
        }
    }
}
