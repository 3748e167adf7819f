package opbx.ivr;

import static opbx.db.gen.Tables.AUDIT_LOG;
import static opbx.db.gen.Tables.CLOUDONIX_SETTINGS;
import static opbx.db.gen.Tables.CONFERENCE_ROOMS;
import static opbx.db.gen.Tables.EXTENSIONS;
import static opbx.db.gen.Tables.IVR_MENUS;
import static opbx.db.gen.Tables.IVR_MENU_OPTIONS;
import static opbx.db.gen.Tables.RING_GROUPS;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import opbx.db.gen.tables.records.AuditLogRecord;
import opbx.db.gen.tables.records.IvrMenuOptionsRecord;
import opbx.db.gen.tables.records.IvrMenusRecord;
import opbx.support.HttpTestClient.Response;
import opbx.support.HttpTestClient;
import opbx.support.Rows;
import org.jooq.DSLContext;

/**
 * Rows the IVR tests need, written straight to the database (extensions, ring groups, rooms and phone numbers belong
 * to other features), and reads of what the API wrote. Every statement is scoped by organisation.
 */
final class IvrMenuRows {

    static final String PATH = "/api/v1/ivr-menus";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final DSLContext dsl;
    private final long org;

    IvrMenuRows(DSLContext dsl, long org) {
        this.dsl = dsl;
        this.org = org;
    }

    long extension(String number) {
        return extension(number, "active");
    }

    long extension(String number, String status) {
        return dsl.insertInto(EXTENSIONS)
                .set(EXTENSIONS.ORGANIZATION_ID, org)
                .set(EXTENSIONS.EXTENSION_NUMBER, number)
                .set(EXTENSIONS.TYPE, "user")
                .set(EXTENSIONS.STATUS, status)
                .set(EXTENSIONS.SIP_PASSWORD, "v1:x")
                .returning(EXTENSIONS.ID)
                .fetchOne(EXTENSIONS.ID);
    }

    void setExtensionStatus(long id, String status) {
        dsl.update(EXTENSIONS)
                .set(EXTENSIONS.STATUS, status)
                .where(EXTENSIONS.ORGANIZATION_ID.eq(org))
                .and(EXTENSIONS.ID.eq(id))
                .execute();
    }

    long ringGroup(String name) {
        return ringGroup(name, "active");
    }

    long ringGroup(String name, String status) {
        return dsl.insertInto(RING_GROUPS)
                .set(RING_GROUPS.ORGANIZATION_ID, org)
                .set(RING_GROUPS.NAME, name)
                .set(RING_GROUPS.STATUS, status)
                .returning(RING_GROUPS.ID)
                .fetchOne(RING_GROUPS.ID);
    }

    long conferenceRoom(String name) {
        return dsl.insertInto(CONFERENCE_ROOMS)
                .set(CONFERENCE_ROOMS.ORGANIZATION_ID, org)
                .set(CONFERENCE_ROOMS.NAME, name)
                .returning(CONFERENCE_ROOMS.ID)
                .fetchOne(CONFERENCE_ROOMS.ID);
    }

    /** A menu written directly (no options), for targets and foreign rows. */
    long menuRow(String name, String status) {
        return Rows.ivrMenu(dsl, org, name, status);
    }

    /** A DID routed to the menu; returns its number, unique across all organisations (retried on a clash). */
    String didTo(long menuId) {
        return Rows.did(dsl, org, "+1718555", "ivr_menu", "ivr_menu_id", menuId);
    }

    /** Cloudonix settings of the organisation; a null key or uuid leaves the settings incomplete. */
    void cloudonixSettings(UUID domainUuid, String domainApiKey) {
        dsl.insertInto(CLOUDONIX_SETTINGS)
                .set(CLOUDONIX_SETTINGS.ORGANIZATION_ID, org)
                .set(CLOUDONIX_SETTINGS.DOMAIN_UUID, domainUuid)
                .set(CLOUDONIX_SETTINGS.DOMAIN_API_KEY, domainApiKey)
                .execute();
    }

    /** Points every option of the menu at one destination, bypassing the API's checks (data older than them). */
    void pointOptionsAt(long menuId, String type, long destinationId) {
        dsl.update(IVR_MENU_OPTIONS)
                .set(IVR_MENU_OPTIONS.DESTINATION_TYPE, type)
                .set(IVR_MENU_OPTIONS.DESTINATION_ID, destinationId)
                .where(IVR_MENU_OPTIONS.ORGANIZATION_ID.eq(org))
                .and(IVR_MENU_OPTIONS.IVR_MENU_ID.eq(menuId))
                .execute();
    }

    IvrMenusRecord menu(long id) {
        return dsl.selectFrom(IVR_MENUS)
                .where(IVR_MENUS.ORGANIZATION_ID.eq(org))
                .and(IVR_MENUS.ID.eq(id))
                .fetchOne();
    }

    List<IvrMenuOptionsRecord> options(long menuId) {
        return dsl.selectFrom(IVR_MENU_OPTIONS)
                .where(IVR_MENU_OPTIONS.ORGANIZATION_ID.eq(org))
                .and(IVR_MENU_OPTIONS.IVR_MENU_ID.eq(menuId))
                .orderBy(IVR_MENU_OPTIONS.PRIORITY, IVR_MENU_OPTIONS.ID)
                .fetch();
    }

    int menuCount() {
        return dsl.fetchCount(IVR_MENUS, IVR_MENUS.ORGANIZATION_ID.eq(org));
    }

    List<AuditLogRecord> audit(String action, long menuId) {
        return dsl.selectFrom(AUDIT_LOG)
                .where(AUDIT_LOG.ORGANIZATION_ID.eq(org))
                .and(AUDIT_LOG.ACTION.eq(action))
                .and(AUDIT_LOG.ENTITY_ID.eq(String.valueOf(menuId)))
                .orderBy(AUDIT_LOG.ID)
                .fetch();
    }

    /** An option element of a request body. */
    static Map<String, Object> option(Object digits, String type, Object destinationId) {
        Map<String, Object> option = new LinkedHashMap<>();
        option.put("input_digits", digits);
        option.put("destination_type", type);
        option.put("destination_id", destinationId);
        return option;
    }

    /** A create body with a TTS prompt and the given options. */
    static Map<String, Object> menu(String name, List<Map<String, Object>> options) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("tts_text", "Press 1 for sales.");
        body.put("options", options);
        return body;
    }

    /** Creates a menu through the API and returns its id. */
    static long create(HttpTestClient http, Map<String, Object> body) {
        Response response = http.postJson(PATH, json(body));
        if (response.status() != 201) {
            throw new AssertionError("create failed: " + response.status() + " " + response.body());
        }
        return response.json().path("data").path("id").asLong();
    }

    static Response patch(HttpTestClient http, String path, String body) {
        return http.send("PATCH", path, body, "application/json", Map.of());
    }

    static String json(Map<String, Object> body) {
        try {
            return MAPPER.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
