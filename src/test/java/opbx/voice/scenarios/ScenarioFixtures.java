package opbx.voice.scenarios;

import static opbx.db.gen.Tables.BUSINESS_HOURS_EXCEPTIONS;
import static opbx.db.gen.Tables.BUSINESS_HOURS_EXCEPTION_TIME_RANGES;
import static opbx.db.gen.Tables.BUSINESS_HOURS_SCHEDULES;
import static opbx.db.gen.Tables.BUSINESS_HOURS_SCHEDULE_DAYS;
import static opbx.db.gen.Tables.BUSINESS_HOURS_TIME_RANGES;
import static opbx.db.gen.Tables.CLOUDONIX_SETTINGS;
import static opbx.db.gen.Tables.CONFERENCE_ROOMS;
import static opbx.db.gen.Tables.DID_NUMBERS;
import static opbx.db.gen.Tables.EXTENSIONS;
import static opbx.db.gen.Tables.IVR_MENUS;
import static opbx.db.gen.Tables.IVR_MENU_OPTIONS;
import static opbx.db.gen.Tables.ORGANIZATIONS;
import static opbx.db.gen.Tables.OUTBOUND_WHITELISTS;
import static opbx.db.gen.Tables.RING_GROUPS;
import static opbx.db.gen.Tables.RING_GROUP_MEMBERS;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import opbx.auth.Tokens;
import opbx.secrets.Secrets;
import opbx.support.Fixtures;
import opbx.support.TestApp;
import org.jooq.DSLContext;
import org.jooq.JSONB;

/**
 * The §13 fixtures of the execution-plane spec, inserted as rows for a fresh set of organisations (ids in the shared
 * database are not the spec's ids, so every object is kept in a map from the spec's id to the real one). DIDs are
 * globally unique, so each world derives its numbers from a random three-digit block: the spec's +1555123000N
 * becomes {@code +1555<block>000N}.
 */
final class ScenarioFixtures {

    static final String B = "https://pbx.example.com";

    private static final Set<Integer> USED_BLOCKS = new HashSet<>();

    private ScenarioFixtures() {
    }

    /** Everything a scenario class needs: the three organisations, their keys, and the spec-to-real id maps. */
    static final class World {
        long org1;
        long org2;
        long org3;
        String k1;
        String k2;
        String k3;
        String domainName;
        UUID domainUuid;
        int block;
        int org2Block;
        final Map<Integer, Long> ext = new HashMap<>();
        final Map<Integer, Long> rg = new HashMap<>();
        final Map<Integer, Long> menu = new HashMap<>();
        final Map<Integer, Long> room = new HashMap<>();
        final Map<Integer, Long> bh = new HashMap<>();
        final Map<Integer, Long> did = new HashMap<>();
        long org2Extension;

        /** The real number of the spec's D{n} (+1555123000N, +1555123001N). */
        String d(int n) {
            return "+1555" + block + String.format("%04d", n);
        }

        /** Organisation 2's DID (the spec's +15552220001). */
        String org2Did() {
            return "+1555" + org2Block + "0001";
        }

        long ext(int specId) {
            return require(ext, specId, "extension");
        }

        long rg(int specId) {
            return require(rg, specId, "ring group");
        }

        long menu(int specId) {
            return require(menu, specId, "menu");
        }

        long room(int specId) {
            return require(room, specId, "room");
        }

        private static long require(Map<Integer, Long> map, int specId, String what) {
            Long id = map.get(specId);
            if (id == null) {
                throw new IllegalArgumentException("no " + what + " " + specId + " in the fixtures");
            }
            return id;
        }
    }

    static synchronized int freshBlock() {
        while (true) {
            int block = ThreadLocalRandom.current().nextInt(100, 999);
            if (block != 222 && block != 123 && USED_BLOCKS.add(block)) {
                return block;
            }
        }
    }

