package opbx.livecalls;

import static opbx.support.TestData.fieldNames;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import opbx.access.Role;
import opbx.db.gen.tables.records.SessionUpdatesRecord;
import opbx.support.HttpTestClient;
import opbx.support.HttpTestClient.Response;
import opbx.support.Identity;
import opbx.support.Identity.Team;
import opbx.support.TestApp;
import org.jooq.JSONB;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** GET /api/v1/session-updates/active, /active/stats and /{sessionId} (control-plane spec §3.13). */
class LiveCallsTest {

    private final TestApp app = TestApp.shared();

    /** The server's clock is pinned to this instant, so durations are exact. */
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @AfterEach
    void releaseClock() {
        TestApp.CLOCK.release();
    }

    /** Four live sessions among ones that ended, aged out or belong to another organisation. */
    private record Calls(Team team, long ringing, long outgoing, long processing, long connected) {
    }

    private Calls calls() {
        Team team = Identity.team(app, "Live Calls Org");
        SessionRows rows = new SessionRows(app.dsl(), team.organizationId());
        long base = ThreadLocalRandom.current().nextLong(1_000_000, 1_000_000_000L);
        long ringing = base + 1;
        rows.insert(ringing, "processing", "incoming", ago(42), ago(60));
        rows.insert(ringing, "ringing", "incoming", ago(42), ago(42));
        long outgoing = base + 2;
        rows.insert(outgoing, "connected", "outgoing", ago(185), ago(5));
        long processing = base + 3;
        SessionUpdatesRecord withQos = rows.update(processing, "processing", "incoming", ago(3723), ago(1));
        withQos.setProfile(JSONB.valueOf("{\"qos\":{\"mos\":4.2}}"));
        withQos.setCallIds(JSONB.valueOf("[\"call-a\",\"call-b\"]"));
        rows.insert(withQos);
        long connected = base + 4;
        rows.insert(connected, "processing", "incoming", ago(100), ago(100));
        rows.insert(connected, "connected", "incoming", ago(100), ago(30));
        // Ended: its latest status is not live.
        rows.insert(base + 5, "ringing", "incoming", ago(50), ago(50));
        rows.insert(base + 5, "completed", "incoming", ago(50), ago(20));
        // Its CDR arrived, even though a later update still says connected.
        SessionUpdatesRecord cdr = rows.update(base + 6, "ANSWERED", "incoming", ago(80), ago(20));
        cdr.setAction("cdr_final_status");
        rows.insert(cdr);
        rows.insert(base + 6, "connected", "incoming", ago(80), ago(10));
        // Last heard of more than 24 hours ago.
        rows.insert(base + 7, "connected", "incoming", ago(90_000), ago(86_401));
        new SessionRows(app.dsl(), Identity.team(app, "Live Calls Other Org").organizationId())
                .insert(base + 8, "ringing", "incoming", ago(10), ago(10));
        TestApp.CLOCK.pin(now);
        return new Calls(team, ringing, outgoing, processing, connected);
    }

    @Test
    void active_lists_sessions_whose_latest_update_is_live_newest_first_with_counts() {
        Calls calls = calls();

        JsonNode body = ok(calls.team().user().http().get("/api/v1/session-updates/active"));

        assertEquals(List.of(calls.processing(), calls.outgoing(), calls.connected(), calls.ringing()), sessionIds(body));
        JsonNode meta = body.path("meta");
        assertEquals(4, meta.path("total_active_calls").asInt());
        assertEquals(1, meta.path("by_status").path("processing").asInt());
        assertEquals(1, meta.path("by_status").path("ringing").asInt());
        assertEquals(2, meta.path("by_status").path("connected").asInt());
        assertEquals(3, meta.path("by_direction").path("incoming").asInt());
        assertEquals(1, meta.path("by_direction").path("outgoing").asInt());
        assertEquals(now.toString(), meta.path("last_updated").asText());

        JsonNode ringing = body.path("data").get(3);
        assertEquals(Set.of("session_id", "caller_id", "destination", "direction", "status", "session_created_at",
                "last_updated_at", "duration_seconds", "formatted_duration", "domain", "subscriber_id", "call_ids",
                "has_qos_data"), fieldNames(ringing));
        assertEquals("ringing", ringing.path("status").asText());
        assertEquals(42, ringing.path("duration_seconds").asInt());
        assertEquals("42s", ringing.path("formatted_duration").asText());
        assertEquals(ago(42).toString(), ringing.path("last_updated_at").asText());
        assertEquals("+12125551234", ringing.path("caller_id").asText());
        assertTrue(ringing.path("call_ids").isArray() && ringing.path("call_ids").isEmpty());
        assertFalse(ringing.path("has_qos_data").asBoolean());
        assertEquals("3m 5s", body.path("data").get(1).path("formatted_duration").asText());
        JsonNode processing = body.path("data").get(0);
        assertEquals("1h 2m 3s", processing.path("formatted_duration").asText());
        assertTrue(processing.path("has_qos_data").asBoolean());
        assertEquals("call-b", processing.path("call_ids").get(1).asText());
    }

