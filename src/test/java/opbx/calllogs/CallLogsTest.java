package opbx.calllogs;

import static opbx.db.gen.Tables.DID_NUMBERS;
import static opbx.db.gen.Tables.EXTENSIONS;
import static opbx.db.gen.Tables.RING_GROUPS;
import static opbx.support.TestData.fieldNames;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import opbx.access.Role;
import opbx.db.gen.tables.records.CallLogsRecord;
import opbx.support.HttpTestClient;
import opbx.support.HttpTestClient.Response;
import opbx.support.Identity;
import opbx.support.Identity.Team;
import opbx.support.Rows;
import opbx.support.TestApp;
import org.jooq.JSONB;
import org.junit.jupiter.api.Test;

/** GET /api/v1/call-logs, /active, /statistics and /{id} (control-plane spec §3.10). */
class CallLogsTest {

    private static final OffsetDateTime DAY = OffsetDateTime.of(2026, 1, 5, 10, 0, 0, 0, ZoneOffset.UTC);
    private static final String TIMESTAMP = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z";

    private final TestApp app = TestApp.shared();

    @Test
    void the_list_is_the_standard_envelope_newest_first_with_filters_and_sorts() {
        Team team = Identity.team(app, "Call Log List Org");
        CallLogRows rows = new CallLogRows(app.dsl(), team.organizationId());
        long first = rows.insert("completed", "+12125550101", "+15550100001", DAY);
        long second = rows.insert("no_answer", "+12125550102", "+15550100002", DAY.plusHours(1));
        CallLogsRecord outbound = rows.call("busy", "1001", "+442071234567", DAY.plusHours(2));
        outbound.setDirection("outbound");
        outbound.setDuration(5);
        long third = rows.insert(outbound);
        new CallLogRows(app.dsl(), Identity.team(app, "Call Log Other Org").organizationId())
                .insert("completed", "+12125550101", "+15550100001", DAY);
        HttpTestClient http = team.user().http();

        JsonNode all = ok(http.get("/api/v1/call-logs"));
        assertEquals(List.of(third, second, first), ids(all));
        assertEquals(3, all.path("meta").path("total").asInt());
        assertEquals(20, all.path("meta").path("per_page").asInt());
        assertEquals(1, all.path("meta").path("from").asInt());
        assertEquals(3, all.path("meta").path("to").asInt());

        JsonNode page2 = ok(http.get("/api/v1/call-logs?per_page=2&page=2"));
        assertEquals(List.of(first), ids(page2));
        assertEquals(2, page2.path("meta").path("last_page").asInt());
        assertEquals(3, page2.path("meta").path("from").asInt());

        assertEquals(List.of(second), ids(ok(http.get("/api/v1/call-logs?status=no_answer"))));
        assertEquals(List.of(third), ids(ok(http.get("/api/v1/call-logs?direction=outbound"))));
        assertEquals(List.of(second), ids(ok(http.get("/api/v1/call-logs?from_number=0102"))));
        assertEquals(List.of(third), ids(ok(http.get("/api/v1/call-logs?to_number=%2B4420"))));
        assertEquals(List.of(first), ids(ok(http.get("/api/v1/call-logs?sort_by=created_at&sort_order=asc&per_page=1"))));
        assertEquals(3, ids(ok(http.get("/api/v1/call-logs?status=bogus&direction=&from_date=yesterday"))).size(),
                "invalid and empty filter values are ignored");
        assertEquals(List.of(third, second, first), ids(ok(http.get("/api/v1/call-logs?sort=duration&sort_direction=desc"))),
                "null durations sort last, then id desc");
    }

