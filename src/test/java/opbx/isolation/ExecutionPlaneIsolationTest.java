package opbx.isolation;

import static opbx.db.gen.Tables.CALL_DETAIL_RECORDS;
import static opbx.db.gen.Tables.CALL_LOGS;
import static opbx.db.gen.Tables.SESSION_UPDATES;
import static opbx.support.TestData.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import opbx.db.gen.tables.records.CallLogsRecord;
import opbx.isolation.RouteTable.Kind;
import opbx.support.HttpTestClient.Response;
import opbx.support.OrgSnapshot;
import opbx.support.TestApp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 9, item 2 for the execution plane (execution-plane spec §1.2-1.3): organisation A's requests key and webhook
 * secret, used with everything that names organisation B (its session ids, call ids, domain, DIDs, menus, groups and
 * rooms), are stored under A or refused, route nothing to B, and change no row of B.
 */
class ExecutionPlaneIsolationTest {

    private static final TestApp app = TestApp.shared();

    /** One pair for the class: A's requests here add rows to A only, and each test compares B before and after itself. */
    private static TenantWorld a;
    private static TenantWorld b;

    @BeforeAll
    static void twoOrganisations() {
        a = new TenantWorld(app, "A", "22");
        b = new TenantWorld(app, "B", "72");
    }

    @Test
    void webhooks_with_one_organisations_credentials_naming_another_organisations_calls_are_stored_under_the_first_or_refused() {
        OrgSnapshot before = OrgSnapshot.of(app.dsl(), b.org);
        List<String> webhooks = routes(Kind.WEBHOOK);

        // Bearer: the key names the organisation (§1.2 step 2); B's domain, session, token and DID in the body do not.
        Response update = a.hook(TenantWorld.SESSION_UPDATE,
                TenantWorld.sessionUpdate(b.sessionId, b.callSid, b.domainName, b.didNumber, "ringing"));
        assertEquals(200, update.status(), update.body());
        assertEquals(1, app.dsl().fetchCount(SESSION_UPDATES,
                SESSION_UPDATES.ORGANIZATION_ID.eq(a.org).and(SESSION_UPDATES.SESSION_ID.eq(b.sessionId))));
        CallLogsRecord log = callLog(a.org, b.callSid);
        assertNull(log.getDidId(), "A's call log must not point at B's DID");
        assertNull(log.getExtensionId(), "A's call log must not point at B's extension");

        Response cdr = a.hook(TenantWorld.CDR,
                TenantWorld.cdr(b.domainUuid, b.sessionId, b.callSid, b.cdrCallId, b.domainName, b.didNumber));
        assertEquals(200, cdr.status(), cdr.body());
        assertFalse(cdr.json().path("duplicate").asBoolean(), "B's copy must not make A's CDR a duplicate: " + cdr.body());
        assertEquals(1, app.dsl().fetchCount(CALL_DETAIL_RECORDS,
                CALL_DETAIL_RECORDS.ORGANIZATION_ID.eq(a.org).and(CALL_DETAIL_RECORDS.CALL_ID.eq(b.cdrCallId))));

        Response status = a.hook(TenantWorld.CALL_STATUS, json("call_id", b.callSid, "status", "failed"));
        assertEquals(200, status.status(), status.body());

        String missingDid = missingNumber();
        Response initiated = a.hook(TenantWorld.CALL_INITIATED, json("CallSid", "init-" + b.marker,
                "From", "+12125550199", "To", b.didNumber, "Direction", "inbound", "Domain", b.domainName));
        Response initiatedMissing = a.hook(TenantWorld.CALL_INITIATED, json("CallSid", "init-missing-" + a.marker,
                "From", "+12125550199", "To", missingDid, "Direction", "inbound", "Domain", b.domainName));
        assertEquals(200, initiated.status(), initiated.body());
        assertEquals(initiatedMissing.body().replace(missingDid, "N"), initiated.body().replace(b.didNumber, "N"),
                "a call to B's number through A's key is answered as a call to no number");

        // HMAC: the payload names the organisation whose secret must verify it (§1.3 step 2), so A's secret with B's
        // domain is a forgery, whichever field carries the domain.
        for (String forged : List.of(
                TenantWorld.sessionUpdate(b.sessionId, b.callSid, b.domainName, b.didNumber, "failed"),
                "{\"id\":" + b.sessionId + ",\"status\":\"failed\",\"domain_uuid\":\"" + b.domainUuid + "\"}",
                TenantWorld.cdr(b.domainUuid, b.sessionId, b.callSid, "forged-" + b.cdrCallId, a.domainName, b.didNumber))) {
            for (String path : List.of(TenantWorld.SESSION_UPDATE, TenantWorld.CDR, TenantWorld.CALL_STATUS)) {
                Response refused = a.signed(path, forged);
                assertEquals(401, refused.status(), path + " " + forged + ": " + refused.body());
                assertEquals("{\"error\":\"Unauthorized - Invalid signature\"}", refused.body());
            }
        }
        // A's secret with A's domain, naming B's session: stored under A.
        int stored = app.dsl().fetchCount(SESSION_UPDATES,
                SESSION_UPDATES.ORGANIZATION_ID.eq(a.org).and(SESSION_UPDATES.SESSION_ID.eq(b.sessionId)));
        Response signed = a.signed(TenantWorld.SESSION_UPDATE,
                TenantWorld.sessionUpdate(b.sessionId, b.callSid, a.domainName, b.didNumber, "connected"));
        assertEquals(200, signed.status(), signed.body());
        assertEquals(stored + 1, app.dsl().fetchCount(SESSION_UPDATES,
                SESSION_UPDATES.ORGANIZATION_ID.eq(a.org).and(SESSION_UPDATES.SESSION_ID.eq(b.sessionId))));

        for (Response response : List.of(update, cdr, status, initiated, signed)) {
            assertNull(b.leakIn(response.body().replace(b.callSid, "").replace(b.cdrCallId, "")),
                    "beyond echoing the caller's own ids, no answer names B: " + response.body());
        }
        assertEquals(List.of(), before.diff(OrgSnapshot.of(app.dsl(), b.org)), "rows of B changed by A's webhooks");
        assertTrue(webhooks.size() >= 4, "webhook routes " + webhooks);
        assertTrue(webhooks.containsAll(List.of(TenantWorld.SESSION_UPDATE, TenantWorld.CDR, TenantWorld.CALL_STATUS,
                TenantWorld.CALL_INITIATED)), "a webhook route this test does not call: " + webhooks);
    }