    static String randomKey() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    /** Builds the whole world on {@code app}'s database. Call before the first voice request of the class. */
    static World build(TestApp app, String label) {
        DSLContext dsl = app.dsl();
        Secrets secrets = new Secrets(app.server().appKey(), Optional.empty());
        World w = new World();
        w.block = freshBlock();
        w.org2Block = freshBlock();
        String tag = UUID.randomUUID().toString().substring(0, 8);
        Fixtures fixtures = new Fixtures(dsl);

        // Organisation 1
        w.org1 = fixtures.organization("Acme " + label);
        configureOrganization(dsl, w.org1, "active");
        w.k1 = randomKey();
        w.domainName = "acme-" + tag + ".cloudonix.net";
        w.domainUuid = UUID.randomUUID();
        settings(dsl, w.org1, w.k1, w.domainName, w.domainUuid);

        // Organisation 2: its own key and its own DID to its own extension 1001.
        w.org2 = fixtures.organization("Other " + label);
        configureOrganization(dsl, w.org2, "active");
        w.k2 = randomKey();
        settings(dsl, w.org2, w.k2, "other-" + tag + ".cloudonix.net", UUID.randomUUID());
        w.org2Extension = extension(dsl, secrets, w.org2, "1001", "user", "active", "{}", null, null, null);
        did(dsl, w.org2, w.org2Did(), "extension", "extension_id", w.org2Extension, "active");

        // Organisation 3: suspended.
        w.org3 = fixtures.organization("Suspended " + label);
        configureOrganization(dsl, w.org3, "suspended");
        w.k3 = randomKey();
        settings(dsl, w.org3, w.k3, "suspended-" + tag + ".cloudonix.net", UUID.randomUUID());

        long o = w.org1;
        // Extensions that reference nothing else.
        w.ext.put(11, extension(dsl, secrets, o, "1001", "user", "active", "{}", null, null, null));
        w.ext.put(12, extension(dsl, secrets, o, "1002", "user", "active", "{}", null, null, null));
        w.ext.put(13, extension(dsl, secrets, o, "1003", "user", "inactive", "{}", null, null, null));
        w.ext.put(14, extension(dsl, secrets, o, "1004", "user", "active", "{}", null, null, null));
        w.ext.put(50, extension(dsl, secrets, o, "5000", "ai_assistant", "active", "{}", "wss://ai.example.com/ws?a=1&b=2",
                "tok", "{\"model\":\"gpt-4\",\"barge_in\":true}"));
        w.ext.put(60, extension(dsl, secrets, o, "6000", "forward", "active", "{\"forward_to\":\"+14155550123\"}", null, null, null));
        w.ext.put(61, extension(dsl, secrets, o, "6001", "forward", "active", "{\"forward_to\":\"2000\"}", null, null, null));

        // Conference rooms.
        w.room.put(5, dsl.insertInto(CONFERENCE_ROOMS)
                .set(CONFERENCE_ROOMS.ORGANIZATION_ID, o)
                .set(CONFERENCE_ROOMS.NAME, "Room 5")
                .set(CONFERENCE_ROOMS.MAX_PARTICIPANTS, 10)
                .set(CONFERENCE_ROOMS.STATUS, "active")
                .set(CONFERENCE_ROOMS.PIN, secrets.encrypt("1234", "conference_rooms", "pin", o))
                .set(CONFERENCE_ROOMS.PIN_REQUIRED, true)
                .set(CONFERENCE_ROOMS.HOST_PIN, secrets.encrypt("9999", "conference_rooms", "host_pin", o))
                .set(CONFERENCE_ROOMS.WAIT_FOR_HOST, true)
                .set(CONFERENCE_ROOMS.MUTE_ON_ENTRY, true)
                .set(CONFERENCE_ROOMS.MUSIC_ON_HOLD, true)
                .set(CONFERENCE_ROOMS.RECORDING_ENABLED, true)
                .set(CONFERENCE_ROOMS.RECORDING_AUTO_START, true)
                .set(CONFERENCE_ROOMS.ANNOUNCE_JOIN_LEAVE, false)
                .set(CONFERENCE_ROOMS.TALK_DETECTION_ENABLED, false)
                .returning(CONFERENCE_ROOMS.ID).fetchOne(CONFERENCE_ROOMS.ID));
        w.room.put(6, dsl.insertInto(CONFERENCE_ROOMS)
                .set(CONFERENCE_ROOMS.ORGANIZATION_ID, o)
                .set(CONFERENCE_ROOMS.NAME, "Room 6")
                .set(CONFERENCE_ROOMS.MAX_PARTICIPANTS, 25)
                .set(CONFERENCE_ROOMS.STATUS, "active")
                .returning(CONFERENCE_ROOMS.ID).fetchOne(CONFERENCE_ROOMS.ID));

        // IVR menus (options later, once ring group 10 exists).
        w.menu.put(7, menu(dsl, o, "Menu 7", null, "Press 1 for sales, 2 for support", "extension", w.ext(14), "active"));
        w.menu.put(8, menu(dsl, o, "Menu 8", "prompts/billing menu.mp3", null, "hangup", null, "active"));
        w.menu.put(9, menu(dsl, o, "Menu 9", null, "Menu nine", "hangup", null, "inactive"));

        // Extensions that reference rooms and menus.
        w.ext.put(30, extension(dsl, secrets, o, "3000", "conference", "active",
                "{\"conference_room_id\":" + w.room(6) + "}", null, null, null));
        w.ext.put(40, extension(dsl, secrets, o, "4000", "ivr", "active",
                "{\"ivr_menu_id\":" + w.menu(7) + ",\"ivr_id\":" + w.menu(7) + "}", null, null, null));

        // Ring groups.
        w.rg.put(10, ringGroup(dsl, o, "Group 10", "simultaneous", 20, 1, "extension", w.ext(40), null, "active"));
        w.rg.put(11, ringGroup(dsl, o, "Group 11", "sequential", 15, 2, "hangup", null, null, "active"));
        w.rg.put(12, ringGroup(dsl, o, "Group 12", "round_robin", 15, 1, "hangup", null, null, "active"));
        w.rg.put(13, ringGroup(dsl, o, "Group 13", "simultaneous", 30, 1, "hangup", null, null, "inactive"));
        w.rg.put(14, ringGroup(dsl, o, "Group 14", "simultaneous", 30, 1, "hangup", null, null, "active"));
        w.rg.put(15, ringGroup(dsl, o, "Group 15", "simultaneous", 30, 1, "ring_group", null, w.rg(14), "active"));
        dsl.update(RING_GROUPS)
                .set(RING_GROUPS.FALLBACK_ACTION, "ring_group")
                .set(RING_GROUPS.FALLBACK_RING_GROUP_ID, w.rg(15))
                .where(RING_GROUPS.ORGANIZATION_ID.eq(o))
                .and(RING_GROUPS.ID.eq(w.rg(14)))
                .execute();
        member(dsl, o, w.rg(10), w.ext(11), 1);
        member(dsl, o, w.rg(10), w.ext(12), 2);
        member(dsl, o, w.rg(10), w.ext(13), 3);
        member(dsl, o, w.rg(11), w.ext(11), 1);
        member(dsl, o, w.rg(11), w.ext(12), 2);
        member(dsl, o, w.rg(12), w.ext(11), 1);
        member(dsl, o, w.rg(12), w.ext(12), 2);
        member(dsl, o, w.rg(12), w.ext(14), 3);

        w.ext.put(20, extension(dsl, secrets, o, "2000", "ring_group", "active",
                "{\"ring_group_id\":" + w.rg(10) + "}", null, null, null));

        // IVR options.
        option(dsl, o, w.menu(7), "1", "ring_group", w.rg(10), 1);
        option(dsl, o, w.menu(7), "2", "extension", w.ext(12), 2);
        option(dsl, o, w.menu(7), "8", "ivr_menu", w.menu(9), 3);
        option(dsl, o, w.menu(7), "9", "ivr_menu", w.menu(8), 4);
        option(dsl, o, w.menu(8), "0", "ivr_menu", w.menu(7), 1);

        // Outbound whitelist W1-W3.
        whitelist(dsl, o, "W1", "US", null, "us-trunk");
        whitelist(dsl, o, "W2", "US", "+1212", "nyc-trunk");
        whitelist(dsl, o, "W3", "IL", "05", "il-mobile");

        // Business hours 3: New York (the organisation's zone), Monday to Friday 09:00-17:00.
        long bh3 = schedule(dsl, o, "Schedule 3", "active", null, "extension", "ext-" + w.ext(20), "ivr_menu",
                "ivr-" + w.menu(7));
        for (String day : List.of("monday", "tuesday", "wednesday", "thursday", "friday")) {
            range(dsl, o, day(dsl, o, bh3, day, true), LocalTime.of(9, 0), LocalTime.of(17, 0));
        }
        day(dsl, o, bh3, "saturday", false);
        day(dsl, o, bh3, "sunday", false);
        exception(dsl, o, bh3, LocalDate.of(2025, 12, 25), "Christmas", "closed", "yearly");
        long shortDay = exception(dsl, o, bh3, LocalDate.of(2026, 1, 16), "Short day", "special_hours", "once");
        dsl.insertInto(BUSINESS_HOURS_EXCEPTION_TIME_RANGES)
                .set(BUSINESS_HOURS_EXCEPTION_TIME_RANGES.ORGANIZATION_ID, o)
                .set(BUSINESS_HOURS_EXCEPTION_TIME_RANGES.BUSINESS_HOURS_EXCEPTION_ID, shortDay)
                .set(BUSINESS_HOURS_EXCEPTION_TIME_RANGES.START_TIME, LocalTime.of(9, 0))
                .set(BUSINESS_HOURS_EXCEPTION_TIME_RANGES.END_TIME, LocalTime.of(13, 0))
                .execute();
        w.bh.put(3, bh3);

        // Business hours 4: Europe/London, only Friday 22:00-02:00.
        long bh4 = schedule(dsl, o, "Schedule 4", "active", "Europe/London", "ring_group", "rg-" + w.rg(11), "extension",
                "ext-" + w.ext(14));
        for (String day : List.of("monday", "tuesday", "wednesday", "thursday", "saturday", "sunday")) {
            day(dsl, o, bh4, day, false);
        }
        range(dsl, o, day(dsl, o, bh4, "friday", true), LocalTime.of(22, 0), LocalTime.of(2, 0));
        w.bh.put(4, bh4);

        // Business hours 5: inactive (always open).
        w.bh.put(5, schedule(dsl, o, "Schedule 5", "inactive", null, "extension", "ext-" + w.ext(11), "extension",
                "ext-" + w.ext(12)));

        // DIDs D1-D13.
        w.did.put(1, did(dsl, o, w.d(1), "extension", "extension_id", w.ext(11), "active"));
        w.did.put(2, did(dsl, o, w.d(2), "ring_group", "ring_group_id", w.rg(10), "active"));
        w.did.put(3, did(dsl, o, w.d(3), "business_hours", "business_hours_schedule_id", bh3, "active"));
        w.did.put(4, did(dsl, o, w.d(4), "ivr_menu", "ivr_menu_id", w.menu(7), "active"));
        w.did.put(5, did(dsl, o, w.d(5), "conference_room", "conference_room_id", w.room(5), "active"));
        w.did.put(6, did(dsl, o, w.d(6), "extension", "extension_id", w.ext(20), "active"));
        w.did.put(7, did(dsl, o, w.d(7), "extension", "extension_id", w.ext(11), "inactive"));
        w.did.put(8, did(dsl, o, w.d(8), "ring_group", "ring_group_id", w.rg(14), "active"));
        w.did.put(9, did(dsl, o, w.d(9), "business_hours", "business_hours_schedule_id", bh4, "active"));
        w.did.put(10, did(dsl, o, w.d(10), "business_hours", "business_hours_schedule_id", w.bh.get(5), "active"));
        w.did.put(11, did(dsl, o, w.d(11), "ring_group", "ring_group_id", w.rg(11), "active"));
        w.did.put(12, did(dsl, o, w.d(12), "ring_group", "ring_group_id", w.rg(13), "active"));
        w.did.put(13, did(dsl, o, w.d(13), "ring_group", "ring_group_id", w.rg(12), "active"));
        return w;
    }

