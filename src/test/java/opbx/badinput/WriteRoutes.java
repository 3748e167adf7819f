package opbx.badinput;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One valid body per write route, the table its refusals must leave alone, and the fields a create requires. The
 * generator in {@link Mutations} breaks these bodies; {@link BadInputTest} fails when a write route of the router is
 * neither here nor in {@link #NO_BODY}, so a new route cannot go untested.
 */
final class WriteRoutes {

    /** Control plane (JSON API), webhooks (JSON, spec execution-plane §9.1), voice (CXML, always answered). */
    enum Plane { CONTROL, WEBHOOK, VOICE }

    /**
     * A write route: {@code query} is appended to the path; {@code table} is null for routes that write nothing;
     * {@code allowed5xx} are the documented 5xx answers of the route (recordings are 501, Cloudonix down is 502);
     * {@code lenient} are fields (and their children) the spec gives no bound or type rule, where anything goes.
     */
    record Write(String method, String route, String query, String body, String table, Set<String> required,
            Plane plane, Set<Integer> allowed5xx, Set<String> lenient) {

        String key() {
            return method + " " + route;
        }
    }

    /** Routes that take no body (an action on the id, or on the caller's token): covered by the id cases only. */
    static final Set<String> NO_BODY = Set.of(
            "POST /api/v1/auth/logout", "POST /api/v1/auth/refresh",
            "POST /api/v1/business-hours/{id}/duplicate", "POST /api/v1/business-hours/{id}/restore",
            "POST /api/v1/extensions/sync", "POST /api/v1/extensions/{id}/restore",
            "PUT /api/v1/extensions/{id}/reset-password", "POST /api/v1/users/{id}/restore",
            "POST /api/v1/settings/cloudonix/generate-requests-key");

    private static final String HOURS = "\"open_hours_action\":{\"type\":\"extension\",\"target_id\":\"ext-$ext\"},"
            + "\"closed_hours_action\":{\"type\":\"ring_group\",\"target_id\":$rg},\"timezone\":\"Europe/Paris\","
            + "\"schedule\":{\"monday\":{\"enabled\":true,\"time_ranges\":[{\"start_time\":\"09:00\",\"end_time\":\"17:00\"}]}},"
            + "\"exceptions\":[{\"date\":\"2026-12-24\",\"name\":\"Eve\",\"type\":\"special_hours\",\"recurrence\":\"yearly\","
            + "\"time_ranges\":[{\"start_time\":\"09:00\",\"end_time\":\"12:00\"}]}]}";
    private static final String ROOM = "\"description\":\"d\",\"max_participants\":10,\"pin\":\"1234\",\"pin_required\":true,"
            + "\"mute_on_entry\":true,\"recording_webhook_url\":\"https://example.com/r\"}";
    private static final String MENU = "\"tts_text\":\"Hello\",\"max_timeout\":3,\"max_turns\":2,\"failover_destination_type\":"
            + "\"ring_group\",\"failover_destination_id\":$rg,\"options\":[{\"input_digits\":\"1\",\"description\":\"Sales\","
            + "\"destination_type\":\"ring_group\",\"destination_id\":$rg,\"priority\":1}]}";
    private static final String GROUP = "\"strategy\":\"sequential\",\"timeout\":20,\"ring_turns\":2,\"fallback_action\":\"extension\","
            + "\"fallback_extension_id\":$ext2,\"members\":[{\"extension_id\":$ext,\"priority\":1}]}";
    private static final String DID = "\"friendly_name\":\"Line\",\"routing_type\":\"extension\",\"routing_config\":{\"extension_id\":$ext}}";
    private static final String EXTENSION = "\"type\":\"forward\",\"status\":\"active\",\"configuration\":{\"forward_to\":\"+12125550100\"}}";

    static final List<Write> ALL = Stream.of(
            control("POST", "/api/v1/auth/login", "{\"email\":\"$login\",\"password\":\"Secret123\"}", "users",
                    "email", "password"),
            control("POST", "/api/v1/users", "{\"name\":\"Bad Input\",\"email\":\"bi-$unique@example.com\","
                    + "\"password\":\"Secret123x\",\"role\":\"pbx_user\",\"phone\":\"+1 555\"}", "users", "name", "email",
                    "password", "role"),
            update("/api/v1/users/{id}", "{\"name\":\"Victim\",\"status\":\"active\",\"role\":\"pbx_user\",\"city\":\"Paris\"}", "users"),
            update("/api/v1/profile", "{\"name\":\"Owner\",\"phone\":\"+1 555 0100\",\"postal_code\":\"75001\"}", "users"),
            // Wrong on purpose: a body that passed would change the owner's password and end the suite's session.
            control("PUT", "/api/v1/profile/password", "{\"current_password\":\"Wrong1234x\","
                    + "\"new_password\":\"NewSecret123\",\"new_password_confirmation\":\"NewSecret123\"}", "users",
                    "current_password", "new_password"),
            update("/api/v1/profile/organization", "{\"name\":\"Bad Input Org\",\"timezone\":\"Europe/Berlin\","
                    + "\"default_country\":\"DE\"}", "organizations"),
            control("POST", "/api/v1/extensions", "{\"extension_number\":\"2001\"," + EXTENSION, "extensions",
                    "extension_number", "type"),
            update("/api/v1/extensions/{id}", "{\"type\":\"user\",\"status\":\"active\",\"voicemail_enabled\":true,"
                    + "\"configuration\":{}}", "extensions"),
            control("POST", "/api/v1/conference-rooms", "{\"name\":\"Room $unique\"," + ROOM, "conference_rooms", "name"),
            update("/api/v1/conference-rooms/{id}", "{\"name\":\"Board\"," + ROOM, "conference_rooms"),
            control("POST", "/api/v1/ring-groups", "{\"name\":\"Group $unique\"," + GROUP, "ring_groups", "name", "members"),
            update("/api/v1/ring-groups/{id}", "{\"name\":\"Sales\"," + GROUP, "ring_groups"),
            control("POST", "/api/v1/ivr-menus", "{\"name\":\"Menu $unique\"," + MENU, "ivr_menus", "name", "options"),
            update("/api/v1/ivr-menus/{id}", "{\"name\":\"Main\"," + MENU, "ivr_menus"),
            control("POST", "/api/v1/business-hours", "{\"name\":\"Hours $unique\"," + HOURS, "business_hours_schedules",
                    "name", "open_hours_action", "closed_hours_action", "schedule"),
            update("/api/v1/business-hours/{id}", "{\"name\":\"Office\"," + HOURS, "business_hours_schedules"),
            control("POST", "/api/v1/outbound-whitelist", "{\"name\":\"Spain\",\"destination_country\":\"ES\","
                    + "\"destination_prefix\":\"34\",\"outbound_trunk_name\":\"trunk-2\"}", "outbound_whitelists",
                    "name", "destination_country", "outbound_trunk_name"),
            update("/api/v1/outbound-whitelist/{id}", "{\"name\":\"France\",\"destination_country\":\"FR\","
                    + "\"outbound_trunk_name\":\"trunk-1\"}", "outbound_whitelists"),
            control("POST", "/api/v1/phone-numbers", "{\"phone_number\":\"+1646$rand\"," + DID, "did_numbers",
                    "phone_number", "routing_type", "routing_config"),
            update("/api/v1/phone-numbers/{id}", "{\"status\":\"active\"," + DID, "did_numbers"),
            update("/api/v1/settings/cloudonix", "{\"domain_uuid\":\"$uuid\",\"domain_name\":\"$domain\","
                    + "\"webhook_base_url\":\"https://pbx.example.com\",\"no_answer_timeout\":30,\"recording_format\":\"mp3\","
                    + "\"accept_unauthenticated_cdr\":false,\"cloudonix_package\":\"basic\"}", "cloudonix_settings"),
            List.of(new Write("POST", "/api/v1/settings/cloudonix/validate", "", "{\"domain_uuid\":\"$uuid\","
                    + "\"domain_api_key\":\"key-1234567890\"}", "cloudonix_settings", Set.of("domain_uuid", "domain_api_key"),
                    Plane.CONTROL, Set.of(502, 503), Set.of())),
            control("POST", "/api/v1/settings/cloudonix/reveal", "{\"current_password\":\"Secret123\"}",
                    "cloudonix_settings", "current_password"),
            // A dry run that writes nothing; the spec bounds neither its digits nor its dial outcomes.
            List.of(new Write("POST", "/api/v1/call-flows/simulate", "", "{\"to\":\"$did\",\"from\":\"+12125550199\","
                    + "\"direction\":\"inbound\",\"at\":\"2026-01-16T10:00:00Z\",\"digits\":[\"1\"],"
                    + "\"dial_outcomes\":[\"no-answer\"]}", null, Set.of("to"), Plane.CONTROL, Set.of(),
                    Set.of("digits", "dial_outcomes"))),
            recordings("POST", "/api/v1/recordings"),
            recordings("PUT", "/api/v1/recordings/{id}"),
            recordings("PATCH", "/api/v1/recordings/{id}"),
            voice("/api/voice/route", "", "{\"CallSid\":\"bi-$unique\",\"From\":\"+12125550199\",\"To\":\"$did\","
                    + "\"Direction\":\"inbound\"}"),
            voice("/api/voice/ivr-input", "?menu_id=$ivr&hops=1", "{\"CallSid\":\"bi-$unique\",\"Digits\":\"1\"}"),
            voice("/api/voice/conference-pin", "?conference_room_id=$conf&attempt=1",
                    "{\"CallSid\":\"bi-$unique\",\"Digits\":\"1234\"}"),
            voice("/api/callbacks/voice/ring-group-callback", "?ring_group_id=$rg&attempt_number=1&hops=1",
                    "{\"CallSid\":\"bi-$unique\",\"CallStatus\":\"no-answer\"}"),
            voice("/api/webhooks/cloudonix/call-initiated", "", "{\"CallSid\":\"bi-$unique\",\"From\":\"+12125550199\","
                    + "\"To\":\"$did\",\"Direction\":\"inbound\"}"),
            webhook("/api/webhooks/cloudonix/session-update", "{\"id\":$rand,\"eventId\":\"e-$unique\",\"status\":\"ringing\","
                    + "\"domain\":\"$domain\",\"callerId\":\"+12125550199\",\"timeLimit\":60}", "session_updates", "id"),
            webhook("/api/webhooks/cloudonix/cdr", "{\"call_id\":\"bi-$unique\",\"domain\":\"$domain\","
                    + "\"from\":\"+12125550199\",\"duration\":3,\"disposition\":\"ANSWER\"}", "call_detail_records", "call_id"),
            webhook("/api/webhooks/cloudonix/call-status", "{\"call_id\":\"bi-$unique\",\"status\":\"ringing\"}",
                    "call_logs", "call_id", "status"))
            .flatMap(List::stream)
            .toList();

    private WriteRoutes() {
    }

    static Map<String, Write> byKey() {
        return ALL.stream().collect(Collectors.toMap(Write::key, write -> write));
    }

    private static List<Write> control(String method, String route, String body, String table, String... required) {
        return List.of(new Write(method, route, "", body, table, Set.of(required), Plane.CONTROL, Set.of(), Set.of()));
    }

    /** PUT and PATCH mean the same partial update (control-plane spec §0.1): both get every case. */
    private static List<Write> update(String route, String body, String table) {
        return List.of(new Write("PUT", route, "", body, table, Set.of(), Plane.CONTROL, Set.of(), Set.of()),
                new Write("PATCH", route, "", body, table, Set.of(), Plane.CONTROL, Set.of(), Set.of()));
    }

    private static List<Write> recordings(String method, String route) {
        return List.of(new Write(method, route, "", "{\"name\":\"greeting\",\"file\":\"a.mp3\"}", null, Set.of(), Plane.CONTROL,
                Set.of(501), Set.of()));
    }

    private static List<Write> voice(String route, String query, String body) {
        return List.of(new Write("POST", route, query, body, null, Set.of(), Plane.VOICE, Set.of(), Set.of()));
    }

    private static List<Write> webhook(String route, String body, String table, String... required) {
        return List.of(new Write("POST", route, "", body, table, Set.of(required), Plane.WEBHOOK, Set.of(), Set.of()));
    }
}