    @Test
    void a_voice_request_with_one_organisations_key_reaches_none_of_another_organisations_numbers_menus_groups_or_rooms() {
        OrgSnapshot before = OrgSnapshot.of(app.dsl(), b.org);
        String missingDid = missingNumber();
        String missingId = "2000000000";

        List<String> failures = new ArrayList<>();
        int cases = 0;
        for (String route : routes(Kind.VOICE)) {
            // What names B on each voice route, and the same thing naming nothing (§1.1).
            List<Target> targets = switch (route) {
                case "/api/voice/route" -> List.of(
                        new Target("To", b.didNumber, missingDid, "inbound"),
                        new Target("To", b.scheduleDidNumber, missingDid, "inbound"),
                        new Target("To", b.didNumber, missingDid, "subscriber"),
                        new Target("To", b.userExtensionNumber, "29999", "subscriber"));
                case "/api/voice/ivr-input" -> List.of(new Target("menu_id", String.valueOf(b.menu), missingId, "inbound"));
                case "/api/callbacks/voice/ring-group-callback" ->
                        List.of(new Target("ring_group_id", String.valueOf(b.ringGroup), missingId, "inbound"));
                case "/api/voice/conference-pin" ->
                        List.of(new Target("conference_room_id", String.valueOf(b.room), missingId, "inbound"));
                default -> null;
            };
            if (targets == null) {
                failures.add(route + ": a voice route this test does not know how to aim at B");
                continue;
            }
            for (Target target : targets) {
                // The control: with B's own key the target is reached, so an answer "as for nothing" means something.
                Response own = voice(b, "POST", route, target.with(target.value()), b.domainName);
                Response ownNothing = voice(b, "POST", route, target.with(target.missing()), b.domainName);
                if (own.body().replace(target.value(), "N").equals(ownNothing.body().replace(target.missing(), "N"))) {
                    failures.add(route + " " + target + ": B's own key does not reach it either: " + own.body());
                }
                for (String method : List.of("POST", "GET")) {
                    for (String domain : List.of(a.domainName, b.domainName)) {
                        Response toB = voice(a, method, route, target.with(target.value()), domain);
                        Response toNothing = voice(a, method, route, target.with(target.missing()), domain);
                        cases++;
                        String answer = toB.body().replace(target.value(), "N");
                        String expected = toNothing.body().replace(target.missing(), "N");
                        String leak = b.leakIn(toB.body());
                        if (toB.status() != 200 || !answer.equals(expected) || leak != null) {
                            failures.add(method + " " + route + " " + target + " (B's), Domain "
                                    + domain + " -> " + toB.status() + " " + toB.body() + (leak == null ? "" : " leaks " + leak)
                                    + "\n  expected as for nothing: " + toNothing.body());
                        }
                    }
                }
            }
        }
        System.out.printf("execution-plane isolation: %d voice cases, %d failures%n", cases, failures.size());
        assertEquals(List.of(), failures, String.join("\n", failures));
        assertTrue(cases >= 24, "cases " + cases);
        assertEquals(List.of(), before.diff(OrgSnapshot.of(app.dsl(), b.org)), "rows of B changed by A's voice requests");
        Response toB = voice(a, "POST", "/api/voice/route", new Target("To", b.didNumber, missingDid, "inbound"),
                b.domainName);
        assertTrue(toB.body().contains("<Say>DID destination not configured</Say>"), toB.body());

    }

