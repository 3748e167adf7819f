package opbx.badinput;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import opbx.access.Role;
import opbx.support.HttpTestClient;
import opbx.support.HttpTestClient.Response;
import opbx.support.Identity;
import opbx.support.TestApp;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * A fresh organisation with one record of every kind, created through the API as its owner, plus a voice key and a
 * webhook domain, so every write route has something valid to start from and every id route a real id of this org.
 */
final class BadInputWorld {

    /** Tenant tables whose rows the refused requests must leave alone. */
    static final List<String> TABLES = List.of("users", "extensions", "conference_rooms", "ring_groups", "ivr_menus",
            "outbound_whitelists", "business_hours_schedules", "did_numbers", "cloudonix_settings", "session_updates",
            "call_detail_records", "call_logs");

    final TestApp app;
    final Identity.Team team;
    final long org;
    final HttpTestClient owner;
    final Identity.Member loginVictim;
    final String voiceKey = "bi-key-" + UUID.randomUUID().toString().replace("-", "");
    final String domainName = "bi" + UUID.randomUUID().toString().substring(0, 8) + ".cloudonix.net";
    final String domainUuid = UUID.randomUUID().toString();
    final String did;
    final Map<String, Long> ids = new LinkedHashMap<>();

    BadInputWorld(TestApp app, String name) {
        this.app = app;
        this.team = Identity.team(app, name);
        this.org = team.organizationId();
        this.owner = team.owner().http();
        this.loginVictim = Identity.member(app, org, Role.REPORTER);
        created("settings", owner.put("/api/v1/settings/cloudonix", "{\"domain_uuid\":\"" + domainUuid
                + "\",\"domain_name\":\"" + domainName + "\",\"domain_requests_api_key\":\"" + voiceKey
                + "\",\"webhook_secret\":\"whsec-" + UUID.randomUUID() + "\"}"));
        ids.put("users", Identity.member(app, org, Role.PBX_USER).userId());
        ids.put("extensions", id(owner.postJson("/api/v1/extensions",
                "{\"extension_number\":\"1001\",\"type\":\"user\"}"), "extension"));
        ids.put("extensions.spare", id(owner.postJson("/api/v1/extensions",
                "{\"extension_number\":\"1002\",\"type\":\"user\"}"), "extension"));
        long extension = ids.get("extensions");
        ids.put("ring-groups", id(owner.postJson("/api/v1/ring-groups",
                "{\"name\":\"Sales\",\"members\":[{\"extension_id\":" + extension + "}]}"), "data"));
        ids.put("conference-rooms", id(owner.postJson("/api/v1/conference-rooms", "{\"name\":\"Board\"}"), "data"));
        ids.put("ivr-menus", id(owner.postJson("/api/v1/ivr-menus", "{\"name\":\"Main\",\"tts_text\":\"Hi\","
                + "\"options\":[{\"input_digits\":\"1\",\"destination_type\":\"ring_group\",\"destination_id\":"
                + ids.get("ring-groups") + "}]}"), "data"));
        ids.put("business-hours", id(owner.postJson("/api/v1/business-hours", "{\"name\":\"Office\","
                + "\"open_hours_action\":{\"type\":\"extension\",\"target_id\":\"ext-" + extension + "\"},"
                + "\"closed_hours_action\":{\"type\":\"extension\",\"target_id\":\"ext-" + extension + "\"},"
                + "\"schedule\":{\"monday\":{\"enabled\":true,\"time_ranges\":[{\"start_time\":\"09:00\",\"end_time\":\"17:00\"}]}}}"),
                "data"));
        ids.put("outbound-whitelist", id(owner.postJson("/api/v1/outbound-whitelist", "{\"name\":\"France\","
                + "\"destination_country\":\"FR\",\"outbound_trunk_name\":\"trunk-1\"}"), "data"));
        Response number = null;
        String candidate = null;
        for (int attempt = 0; attempt < 20; attempt++) {
            candidate = "+1212" + ThreadLocalRandom.current().nextInt(2_000_000, 9_999_999);
            number = owner.postJson("/api/v1/phone-numbers", "{\"phone_number\":\"" + candidate
                    + "\",\"routing_type\":\"extension\",\"routing_config\":{\"extension_id\":" + extension + "}}");
            if (number.status() == 201) {
                break;
            }
        }
        this.did = candidate;
        ids.put("phone-numbers", id(number, "data"));
        ids.put("call-logs", 1L);
        ids.put("call-detail-records", 1L);
        ids.put("recordings", 1L);
    }

