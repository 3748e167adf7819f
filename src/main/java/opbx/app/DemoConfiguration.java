package opbx.app;

import static opbx.db.gen.Tables.BUSINESS_HOURS_SCHEDULES;
import static opbx.db.gen.Tables.BUSINESS_HOURS_SCHEDULE_DAYS;
import static opbx.db.gen.Tables.BUSINESS_HOURS_TIME_RANGES;
import static opbx.db.gen.Tables.CLOUDONIX_SETTINGS;
import static opbx.db.gen.Tables.DID_NUMBERS;
import static opbx.db.gen.Tables.EXTENSIONS;
import static opbx.db.gen.Tables.IVR_MENUS;
import static opbx.db.gen.Tables.IVR_MENU_OPTIONS;
import static opbx.db.gen.Tables.RING_GROUPS;
import static opbx.db.gen.Tables.RING_GROUP_MEMBERS;

import java.time.LocalTime;
import java.util.List;
import opbx.auth.Tokens;
import opbx.extensions.SipPasswords;
import opbx.secrets.Secrets;
import org.jooq.DSLContext;
import org.jooq.JSONB;

/**
 * A small working call flow for the demo organisation, so the quick start can place a call at once: two user
 * extensions in a ring group, an IVR menu, office hours in front of them, one DID, and a domain requests key.
 */
final class DemoConfiguration {

    static final String DID = "+15550100001";

    private final Secrets secrets;
    private final SipPasswords sipPasswords = new SipPasswords();

    DemoConfiguration(Secrets secrets) {
        this.secrets = secrets;
    }