    private static void configureOrganization(DSLContext dsl, long org, String status) {
        dsl.update(ORGANIZATIONS)
                .set(ORGANIZATIONS.TIMEZONE, "America/New_York")
                .set(ORGANIZATIONS.SETTINGS, JSONB.valueOf("{\"default_country\":\"US\"}"))
                .set(ORGANIZATIONS.STATUS, status)
                .where(ORGANIZATIONS.ID.eq(org))
                .execute();
    }

    private static void settings(DSLContext dsl, long org, String key, String domainName, UUID domainUuid) {
        dsl.insertInto(CLOUDONIX_SETTINGS)
                .set(CLOUDONIX_SETTINGS.ORGANIZATION_ID, org)
                .set(CLOUDONIX_SETTINGS.DOMAIN_UUID, domainUuid)
                .set(CLOUDONIX_SETTINGS.DOMAIN_NAME, domainName)
                .set(CLOUDONIX_SETTINGS.DOMAIN_REQUESTS_API_KEY, "v1:x")
                .set(CLOUDONIX_SETTINGS.DOMAIN_REQUESTS_API_KEY_HASH, Tokens.sha256Hex(key))
                .set(CLOUDONIX_SETTINGS.WEBHOOK_BASE_URL, B + "/")
                .execute();
    }

