package opbx.isolation;

import static opbx.db.gen.Tables.CALL_DETAIL_RECORDS;
import static opbx.db.gen.Tables.CALL_LOGS;
import static opbx.support.TestData.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import opbx.support.HttpTestClient;
import opbx.support.HttpTestClient.Response;
import opbx.support.Identity;
import opbx.support.Identity.Team;
import opbx.support.TestApp;
import opbx.support.TestData;
import opbx.webhooks.WebhookSignature;

/**
 * One organisation holding an object of every kind, made through the API as its owner and Cloudonix would make them:
 * Cloudonix settings (domain, requests key, webhook secret), users (one of them deleted), an extension of each type
 * (and a deleted one), a conference room, a ring group with a member, an IVR menu with an option, a business-hours
 * schedule (and a deleted one), two phone numbers, an outbound whitelist entry, and one routed call with its session
 * update, call log and CDR. Every name carries {@link #marker}, so another organisation's answers can be searched for
 * it.
 */
final class TenantWorld {

    static final String SESSION_UPDATE = "/api/webhooks/cloudonix/session-update";
    static final String CDR = "/api/webhooks/cloudonix/cdr";
    static final String CALL_STATUS = "/api/webhooks/cloudonix/call-status";
    static final String CALL_INITIATED = "/api/webhooks/cloudonix/call-initiated";

    final TestApp app;
    final Team team;
    final long org;
    /** A word found in every name of this organisation and nowhere else. */
    final String marker;
    final String key;
    final String secret;
    final String domainName;
    final String domainUuid;

    final long person;
    final String personEmail;
    final long deletedUser;
    final Map<String, Long> extensions = new LinkedHashMap<>();
    final String userExtensionNumber;
    final long deletedExtension;
    final long room;
    final long ringGroup;
    final long menu;
    final long schedule;
    final long deletedSchedule;
    final long didToExtension;
    final String didNumber;
    final long didToSchedule;
    final String scheduleDidNumber;
    final long whitelist;

    final String callSid;
    final long sessionId;
    final String cdrCallId;
    final long callLog;
    final long cdr;

    /** {@code numberBase}: the first two digits of this organisation's extension numbers, e.g. "71". */
    TenantWorld(TestApp app, String label, String numberBase) {
        this.app = app;
        this.team = Identity.team(app, "Isolation " + label + " Org");
        this.org = team.organizationId();
        this.marker = "Qz" + label + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        this.key = "rk-" + UUID.randomUUID().toString().replace("-", "");
        this.secret = "whsec-" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        this.domainName = marker.toLowerCase() + ".cloudonix.net";
        this.domainUuid = UUID.randomUUID().toString();
        expect(200, owner().put("/api/v1/settings/cloudonix", json("domain_uuid", domainUuid, "domain_name", domainName,
                "domain_requests_api_key", key, "webhook_secret", secret)));

        this.personEmail = TestData.uniqueEmail(marker.toLowerCase());
        this.person = id(expect(201, owner().postJson("/api/v1/users", json("name", marker + " Person",
                "email", personEmail, "password", Identity.PASSWORD, "role", "pbx_user", "phone", "+15550000001"))));
        this.deletedUser = id(expect(201, owner().postJson("/api/v1/users", json("name", marker + " Gone",
                "email", TestData.uniqueEmail(marker.toLowerCase()), "password", Identity.PASSWORD, "role", "reporter"))));
        expect(204, owner().delete("/api/v1/users/" + deletedUser));

        this.userExtensionNumber = numberBase + "01";
        long userExtension = extension(userExtensionNumber, "user", "user_id", person);
        this.room = id(expect(201, owner().postJson("/api/v1/conference-rooms", json("name", marker + " Room",
                "description", marker + " standup", "pin", "4821", "pin_required", true))));
        this.ringGroup = id(expect(201, owner().postJson("/api/v1/ring-groups", json("name", marker + " Group",
                "description", marker + " sales", "members", List.of(Map.of("extension_id", userExtension))))));
        this.menu = id(expect(201, owner().postJson("/api/v1/ivr-menus", json("name", marker + " Menu",
                "tts_text", marker + " welcome prompt", "options", List.of(Map.of("input_digits", "1",
                        "destination_type", "extension", "destination_id", userExtensionNumber))))));
        extension(numberBase + "02", "conference", "configuration", Map.of("conference_room_id", room));
        extension(numberBase + "03", "ring_group", "configuration", Map.of("ring_group_id", ringGroup));
        extension(numberBase + "04", "ivr", "configuration", Map.of("ivr_menu_id", menu));
        extension(numberBase + "05", "ai_assistant", "configuration", Map.of("provider", "VAPI",
                "phone_number", "+15550000002"));
        extension(numberBase + "06", "forward", "configuration", Map.of("forward_to", "sip:front-desk@pbx.example.com"));
        this.deletedExtension = extensionId(expect(201, owner().postJson("/api/v1/extensions",
                json("extension_number", numberBase + "09", "type", "user"))));
        expect(204, owner().delete("/api/v1/extensions/" + deletedExtension));

        this.schedule = schedule(marker + " Hours");
        this.deletedSchedule = schedule(marker + " Old Hours");
        expect(204, owner().delete("/api/v1/business-hours/" + deletedSchedule));

        Response did = phoneNumber("extension", Map.of("extension_id", userExtension));
        this.didToExtension = id(did);
        this.didNumber = did.json().path("data").path("phone_number").asText();
        Response scheduleDid = phoneNumber("business_hours", Map.of("business_hours_schedule_id", schedule));
        this.didToSchedule = id(scheduleDid);
        this.scheduleDidNumber = scheduleDid.json().path("data").path("phone_number").asText();
        this.whitelist = id(expect(201, owner().postJson("/api/v1/outbound-whitelist", json("name", marker + " Route",
                "destination_country", "GB", "outbound_trunk_name", marker + "-trunk"))));

        this.callSid = "call-" + marker;
        this.sessionId = ThreadLocalRandom.current().nextLong(1_000_000_000L, 9_000_000_000L);
        this.cdrCallId = marker + "@10.0.0.1";
        expect(200, voice("/api/voice/route", json("CallSid", callSid, "From", "+12125550199", "To", didNumber,
                "Direction", "inbound")));
        expect(200, hook(SESSION_UPDATE, sessionUpdate(sessionId, callSid, domainName, didNumber, "connected")));
        expect(200, hook(CDR, cdr(domainUuid, sessionId, callSid, cdrCallId, domainName, didNumber)));
        this.callLog = app.dsl().select(CALL_LOGS.ID)
                .from(CALL_LOGS)
                .where(CALL_LOGS.ORGANIZATION_ID.eq(org))
                .and(CALL_LOGS.CALL_ID.eq(callSid))
                .fetchSingle(CALL_LOGS.ID);
        this.cdr = app.dsl().select(CALL_DETAIL_RECORDS.ID)
                .from(CALL_DETAIL_RECORDS)
                .where(CALL_DETAIL_RECORDS.ORGANIZATION_ID.eq(org))
                .and(CALL_DETAIL_RECORDS.CALL_ID.eq(cdrCallId))
                .fetchSingle(CALL_DETAIL_RECORDS.ID);
    }

