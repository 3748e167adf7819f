package opbx.isolation;

import static opbx.access.Permission.AUDIT_READ;
import static opbx.access.Permission.AUTH_PROFILE;
import static opbx.access.Permission.CALLS_READ;
import static opbx.access.Permission.CDR_EXPORT;
import static opbx.access.Permission.EXTENSIONS_MANAGE;
import static opbx.access.Permission.EXTENSIONS_READ;
import static opbx.access.Permission.EXTENSIONS_SECRETS;
import static opbx.access.Permission.EXTENSIONS_UPDATE;
import static opbx.access.Permission.IVR_VOICES;
import static opbx.access.Permission.ORGANIZATION_UPDATE;
import static opbx.access.Permission.OWN_PASSWORD;
import static opbx.access.Permission.PBX_MANAGE;
import static opbx.access.Permission.PBX_READ;
import static opbx.access.Permission.PUBLIC;
import static opbx.access.Permission.RECORDINGS_READ;
import static opbx.access.Permission.RECORDINGS_WRITE;
import static opbx.access.Permission.SETTINGS_MANAGE;
import static opbx.access.Permission.SETTINGS_READ;
import static opbx.access.Permission.SETTINGS_SECRETS;
import static opbx.access.Permission.USERS_CREATE;
import static opbx.access.Permission.USERS_DELETE;
import static opbx.access.Permission.USERS_LIST;
import static opbx.access.Permission.USERS_UPDATE;
import static opbx.access.Permission.USERS_VIEW;

import java.util.LinkedHashMap;
import java.util.Map;
import opbx.access.Permission;

/**
 * Every route the server registers, classified once (issue 9, item 1): the control plane with the permission of
 * control-plane spec §2.2, the voice and webhook routes of execution-plane spec §1.1, the unauthenticated ones, and the
 * routes only test servers mount. {@link RouteInventoryTest} holds this table and the router to each other, so a route
 * added to the product fails the build until it is classified here, and from then on the isolation matrix calls it.
 */
final class RouteTable {

    enum Kind { CONTROL, VOICE, WEBHOOK, OPEN, TEST_ONLY }

    /** A route's class; {@code permission} only for the control plane. */
    record Entry(Kind kind, Permission permission) {
    }

    private static final Map<String, Entry> ENTRIES = new LinkedHashMap<>();