    @Test
    void the_snapshot_sees_a_change_of_the_organisation_and_only_of_it() {
        OrgSnapshot beforeA = OrgSnapshot.of(app.dsl(), a.org);
        OrgSnapshot beforeB = OrgSnapshot.of(app.dsl(), b.org);

        Response renamed = b.owner().send("PATCH", "/api/v1/conference-rooms/" + b.room, json("description", "moved"),
                "application/json", Map.of());

        assertEquals(200, renamed.status(), renamed.body());
        assertNotEquals(List.of(), beforeB.diff(OrgSnapshot.of(app.dsl(), b.org)));
        assertEquals(List.of(), beforeA.diff(OrgSnapshot.of(app.dsl(), a.org)));
    }

    /** What names B on a voice route ({@code name=value}), the same naming nothing, and the call's direction. */
    private record Target(String name, String value, String missing, String direction) {

        Target with(String aimedAt) {
            return new Target(name, aimedAt, missing, direction);
        }
    }

    /**
     * A voice request with the caller's key, the target as a query parameter (GET) or in the body (POST). A call from
     * an extension ({@code subscriber}) comes from the caller's own user extension.
     */
    private Response voice(TenantWorld caller, String method, String route, Target target, String domain) {
        String callSid = "v-" + caller.marker + "-" + ThreadLocalRandom.current().nextInt(1_000_000);
        String from = target.direction().equals("subscriber") ? caller.userExtensionNumber : "+12125550199";
        String to = target.name().equals("To") ? target.value() : caller.didNumber;
        Map<String, String> auth = Map.of("Authorization", "Bearer " + caller.key);
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("CallSid", callSid);
        fields.put("From", from);
        fields.put("To", to);
        fields.put("Direction", target.direction());
        fields.put("Domain", domain);
        fields.put("Digits", "4821");
        fields.put("DialStatus", "busy");
        String query = "attempt_number=1&hops=1&attempt=1"
                + (target.name().equals("To") ? "" : "&" + target.name() + "=" + target.value());
        if (method.equals("GET")) {
            StringBuilder all = new StringBuilder(query);
            fields.forEach((name, value) -> all.append('&').append(name).append('=')
                    .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
            return app.http().send("GET", route + "?" + all, null, null, auth);
        }
        List<Object> pairs = new ArrayList<>();
        fields.forEach((name, value) -> {
            pairs.add(name);
            pairs.add(value);
        });
        return app.http().send("POST", route + "?" + query, json(pairs.toArray()), "application/json", auth);
    }

    /** The distinct paths of the router's routes of one class. */
    private List<String> routes(Kind kind) {
        return app.server().routes().stream()
                .filter(route -> {
                    RouteTable.Entry entry = RouteTable.of(route.method(), route.path());
                    return entry != null && entry.kind() == kind;
                })
                .map(route -> route.path())
                .distinct()
                .toList();
    }

    private CallLogsRecord callLog(long org, String callId) {
        return app.dsl().selectFrom(CALL_LOGS)
                .where(CALL_LOGS.ORGANIZATION_ID.eq(org))
                .and(CALL_LOGS.CALL_ID.eq(callId))
                .fetchSingle();
    }

    /** A number no organisation holds (area code 999 is never assigned). */
    private static String missingNumber() {
        return "+1999" + ThreadLocalRandom.current().nextInt(2_000_000, 9_999_999);
    }
}