    HttpTestClient owner() {
        return team.owner().http();
    }

    /**
     * The ids of this organisation a route under {@code /api/v1/<resource>/{param}} can name, live ones and deleted ones
     * (which must answer like missing ones), or null for a resource this world does not know.
     */
    List<String> ids(String resource) {
        List<Long> ids = switch (resource) {
            case "users" -> List.of(team.owner().userId(), team.admin().userId(), team.user().userId(),
                    team.reporter().userId(), person, deletedUser);
            case "extensions" -> concat(extensions.values(), deletedExtension);
            case "conference-rooms" -> List.of(room);
            case "ring-groups" -> List.of(ringGroup);
            case "ivr-menus" -> List.of(menu);
            case "business-hours" -> List.of(schedule, deletedSchedule);
            case "phone-numbers" -> List.of(didToExtension, didToSchedule);
            case "outbound-whitelist" -> List.of(whitelist);
            case "call-logs" -> List.of(callLog);
            case "call-detail-records" -> List.of(cdr);
            case "session-updates" -> List.of(sessionId);
            // Recordings are out of scope (control-plane spec §3.16): a recording id would be a call's.
            case "recordings" -> List.of(callLog, cdr);
            default -> null;
        };
        return ids == null ? null : ids.stream().map(String::valueOf).toList();
    }

    /** Ids the owner of this organisation can read (a deleted one is a 404 for everyone). */
    boolean live(String resource, String id) {
        long value = Long.parseLong(id);
        return switch (resource) {
            case "users" -> value != deletedUser;
            case "extensions" -> value != deletedExtension;
            case "business-hours" -> value != deletedSchedule;
            case "recordings" -> false;
            default -> true;
        };
    }

    /** Strings that identify this organisation's data: none may appear in another organisation's answers. */
    List<String> distinctive() {
        List<String> values = new ArrayList<>(List.of(marker, marker.toLowerCase(), domainUuid, key, secret, didNumber,
                scheduleDidNumber, personEmail, callSid, cdrCallId, String.valueOf(sessionId)));
        for (Identity.Member member : List.of(team.owner(), team.admin(), team.user(), team.reporter())) {
            values.add(member.email());
            values.add(member.token());
        }
        return values;
    }