    private static void created(String what, Response response) {
        if (response.status() >= 300) {
            throw new AssertionError(what + ": " + response.status() + " " + response.body());
        }
    }

    private static long id(Response response, String wrapper) {
        created("setup", response);
        return response.json().path(wrapper).path("id").asLong();
    }

    /** A real id of this organisation for a path such as {@code /api/v1/ring-groups/{id}} (1 where none is kept). */
    long idFor(String path) {
        for (Map.Entry<String, Long> entry : ids.entrySet()) {
            if (path.startsWith("/api/v1/" + entry.getKey() + "/")) {
                return entry.getValue();
            }
        }
        if (path.startsWith("/api/v1/call-flows/phone-numbers/")) {
            return ids.get("phone-numbers");
        }
        if (path.startsWith("/api/v1/call-flows/extensions/")) {
            return ids.get("extensions");
        }
        return 1L;
    }

    /** Replaces the one path parameter of a route with this org's id for it, or with {@code raw}. */
    String path(String route, String raw) {
        return route.replaceAll("\\{[A-Za-z]+\\}", raw == null ? String.valueOf(idFor(route)) : raw);
    }

    /** Placeholders of the valid-body table: {@code $ext}, {@code $ext2}, {@code $rg}, {@code $did}... */
    String fill(String template) {
        return template
                .replace("$ext2", String.valueOf(ids.get("extensions.spare")))
                .replace("$ext", String.valueOf(ids.get("extensions")))
                .replace("$rg", String.valueOf(ids.get("ring-groups")))
                .replace("$ivr", String.valueOf(ids.get("ivr-menus")))
                .replace("$conf", String.valueOf(ids.get("conference-rooms")))
                .replace("$rand", String.valueOf(ThreadLocalRandom.current().nextInt(2_000_000, 9_999_999)))
                .replace("$did", did)
                .replace("$domain", domainName)
                .replace("$uuid", domainUuid)
                .replace("$login", loginVictim.email())
                .replace("$unique", UUID.randomUUID().toString().substring(0, 8));
    }

    /**
     * A digest of this organisation's rows in {@code table} (of the organisation row for {@code organizations}): any
     * insert, update or delete changes it.
     */
    String fingerprint(String table) {
        DSLContext dsl = app.dsl();
        if (table.equals("organizations")) {
            // Its own columns: routing_version moves with every accepted write to the organisation's other tables.
            return dsl.fetchValue("select md5(row(\"t\".\"name\", \"t\".\"slug\", \"t\".\"status\", \"t\".\"timezone\","
                    + " \"t\".\"settings\", \"t\".\"deleted_at\", \"t\".\"updated_at\")::text) from \"organizations\" as \"t\""
                    + " where \"t\".\"id\" = ?", org).toString();
        }
        Object digest = dsl.fetchValue(DSL.field("(select md5(coalesce(string_agg(\"t\"::text, ',' order by \"t\"::text), ''))"
                + " from \"" + table + "\" as \"t\" where \"t\".\"organization_id\" = ?)", String.class, org));
        return String.valueOf(digest);
    }

    /** Fingerprints of every table this suite could write, the organisation row included. */
    Map<String, String> fingerprints(List<String> tables) {
        Map<String, String> all = new LinkedHashMap<>();
        for (String table : tables) {
            all.put(table, fingerprint(table));
        }
        all.put("organizations", fingerprint("organizations"));
        return all;
    }
}