    @Test
    void items_embed_their_did_extension_and_ring_group() {
        Team team = Identity.team(app, "Call Log Embed Org");
        long org = team.organizationId();
        String number = Rows.did(app.dsl(), org, "+1555020", "extension", "extension_id", 1);
        long didId = app.dsl().select(DID_NUMBERS.ID).from(DID_NUMBERS)
                .where(DID_NUMBERS.ORGANIZATION_ID.eq(org)).and(DID_NUMBERS.PHONE_NUMBER.eq(number)).fetchOne(DID_NUMBERS.ID);
        long extensionId = app.dsl().insertInto(EXTENSIONS)
                .set(EXTENSIONS.ORGANIZATION_ID, org)
                .set(EXTENSIONS.EXTENSION_NUMBER, "1001")
                .set(EXTENSIONS.TYPE, "user")
                .set(EXTENSIONS.SIP_PASSWORD, "x")
                .returning(EXTENSIONS.ID).fetchOne(EXTENSIONS.ID);
        long groupId = app.dsl().insertInto(RING_GROUPS)
                .set(RING_GROUPS.ORGANIZATION_ID, org)
                .set(RING_GROUPS.NAME, "Sales")
                .returning(RING_GROUPS.ID).fetchOne(RING_GROUPS.ID);
        CallLogRows rows = new CallLogRows(app.dsl(), org);
        CallLogsRecord linked = rows.call("completed", "+12125550101", number, DAY);
        linked.setDidId(didId);
        linked.setExtensionId(extensionId);
        linked.setRingGroupId(groupId);
        linked.setCloudonixCdr(JSONB.valueOf("{\"disposition\":\"ANSWERED\"}"));
        long linkedId = rows.insert(linked);
        rows.insert("failed", "+12125550102", "+15550100002", DAY.plusMinutes(1));

        JsonNode list = ok(team.reporter().http().get("/api/v1/call-logs"));

        JsonNode bare = list.path("data").get(0);
        assertTrue(bare.path("did_number").isNull() && bare.path("extension").isNull() && bare.path("ring_group").isNull());
        JsonNode item = list.path("data").get(1);
        assertEquals(Set.of("id", "organization_id", "call_id", "session_id", "direction", "from_number", "to_number", "did_id",
                "extension_id", "ring_group_id", "status", "hangup_cause", "initiated_at", "answered_at", "ended_at", "duration",
                "recording_url", "created_at", "updated_at", "did_number", "extension", "ring_group"), fieldNames(item));
        assertEquals(number, item.path("did_number").path("phone_number").asText());
        assertEquals(didId, item.path("did_number").path("id").asLong());
        assertTrue(item.path("did_number").has("friendly_name"));
        assertEquals("1001", item.path("extension").path("extension_number").asText());
        assertEquals("Unassigned", item.path("extension").path("name").asText());
        assertEquals("Sales", item.path("ring_group").path("name").asText());
        assertEquals("2026-01-05T10:00:00Z", item.path("created_at").asText());

        JsonNode shown = ok(team.user().http().get("/api/v1/call-logs/" + linkedId)).path("data");
        assertEquals("ANSWERED", shown.path("cloudonix_cdr").path("disposition").asText());
        assertEquals("Sales", shown.path("ring_group").path("name").asText());
    }

    @Test
    void another_organisations_call_log_and_a_non_numeric_id_are_404() {
        Team team = Identity.team(app, "Call Log 404 Org");
        Team other = Identity.team(app, "Call Log 404 Other Org");
        long foreign = new CallLogRows(app.dsl(), other.organizationId()).insert("completed", "1", "2", DAY);

        for (String path : List.of("/api/v1/call-logs/" + foreign, "/api/v1/call-logs/abc", "/api/v1/call-logs/0")) {
            Response response = team.owner().http().get(path);
            assertEquals(404, response.status(), path);
            assertEquals("Call log not found.", response.json().path("message").asText());
        }
    }

    @Test
    void active_lists_calls_in_progress_newest_initiated_first() {
        Team team = Identity.team(app, "Call Log Active Org");
        CallLogRows rows = new CallLogRows(app.dsl(), team.organizationId());
        long ringing = rows.insert("ringing", "1", "2", DAY);
        long answered = rows.insert("answered", "1", "2", DAY.plusMinutes(2));
        long initiated = rows.insert("initiated", "1", "2", DAY.plusMinutes(1));
        rows.insert("completed", "1", "2", DAY.plusMinutes(3));
        rows.insert("busy", "1", "2", DAY.plusMinutes(4));

        JsonNode body = ok(team.user().http().get("/api/v1/call-logs/active"));

        assertEquals(Set.of("data"), fieldNames(body));
        assertEquals(List.of(answered, initiated, ringing), ids(body));
    }