    /** Writes the configuration in the caller's transaction; returns the plain requests key (shown once). */
    String create(DSLContext trx, long org) {
        long alice = extension(trx, org, "1001");
        long bob = extension(trx, org, "1002");
        long sales = trx.insertInto(RING_GROUPS)
                .set(RING_GROUPS.ORGANIZATION_ID, org)
                .set(RING_GROUPS.NAME, "Sales")
                .set(RING_GROUPS.TIMEOUT, 20)
                .returning(RING_GROUPS.ID).fetchOne(RING_GROUPS.ID);
        short priority = 1;
        for (long member : List.of(alice, bob)) {
            trx.insertInto(RING_GROUP_MEMBERS)
                    .set(RING_GROUP_MEMBERS.ORGANIZATION_ID, org)
                    .set(RING_GROUP_MEMBERS.RING_GROUP_ID, sales)
                    .set(RING_GROUP_MEMBERS.EXTENSION_ID, member)
                    .set(RING_GROUP_MEMBERS.PRIORITY, priority++)
                    .execute();
        }
        long menu = trx.insertInto(IVR_MENUS)
                .set(IVR_MENUS.ORGANIZATION_ID, org)
                .set(IVR_MENUS.NAME, "Main menu")
                .set(IVR_MENUS.TTS_TEXT, "Thanks for calling. Press 1 for sales, 2 for Bob.")
                // A caller who keys nothing valid three times gets Alice rather than a hang-up.
                .set(IVR_MENUS.FAILOVER_DESTINATION_TYPE, "extension")
                .set(IVR_MENUS.FAILOVER_DESTINATION_ID, alice)
                .returning(IVR_MENUS.ID).fetchOne(IVR_MENUS.ID);
        option(trx, org, menu, "1", "ring_group", sales);
        option(trx, org, menu, "2", "extension", bob);
        long office = trx.insertInto(BUSINESS_HOURS_SCHEDULES)
                .set(BUSINESS_HOURS_SCHEDULES.ORGANIZATION_ID, org)
                .set(BUSINESS_HOURS_SCHEDULES.NAME, "Office hours")
                .set(BUSINESS_HOURS_SCHEDULES.OPEN_HOURS_ACTION_TYPE, "ivr_menu")
                .set(BUSINESS_HOURS_SCHEDULES.OPEN_HOURS_ACTION, JSONB.valueOf("{\"target_id\":\"ivr-" + menu + "\"}"))
                .set(BUSINESS_HOURS_SCHEDULES.CLOSED_HOURS_ACTION_TYPE, "extension")
                .set(BUSINESS_HOURS_SCHEDULES.CLOSED_HOURS_ACTION, JSONB.valueOf("{\"target_id\":\"ext-" + bob + "\"}"))
                .returning(BUSINESS_HOURS_SCHEDULES.ID).fetchOne(BUSINESS_HOURS_SCHEDULES.ID);
        for (String day : List.of("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")) {
            boolean weekday = !day.startsWith("s");
            long row = trx.insertInto(BUSINESS_HOURS_SCHEDULE_DAYS)
                    .set(BUSINESS_HOURS_SCHEDULE_DAYS.ORGANIZATION_ID, org)
                    .set(BUSINESS_HOURS_SCHEDULE_DAYS.BUSINESS_HOURS_SCHEDULE_ID, office)
                    .set(BUSINESS_HOURS_SCHEDULE_DAYS.DAY_OF_WEEK, day)
                    .set(BUSINESS_HOURS_SCHEDULE_DAYS.ENABLED, weekday)
                    .returning(BUSINESS_HOURS_SCHEDULE_DAYS.ID).fetchOne(BUSINESS_HOURS_SCHEDULE_DAYS.ID);
            if (weekday) {
                trx.insertInto(BUSINESS_HOURS_TIME_RANGES)
                        .set(BUSINESS_HOURS_TIME_RANGES.ORGANIZATION_ID, org)
                        .set(BUSINESS_HOURS_TIME_RANGES.BUSINESS_HOURS_SCHEDULE_DAY_ID, row)
                        .set(BUSINESS_HOURS_TIME_RANGES.START_TIME, LocalTime.of(9, 0))
                        .set(BUSINESS_HOURS_TIME_RANGES.END_TIME, LocalTime.of(17, 0))
                        .execute();
            }
        }
        trx.insertInto(DID_NUMBERS)
                .set(DID_NUMBERS.ORGANIZATION_ID, org)
                .set(DID_NUMBERS.PHONE_NUMBER, DID)
                .set(DID_NUMBERS.FRIENDLY_NAME, "Main number")
                .set(DID_NUMBERS.ROUTING_TYPE, "business_hours")
                .set(DID_NUMBERS.ROUTING_CONFIG, JSONB.valueOf("{\"business_hours_schedule_id\":" + office + "}"))
                .execute();
        String key = Tokens.newSecret().substring(0, 32);
        trx.insertInto(CLOUDONIX_SETTINGS)
                .set(CLOUDONIX_SETTINGS.ORGANIZATION_ID, org)
                .set(CLOUDONIX_SETTINGS.DOMAIN_REQUESTS_API_KEY, secrets.encrypt(key, "cloudonix_settings",
                        "domain_requests_api_key", org))
                .set(CLOUDONIX_SETTINGS.DOMAIN_REQUESTS_API_KEY_HASH, Tokens.sha256Hex(key))
                .execute();
        return key;
    }

    private long extension(DSLContext trx, long org, String number) {
        return trx.insertInto(EXTENSIONS)
                .set(EXTENSIONS.ORGANIZATION_ID, org)
                .set(EXTENSIONS.EXTENSION_NUMBER, number)
                .set(EXTENSIONS.TYPE, "user")
                .set(EXTENSIONS.SIP_PASSWORD, secrets.encrypt(sipPasswords.generate(), "extensions", "sip_password", org))
                .returning(EXTENSIONS.ID).fetchOne(EXTENSIONS.ID);
    }

    private static void option(DSLContext trx, long org, long menu, String digits, String type, long destination) {
        trx.insertInto(IVR_MENU_OPTIONS)
                .set(IVR_MENU_OPTIONS.ORGANIZATION_ID, org)
                .set(IVR_MENU_OPTIONS.IVR_MENU_ID, menu)
                .set(IVR_MENU_OPTIONS.INPUT_DIGITS, digits)
                .set(IVR_MENU_OPTIONS.DESTINATION_TYPE, type)
                .set(IVR_MENU_OPTIONS.DESTINATION_ID, destination)
                .set(IVR_MENU_OPTIONS.PRIORITY, (short) Integer.parseInt(digits))
                .execute();
    }
}