    static long extension(DSLContext dsl, Secrets secrets, long org, String number, String type, String status,
                                  String configuration, String serviceUrl, String serviceToken, String serviceParams) {
        return dsl.insertInto(EXTENSIONS)
                .set(EXTENSIONS.ORGANIZATION_ID, org)
                .set(EXTENSIONS.EXTENSION_NUMBER, number)
                .set(EXTENSIONS.TYPE, type)
                .set(EXTENSIONS.STATUS, status)
                .set(EXTENSIONS.CONFIGURATION, JSONB.valueOf(configuration))
                .set(EXTENSIONS.SIP_PASSWORD, secrets.encrypt("SipPass" + number + "x9", "extensions", "sip_password", org))
                .set(EXTENSIONS.SERVICE_URL, serviceUrl)
                .set(EXTENSIONS.SERVICE_TOKEN,
                        serviceToken == null ? null : secrets.encrypt(serviceToken, "extensions", "service_token", org))
                .set(EXTENSIONS.SERVICE_PARAMS, serviceParams == null ? null : JSONB.valueOf(serviceParams))
                .returning(EXTENSIONS.ID)
                .fetchOne(EXTENSIONS.ID);
    }

    static long menu(DSLContext dsl, long org, String name, String audio, String tts, String failoverType,
                             Long failoverId, String status) {
        return dsl.insertInto(IVR_MENUS)
                .set(IVR_MENUS.ORGANIZATION_ID, org)
                .set(IVR_MENUS.NAME, name)
                .set(IVR_MENUS.AUDIO_FILE_PATH, audio)
                .set(IVR_MENUS.TTS_TEXT, tts)
                .set(IVR_MENUS.FAILOVER_DESTINATION_TYPE, failoverType)
                .set(IVR_MENUS.FAILOVER_DESTINATION_ID, failoverId)
                .set(IVR_MENUS.STATUS, status)
                .returning(IVR_MENUS.ID)
                .fetchOne(IVR_MENUS.ID);
    }