    static {
        open("GET", "/api/health");
        open("GET", "/api/voice/health");
        // The operator's scrape (issue 10): loopback or OPBX_METRICS_TOKEN, never an organisation's credentials.
        open("GET", "/metrics");
        open("GET", "/api/openapi.json");
        open("GET", "/api/docs");

        control("POST", "/api/v1/auth/login", PUBLIC);
        control("POST", "/api/v1/auth/logout", AUTH_PROFILE);
        control("GET", "/api/v1/auth/me", AUTH_PROFILE);
        control("POST", "/api/v1/auth/refresh", AUTH_PROFILE);

        control("GET", "/api/v1/profile", AUTH_PROFILE);
        control("PUT", "/api/v1/profile", AUTH_PROFILE);
        control("PATCH", "/api/v1/profile", AUTH_PROFILE);
        control("PUT", "/api/v1/profile/organization", ORGANIZATION_UPDATE);
        control("PATCH", "/api/v1/profile/organization", ORGANIZATION_UPDATE);
        control("PUT", "/api/v1/profile/password", OWN_PASSWORD);

        control("GET", "/api/v1/users", USERS_LIST);
        control("POST", "/api/v1/users", USERS_CREATE);
        control("GET", "/api/v1/users/{id}", USERS_VIEW);
        control("PUT", "/api/v1/users/{id}", USERS_UPDATE);
        control("PATCH", "/api/v1/users/{id}", USERS_UPDATE);
        control("DELETE", "/api/v1/users/{id}", USERS_DELETE);
        control("POST", "/api/v1/users/{id}/restore", USERS_DELETE);

        control("GET", "/api/v1/extensions", EXTENSIONS_READ);
        control("POST", "/api/v1/extensions", EXTENSIONS_MANAGE);
        control("GET", "/api/v1/extensions/sync/compare", EXTENSIONS_READ);
        control("POST", "/api/v1/extensions/sync", EXTENSIONS_MANAGE);
        control("GET", "/api/v1/extensions/{id}", EXTENSIONS_READ);
        control("PUT", "/api/v1/extensions/{id}", EXTENSIONS_UPDATE);
        control("PATCH", "/api/v1/extensions/{id}", EXTENSIONS_UPDATE);
        control("DELETE", "/api/v1/extensions/{id}", EXTENSIONS_MANAGE);
        control("POST", "/api/v1/extensions/{id}/restore", EXTENSIONS_MANAGE);
        control("GET", "/api/v1/extensions/{id}/password", EXTENSIONS_SECRETS);
        control("PUT", "/api/v1/extensions/{id}/reset-password", EXTENSIONS_SECRETS);

        crud("/api/v1/conference-rooms");
        crud("/api/v1/ring-groups");
        crud("/api/v1/ivr-menus");
        control("GET", "/api/v1/ivr-menus/voices", IVR_VOICES);
        crud("/api/v1/outbound-whitelist");
        crud("/api/v1/business-hours");
        control("POST", "/api/v1/business-hours/{id}/duplicate", PBX_MANAGE);
        control("POST", "/api/v1/business-hours/{id}/restore", PBX_MANAGE);
        crud("/api/v1/phone-numbers");

        control("GET", "/api/v1/call-flows/extensions/{id}", PBX_READ);
        control("GET", "/api/v1/call-flows/phone-numbers/{id}", PBX_READ);
        control("POST", "/api/v1/call-flows/simulate", PBX_MANAGE);

        control("GET", "/api/v1/call-logs", CALLS_READ);
        control("GET", "/api/v1/call-logs/active", CALLS_READ);
        control("GET", "/api/v1/call-logs/statistics", CALLS_READ);
        control("GET", "/api/v1/call-logs/{id}", CALLS_READ);
        control("GET", "/api/v1/call-detail-records", CALLS_READ);
        control("GET", "/api/v1/call-detail-records/statistics", CALLS_READ);
        control("GET", "/api/v1/call-detail-records/export", CDR_EXPORT);
        control("GET", "/api/v1/call-detail-records/{id}", CALLS_READ);
        control("GET", "/api/v1/session-updates/active", CALLS_READ);
        control("GET", "/api/v1/session-updates/active/stats", CALLS_READ);
        control("GET", "/api/v1/session-updates/{sessionId}", CALLS_READ);
        control("GET", "/api/v1/events", CALLS_READ);

        control("GET", "/api/v1/settings/cloudonix", SETTINGS_READ);
        control("PUT", "/api/v1/settings/cloudonix", SETTINGS_MANAGE);
        control("PATCH", "/api/v1/settings/cloudonix", SETTINGS_MANAGE);
        control("POST", "/api/v1/settings/cloudonix/validate", SETTINGS_MANAGE);
        control("POST", "/api/v1/settings/cloudonix/generate-requests-key", SETTINGS_SECRETS);
        control("POST", "/api/v1/settings/cloudonix/reveal", SETTINGS_SECRETS);
        control("GET", "/api/v1/settings/cloudonix/outbound-trunks", SETTINGS_READ);

        control("GET", "/api/v1/audit-log", AUDIT_READ);

        control("GET", "/api/v1/recordings", RECORDINGS_READ);
        control("POST", "/api/v1/recordings", RECORDINGS_WRITE);
        control("GET", "/api/v1/recordings/download", RECORDINGS_READ);
        control("GET", "/api/v1/recordings/{id}", RECORDINGS_READ);
        control("PUT", "/api/v1/recordings/{id}", RECORDINGS_WRITE);
        control("PATCH", "/api/v1/recordings/{id}", RECORDINGS_WRITE);
        control("DELETE", "/api/v1/recordings/{id}", RECORDINGS_WRITE);
        control("GET", "/api/v1/recordings/{id}/download", RECORDINGS_READ);

        for (String method : new String[] {"GET", "POST"}) {
            voice(method, "/api/voice/route");
            voice(method, "/api/voice/ivr-input");
            voice(method, "/api/voice/conference-pin");
            voice(method, "/api/callbacks/voice/ring-group-callback");
        }
        webhook("POST", "/api/webhooks/cloudonix/session-update");
        webhook("POST", "/api/webhooks/cloudonix/cdr");
        webhook("POST", "/api/webhooks/cloudonix/call-status");
        // Voice or webhook credentials, CXML answer (execution-plane spec §9.5).
        webhook("POST", "/api/webhooks/cloudonix/call-initiated");

        testOnly("GET", "/api/v1/test/unguarded");
        testOnly("POST", "/api/test/echo");
        testOnly("GET", "/api/test/items/{id}");
        testOnly("GET", "/api/test/boom");
    }

    private RouteTable() {
    }

    /** "METHOD path" to its class, in the order above. */
    static Map<String, Entry> entries() {
        return ENTRIES;
    }

    /** The class of a route, or null for one the table does not know. */
    static Entry of(String method, String path) {
        return ENTRIES.get(method + " " + path);
    }

    private static void crud(String path) {
        control("GET", path, PBX_READ);
        control("POST", path, PBX_MANAGE);
        control("GET", path + "/{id}", PBX_READ);
        control("PUT", path + "/{id}", PBX_MANAGE);
        control("PATCH", path + "/{id}", PBX_MANAGE);
        control("DELETE", path + "/{id}", PBX_MANAGE);
    }

    private static void control(String method, String path, Permission permission) {
        put(method, path, new Entry(Kind.CONTROL, permission));
    }

    private static void voice(String method, String path) {
        put(method, path, new Entry(Kind.VOICE, null));
    }

    private static void webhook(String method, String path) {
        put(method, path, new Entry(Kind.WEBHOOK, null));
    }

    private static void open(String method, String path) {
        put(method, path, new Entry(Kind.OPEN, null));
    }

    private static void testOnly(String method, String path) {
        put(method, path, new Entry(Kind.TEST_ONLY, null));
    }

    private static void put(String method, String path, Entry entry) {
        if (ENTRIES.put(method + " " + path, entry) != null) {
            throw new IllegalStateException("classified twice: " + method + " " + path);
        }
    }
}