    /** The first distinctive string of this organisation found in {@code body}, or null. */
    String leakIn(String body) {
        return distinctive().stream().filter(body::contains).findFirst().orElse(null);
    }

    /** A voice request with this organisation's requests key. */
    Response voice(String path, String body) {
        return app.http().send("POST", path, body, "application/json", Map.of("Authorization", "Bearer " + key));
    }

    /** A webhook with this organisation's requests key, as Cloudonix sends it. */
    Response hook(String path, String body) {
        return app.http().send("POST", path, body, "application/json", Map.of("Authorization", "Bearer " + key));
    }

    /** A webhook signed with this organisation's webhook secret, as relays send it (no bearer key). */
    Response signed(String path, String body) {
        String timestamp = String.valueOf(TestApp.CLOCK.instant().getEpochSecond());
        String signature = WebhookSignature.sign(secret, timestamp, body.getBytes(StandardCharsets.UTF_8));
        return app.http().send("POST", path, body, "application/json",
                Map.of("X-Cloudonix-Timestamp", timestamp, "X-Cloudonix-Signature", signature));
    }

    static String sessionUpdate(long session, String token, String domain, String destination, String status) {
        return "{\"id\":" + session + ",\"eventId\":\"" + UUID.randomUUID() + "\",\"domain\":\"" + domain
                + "\",\"token\":\"" + token + "\",\"callerId\":\"12125550199\",\"destination\":\"" + destination
                + "\",\"direction\":\"incoming\",\"status\":\"" + status + "\",\"createdAt\":\"2026-01-14T15:30:00Z\","
                + "\"modifiedAt\":\"2026-01-14T15:30:07Z\",\"callStartTime\":1768404600000,"
                + "\"callAnswerTime\":1768404607000,\"action\":\"dial\",\"reason\":\"answered\"}";
    }

    static String cdr(String domainUuid, long session, String token, String callId, String domain, String to) {
        return "{\"timestamp\":1768404727,\"owner\":{\"domain\":{\"uuid\":\"" + domainUuid + "\"}},"
                + "\"session\":{\"token\":\"" + token + "\",\"id\":" + session + ",\"callStartTime\":1768404600000,"
                + "\"callAnswerTime\":1768404607000,\"callEndTime\":1768404727000,\"status\":\"completed\"},"
                + "\"from\":\"+12125550199\",\"to\":\"" + to + "\",\"disposition\":\"ANSWER\",\"duration\":127,"
                + "\"billsec\":120,\"call_id\":\"" + callId + "\",\"domain\":\"" + domain + "\"}";
    }

    private long extension(String number, String type, String key, Object value) {
        long id = extensionId(expect(201, owner().postJson("/api/v1/extensions",
                json("extension_number", number, "type", type, key, value))));
        extensions.put(type, id);
        return id;
    }

    private long schedule(String name) {
        Map<String, Object> day = Map.of("enabled", true,
                "time_ranges", List.of(Map.of("start_time", "09:00", "end_time", "17:00")));
        Map<String, Object> week = new LinkedHashMap<>();
        for (String weekday : List.of("monday", "tuesday", "wednesday", "thursday", "friday")) {
            week.put(weekday, day);
        }
        return id(expect(201, owner().postJson("/api/v1/business-hours", json("name", name,
                "open_hours_action", Map.of("type", "ivr_menu", "target_id", "ivr-" + menu),
                "closed_hours_action", Map.of("type", "extension", "target_id", "ext-" + extensions.get("user")),
                "schedule", week,
                "exceptions", List.of(Map.of("date", "2026-12-25", "name", marker + " Holiday", "type", "closed"))))));
    }

    /** A number of its own: numbers are unique across organisations, so a random one is retried on a clash. */
    private Response phoneNumber(String routingType, Map<String, Object> routingConfig) {
        for (int attempt = 0; ; attempt++) {
            String number = "+1646" + ThreadLocalRandom.current().nextInt(2_000_000, 9_999_999);
            Response response = owner().postJson("/api/v1/phone-numbers", json("phone_number", number,
                    "friendly_name", marker + " Line", "routing_type", routingType, "routing_config", routingConfig));
            if (response.status() != 422 || attempt > 20) {
                return expect(201, response);
            }
        }
    }

    private static List<Long> concat(Collection<Long> values, long more) {
        List<Long> all = new ArrayList<>(values);
        all.add(more);
        return all;
    }

    private static Response expect(int status, Response response) {
        if (response.status() != status) {
            throw new AssertionError("expected " + status + ": " + response.status() + " " + response.body());
        }
        return response;
    }

    private static long id(Response response) {
        return response.json().path("data").path("id").asLong();
    }

    private static long extensionId(Response response) {
        JsonNode extension = response.json().path("extension");
        return extension.path("id").asLong();
    }
}