    static void option(DSLContext dsl, long org, long menu, String digits, String type, long target, int priority) {
        dsl.insertInto(IVR_MENU_OPTIONS)
                .set(IVR_MENU_OPTIONS.ORGANIZATION_ID, org)
                .set(IVR_MENU_OPTIONS.IVR_MENU_ID, menu)
                .set(IVR_MENU_OPTIONS.INPUT_DIGITS, digits)
                .set(IVR_MENU_OPTIONS.DESTINATION_TYPE, type)
                .set(IVR_MENU_OPTIONS.DESTINATION_ID, target)
                .set(IVR_MENU_OPTIONS.PRIORITY, (short) priority)
                .execute();
    }

    static long ringGroup(DSLContext dsl, long org, String name, String strategy, int timeout, int turns,
                                  String fallbackAction, Long fallbackExtension, Long fallbackGroup, String status) {
        return dsl.insertInto(RING_GROUPS)
                .set(RING_GROUPS.ORGANIZATION_ID, org)
                .set(RING_GROUPS.NAME, name)
                .set(RING_GROUPS.STRATEGY, strategy)
                .set(RING_GROUPS.TIMEOUT, timeout)
                .set(RING_GROUPS.RING_TURNS, turns)
                .set(RING_GROUPS.FALLBACK_ACTION, fallbackAction)
                .set(RING_GROUPS.FALLBACK_EXTENSION_ID, fallbackExtension)
                .set(RING_GROUPS.FALLBACK_RING_GROUP_ID, fallbackGroup)
                .set(RING_GROUPS.STATUS, status)
                .returning(RING_GROUPS.ID)
                .fetchOne(RING_GROUPS.ID);
    }

    static void member(DSLContext dsl, long org, long group, long extension, int priority) {
        dsl.insertInto(RING_GROUP_MEMBERS)
                .set(RING_GROUP_MEMBERS.ORGANIZATION_ID, org)
                .set(RING_GROUP_MEMBERS.RING_GROUP_ID, group)
                .set(RING_GROUP_MEMBERS.EXTENSION_ID, extension)
                .set(RING_GROUP_MEMBERS.PRIORITY, (short) priority)
                .execute();
    }

    private static void whitelist(DSLContext dsl, long org, String name, String country, String prefix, String trunk) {
        dsl.insertInto(OUTBOUND_WHITELISTS)
                .set(OUTBOUND_WHITELISTS.ORGANIZATION_ID, org)
                .set(OUTBOUND_WHITELISTS.NAME, name)
                .set(OUTBOUND_WHITELISTS.DESTINATION_COUNTRY, country)
                .set(OUTBOUND_WHITELISTS.DESTINATION_PREFIX, prefix)
                .set(OUTBOUND_WHITELISTS.OUTBOUND_TRUNK_NAME, trunk)
                .execute();
    }