    @Test
    void statistics_count_answered_missed_and_active_calls_of_local_days_in_the_organisation_timezone() {
        Team team = Identity.team(app, "Call Log Stats Org");
        CallLogRows.timezone(app.dsl(), team.organizationId(), "America/New_York");
        CallLogRows rows = new CallLogRows(app.dsl(), team.organizationId());
        // 2026-01-05 local (UTC-5) runs from 05:00Z to 06:00Z the next day.
        OffsetDateTime localMorning = OffsetDateTime.parse("2026-01-05T14:00:00Z");
        rows.insert(withDuration(rows.call("completed", "1", "2", localMorning), 10));
        rows.insert(withDuration(rows.call("completed", "1", "2", localMorning), 15));
        rows.insert(rows.call("completed", "1", "2", localMorning));
        rows.insert("answered", "1", "2", localMorning);
        rows.insert("no_answer", "1", "2", localMorning);
        rows.insert("busy", "1", "2", localMorning);
        rows.insert("failed", "1", "2", OffsetDateTime.parse("2026-01-06T04:59:00Z"));
        rows.insert("ringing", "1", "2", OffsetDateTime.parse("2026-01-05T05:00:00Z"));
        // Local 2026-01-04 23:59 and 2026-01-06 00:00: outside the day.
        rows.insert("completed", "1", "2", OffsetDateTime.parse("2026-01-05T04:59:59Z"));
        rows.insert("completed", "1", "2", OffsetDateTime.parse("2026-01-06T05:00:00Z"));

        JsonNode stats = ok(team.reporter().http().get("/api/v1/call-logs/statistics?from_date=2026-01-05&to_date=2026-01-05"));

        assertEquals(8, stats.path("total_calls").asInt(), stats.toString());
        assertEquals(4, stats.path("answered_calls").asInt());
        assertEquals(3, stats.path("missed_calls").asInt());
        assertEquals(13, stats.path("average_duration").asInt(), "12.5 rounds to 13");
        assertEquals(2, stats.path("active_calls").asInt(), "answered and ringing are still in progress");
        JsonNode empty = ok(team.reporter().http().get("/api/v1/call-logs/statistics?from_date=2025-01-01&to_date=2025-01-02"));
        assertEquals(0, empty.path("total_calls").asInt());
        assertTrue(empty.path("average_duration").isNull(), empty.toString());
    }

    @Test
    void statistics_default_to_the_last_30_days() {
        Team team = Identity.team(app, "Call Log Stats Default Org");
        CallLogRows rows = new CallLogRows(app.dsl(), team.organizationId());
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        rows.insert("completed", "1", "2", now.minusDays(2));
        rows.insert("completed", "1", "2", now.minusDays(45));

        JsonNode stats = ok(team.owner().http().get("/api/v1/call-logs/statistics?from_date=&to_date="));

        assertEquals(1, stats.path("total_calls").asInt(), stats.toString());
    }

    @Test
    void every_role_may_read_call_logs() {
        Team team = Identity.team(app, "Call Log Roles Org");
        for (Role role : Role.values()) {
            assertEquals(200, team.as(role).http().get("/api/v1/call-logs").status(), role.wire());
        }
    }

    private static CallLogsRecord withDuration(CallLogsRecord row, int seconds) {
        row.setDuration(seconds);
        return row;
    }

    private static JsonNode ok(Response response) {
        assertEquals(200, response.status(), response.body());
        return response.json();
    }

    private static List<Long> ids(JsonNode body) {
        List<Long> ids = new ArrayList<>();
        body.path("data").forEach(item -> ids.add(item.path("id").asLong()));
        return ids;
    }
}