    @Test
    void active_filters_by_status_and_direction_and_ignores_unknown_values() {
        Calls calls = calls();
        HttpTestClient http = calls.team().reporter().http();

        JsonNode connected = ok(http.get("/api/v1/session-updates/active?status=connected"));
        assertEquals(List.of(calls.outgoing(), calls.connected()), sessionIds(connected));
        assertEquals(2, connected.path("meta").path("total_active_calls").asInt());
        assertEquals(List.of(calls.outgoing()), sessionIds(ok(http.get("/api/v1/session-updates/active?direction=outgoing"))));
        assertEquals(4, sessionIds(ok(http.get("/api/v1/session-updates/active?status=completed&direction=sideways"))).size());
    }

    @Test
    void stats_give_counts_the_average_and_the_longest_call_in_seconds() {
        Calls calls = calls();

        JsonNode stats = ok(calls.team().owner().http().get("/api/v1/session-updates/active/stats")).path("data");

        assertEquals(4, stats.path("total_active").asInt(), stats.toString());
        assertEquals(2, stats.path("by_status").path("connected").asInt());
        assertEquals(1, stats.path("by_direction").path("outgoing").asInt());
        assertEquals(1013, stats.path("average_duration").asInt(), "(42 + 185 + 3723 + 100) / 4 = 1012.5");
        assertEquals(3723, stats.path("longest_call").asInt());

        TestApp.CLOCK.release();
        Team quiet = Identity.team(app, "Live Calls Quiet Org");
        JsonNode none = ok(quiet.owner().http().get("/api/v1/session-updates/active/stats")).path("data");
        assertEquals(0, none.path("total_active").asInt());
        assertEquals(0, none.path("average_duration").asInt());
        assertTrue(none.path("longest_call").isNull(), none.toString());
        JsonNode empty = ok(quiet.owner().http().get("/api/v1/session-updates/active"));
        assertEquals(0, empty.path("data").size());
        assertEquals(0, empty.path("meta").path("by_status").path("ringing").asInt());
    }

    @Test
    void a_session_lists_its_events_in_order_and_an_unknown_or_foreign_one_is_404() {
        Calls calls = calls();
        HttpTestClient http = calls.team().user().http();

        JsonNode session = ok(http.get("/api/v1/session-updates/" + calls.ringing())).path("data");

        assertEquals(calls.ringing(), session.path("session_id").asLong());
        List<String> statuses = new ArrayList<>();
        session.path("events").forEach(event -> statuses.add(event.path("status").asText()));
        assertEquals(List.of("processing", "ringing"), statuses);
        assertEquals(Set.of("id", "event_id", "status", "action", "reason", "created_at"),
                fieldNames(session.path("events").get(0)));
        assertEquals(ago(60).toString(), session.path("events").get(0).path("created_at").asText());

        Team other = Identity.team(app, "Live Calls Foreign Org");
        for (Response response : List.of(
                other.owner().http().get("/api/v1/session-updates/" + calls.ringing()),
                http.get("/api/v1/session-updates/1"),
                http.get("/api/v1/session-updates/abc"))) {
            assertEquals(404, response.status(), response.body());
            assertEquals("Session not found.", response.json().path("message").asText());
        }
    }

    @Test
    void every_role_may_watch_live_calls() {
        Team team = Identity.team(app, "Live Calls Roles Org");
        for (Role role : Role.values()) {
            assertEquals(200, team.as(role).http().get("/api/v1/session-updates/active").status(), role.wire());
            assertEquals(200, team.as(role).http().get("/api/v1/session-updates/active/stats").status(), role.wire());
        }
    }

    private Instant ago(long seconds) {
        return now.minusSeconds(seconds);
    }

    private static JsonNode ok(Response response) {
        assertEquals(200, response.status(), response.body());
        return response.json();
    }

    private static List<Long> sessionIds(JsonNode body) {
        List<Long> ids = new ArrayList<>();
        body.path("data").forEach(item -> ids.add(item.path("session_id").asLong()));
        return ids;
    }
}