    static long schedule(DSLContext dsl, long org, String name, String status, String timezone, String openType,
                                 String openTarget, String closedType, String closedTarget) {
        return dsl.insertInto(BUSINESS_HOURS_SCHEDULES)
                .set(BUSINESS_HOURS_SCHEDULES.ORGANIZATION_ID, org)
                .set(BUSINESS_HOURS_SCHEDULES.NAME, name)
                .set(BUSINESS_HOURS_SCHEDULES.STATUS, status)
                .set(BUSINESS_HOURS_SCHEDULES.TIMEZONE, timezone)
                .set(BUSINESS_HOURS_SCHEDULES.OPEN_HOURS_ACTION, JSONB.valueOf("{\"target_id\":\"" + openTarget + "\"}"))
                .set(BUSINESS_HOURS_SCHEDULES.OPEN_HOURS_ACTION_TYPE, openType)
                .set(BUSINESS_HOURS_SCHEDULES.CLOSED_HOURS_ACTION, JSONB.valueOf("{\"target_id\":\"" + closedTarget + "\"}"))
                .set(BUSINESS_HOURS_SCHEDULES.CLOSED_HOURS_ACTION_TYPE, closedType)
                .returning(BUSINESS_HOURS_SCHEDULES.ID)
                .fetchOne(BUSINESS_HOURS_SCHEDULES.ID);
    }

    private static long day(DSLContext dsl, long org, long schedule, String day, boolean enabled) {
        return dsl.insertInto(BUSINESS_HOURS_SCHEDULE_DAYS)
                .set(BUSINESS_HOURS_SCHEDULE_DAYS.ORGANIZATION_ID, org)
                .set(BUSINESS_HOURS_SCHEDULE_DAYS.BUSINESS_HOURS_SCHEDULE_ID, schedule)
                .set(BUSINESS_HOURS_SCHEDULE_DAYS.DAY_OF_WEEK, day)
                .set(BUSINESS_HOURS_SCHEDULE_DAYS.ENABLED, enabled)
                .returning(BUSINESS_HOURS_SCHEDULE_DAYS.ID)
                .fetchOne(BUSINESS_HOURS_SCHEDULE_DAYS.ID);
    }

    private static void range(DSLContext dsl, long org, long day, LocalTime start, LocalTime end) {
        dsl.insertInto(BUSINESS_HOURS_TIME_RANGES)
                .set(BUSINESS_HOURS_TIME_RANGES.ORGANIZATION_ID, org)
                .set(BUSINESS_HOURS_TIME_RANGES.BUSINESS_HOURS_SCHEDULE_DAY_ID, day)
                .set(BUSINESS_HOURS_TIME_RANGES.START_TIME, start)
                .set(BUSINESS_HOURS_TIME_RANGES.END_TIME, end)
                .execute();
    }

    private static long exception(DSLContext dsl, long org, long schedule, LocalDate date, String name, String type,
                                  String recurrence) {
        return dsl.insertInto(BUSINESS_HOURS_EXCEPTIONS)
                .set(BUSINESS_HOURS_EXCEPTIONS.ORGANIZATION_ID, org)
                .set(BUSINESS_HOURS_EXCEPTIONS.BUSINESS_HOURS_SCHEDULE_ID, schedule)
                .set(BUSINESS_HOURS_EXCEPTIONS.DATE, date)
                .set(BUSINESS_HOURS_EXCEPTIONS.NAME, name)
                .set(BUSINESS_HOURS_EXCEPTIONS.TYPE, type)
                .set(BUSINESS_HOURS_EXCEPTIONS.RECURRENCE, recurrence)
                .returning(BUSINESS_HOURS_EXCEPTIONS.ID)
                .fetchOne(BUSINESS_HOURS_EXCEPTIONS.ID);
    }

    static long did(DSLContext dsl, long org, String number, String type, String key, long target, String status) {
        return dsl.insertInto(DID_NUMBERS)
                .set(DID_NUMBERS.ORGANIZATION_ID, org)
                .set(DID_NUMBERS.PHONE_NUMBER, number)
                .set(DID_NUMBERS.ROUTING_TYPE, type)
                .set(DID_NUMBERS.ROUTING_CONFIG, JSONB.valueOf("{\"" + key + "\":" + target + "}"))
                .set(DID_NUMBERS.STATUS, status)
                .returning(DID_NUMBERS.ID)
                .fetchOne(DID_NUMBERS.ID);
    }
}
