package opbx.cdrs;

import static opbx.support.TestData.fieldNames;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import opbx.access.Role;
import opbx.db.gen.tables.records.CallDetailRecordsRecord;
import opbx.support.HttpTestClient;
import opbx.support.HttpTestClient.Response;
import opbx.support.Identity;
import opbx.support.Identity.Team;
import opbx.support.TestApp;
import org.jooq.JSONB;
import org.junit.jupiter.api.Test;

import static opbx.db.gen.Tables.ORGANIZATIONS;

/** GET /api/v1/call-detail-records, /statistics and /{id} (control-plane spec §3.11). */
class CdrsTest {

    private static final OffsetDateTime DAY = OffsetDateTime.of(2026, 1, 5, 10, 0, 0, 0, ZoneOffset.UTC);

    private final TestApp app = TestApp.shared();

    @Test
    void the_list_is_newest_first_in_the_standard_envelope_with_filters_and_sorts() {
        Team team = Identity.team(app, "CDR List Org");
        CdrRows rows = new CdrRows(app.dsl(), team.organizationId());
        long first = rows.insert("+12125550101", "1001", "ANSWERED", 30, DAY);
        long second = rows.insert("+12125550102", "1002", "busy", 0, DAY.plusHours(1));
        long third = rows.insert("+442071234567", "1001", "NO ANSWER", 0, DAY.plusHours(2));
        new CdrRows(app.dsl(), Identity.team(app, "CDR List Other Org").organizationId())
                .insert("+12125550101", "1001", "ANSWERED", 30, DAY);
        HttpTestClient http = team.user().http();

        JsonNode all = ok(http.get("/api/v1/call-detail-records?per_page=50"));
        assertEquals(List.of(third, second, first), ids(all));
        assertEquals(50, all.path("meta").path("per_page").asInt());
        assertEquals(3, all.path("meta").path("total").asInt());
        assertEquals(1, all.path("meta").path("last_page").asInt());

        assertEquals(List.of(second, first), ids(ok(http.get("/api/v1/call-detail-records?from=%2B1212"))));
        assertEquals(List.of(second), ids(ok(http.get("/api/v1/call-detail-records?to=1002"))));
        assertEquals(List.of(second), ids(ok(http.get("/api/v1/call-detail-records?disposition=BUSY"))),
                "disposition is exact but case-insensitive");
        assertEquals(List.of(), ids(ok(http.get("/api/v1/call-detail-records?disposition=BUS"))));
        assertEquals(List.of(first, second, third), ids(ok(http.get("/api/v1/call-detail-records?sort_by=session_timestamp&order=ASC"))));
        assertEquals(List.of(first, second, third), ids(ok(http.get("/api/v1/call-detail-records?sort=from&sort_order=asc"))));
        assertEquals(List.of(second, third, first), ids(ok(http.get("/api/v1/call-detail-records?sort=to&sort_order=desc"))),
                "ties end with id in the same direction");
        assertEquals(List.of(third, second, first), ids(ok(http.get("/api/v1/call-detail-records?sort=cost&disposition=&from="))),
                "unknown sort and empty filters fall back to the default");
        JsonNode paged = ok(http.get("/api/v1/call-detail-records?per_page=1&page=9"));
        assertEquals(List.of(), ids(paged));
        assertTrue(paged.path("meta").path("from").isNull());
        assertEquals(3, paged.path("meta").path("last_page").asInt());
    }

    @Test
    void an_item_has_every_field_formatted_durations_numeric_costs_and_raw_cdr_only_when_asked() {
        Team team = Identity.team(app, "CDR Item Org");
        CdrRows rows = new CdrRows(app.dsl(), team.organizationId());
        CallDetailRecordsRecord row = rows.cdr("+12125550101", "1001", "ANSWERED", 4503, DAY);
        row.setBillsec(65);
        row.setRatedCost(new BigDecimal("0.4200"));
        row.setApproxCost(BigDecimal.ZERO);
        row.setSessionId(123L);
        row.setRawCdr(JSONB.valueOf("{\"disposition\":\"ANSWERED\",\"session\":{\"id\":123}}"));
        long id = rows.insert(row);

        JsonNode item = ok(team.reporter().http().get("/api/v1/call-detail-records")).path("data").get(0);

        assertEquals(Set.of("id", "organization_id", "session_timestamp", "session_token", "session_id", "from", "to",
                "disposition", "duration", "duration_formatted", "billsec", "billsec_formatted", "call_id", "call_start_time",
                "call_end_time", "call_answer_time", "status", "domain", "subscriber", "cx_trunk_id", "application", "route",
                "vapp_server", "rated_cost", "approx_cost", "sell_cost", "recording_url", "created_at", "updated_at"),
                fieldNames(item));
        assertEquals("75:03", item.path("duration_formatted").asText());
        assertEquals("01:05", item.path("billsec_formatted").asText());
        assertEquals("2026-01-05T10:00:00Z", item.path("session_timestamp").asText());
        assertTrue(item.path("rated_cost").isNumber());
        assertEquals(0.42, item.path("rated_cost").asDouble());
        assertTrue(item.path("approx_cost").isNumber());
        assertEquals(0.0, item.path("approx_cost").asDouble());
        assertTrue(item.path("sell_cost").isNull());
        assertEquals(123, item.path("session_id").asLong());

        JsonNode withRaw = ok(team.reporter().http().get("/api/v1/call-detail-records?include=raw_cdr")).path("data").get(0);
        assertEquals(123, withRaw.path("raw_cdr").path("session").path("id").asInt());

        JsonNode shown = ok(team.user().http().get("/api/v1/call-detail-records/" + id + "?include=raw_cdr")).path("data");
        assertEquals(id, shown.path("id").asLong());
        assertEquals("ANSWERED", shown.path("raw_cdr").path("disposition").asText());
        assertFalse(ok(team.user().http().get("/api/v1/call-detail-records/" + id)).path("data").has("raw_cdr"));
    }

    @Test
    void another_organisations_record_and_a_non_numeric_id_are_404() {
        Team team = Identity.team(app, "CDR 404 Org");
        long foreign = new CdrRows(app.dsl(), Identity.team(app, "CDR 404 Other Org").organizationId())
                .insert("1", "2", "ANSWERED", 1, DAY);

        for (String path : List.of("/api/v1/call-detail-records/" + foreign, "/api/v1/call-detail-records/x1",
                "/api/v1/call-detail-records/99999999999999999999")) {
            Response response = team.owner().http().get(path + "?include=raw_cdr");
            assertEquals(404, response.status(), path);
            assertEquals("Call detail record not found.", response.json().path("message").asText());
        }
    }

    @Test
    void statistics_sum_the_local_days_of_the_organisation_timezone() {
        Team team = Identity.team(app, "CDR Stats Org");
        app.dsl().update(ORGANIZATIONS).set(ORGANIZATIONS.TIMEZONE, "Asia/Tokyo")
                .where(ORGANIZATIONS.ID.eq(team.organizationId())).execute();
        CdrRows rows = new CdrRows(app.dsl(), team.organizationId());
        // 2026-01-05 in Tokyo (UTC+9) is 2026-01-04T15:00Z .. 2026-01-05T15:00Z.
        rows.insert(cost(rows.cdr("1", "2", "ANSWERED", 10, OffsetDateTime.parse("2026-01-04T15:00:00Z")), "0.1000"));
        rows.insert(cost(rows.cdr("1", "2", "ANSWERED", 15, OffsetDateTime.parse("2026-01-05T14:59:59Z")), "0.3200"));
        rows.insert(rows.cdr("1", "2", "BUSY", 0, OffsetDateTime.parse("2026-01-05T03:00:00Z")));
        rows.insert(rows.cdr("1", "2", "busy", 0, OffsetDateTime.parse("2026-01-05T04:00:00Z")));
        // Local 2026-01-04 23:59:59 and 2026-01-06 00:00:00.
        rows.insert(rows.cdr("1", "2", "ANSWERED", 100, OffsetDateTime.parse("2026-01-04T14:59:59Z")));
        rows.insert(rows.cdr("1", "2", "ANSWERED", 100, OffsetDateTime.parse("2026-01-05T15:00:00Z")));

        JsonNode stats = ok(team.reporter().http()
                .get("/api/v1/call-detail-records/statistics?from_date=2026-01-05&to_date=2026-01-05"));

        assertEquals(4, stats.path("total_calls").asInt(), stats.toString());
        assertEquals(25, stats.path("total_duration").asInt());
        assertEquals(21, stats.path("total_billsec").asInt());
        assertEquals(12.5, stats.path("average_duration").asDouble(), "over calls longer than 0 s");
        assertEquals(0.42, stats.path("total_cost").asDouble(), 1e-9);
        assertEquals(2, stats.path("by_disposition").path("ANSWERED").asInt());
        assertEquals(2, stats.path("by_disposition").path("BUSY").asInt());
        assertEquals(2, stats.path("by_disposition").size());

        JsonNode list = ok(team.reporter().http().get("/api/v1/call-detail-records?from_date=2026-01-05&to_date=2026-01-05"));
        assertEquals(4, list.path("meta").path("total").asInt(), "the list reads the same local days");

        JsonNode empty = ok(team.reporter().http()
                .get("/api/v1/call-detail-records/statistics?from_date=2020-01-01&to_date=2020-01-01"));
        assertEquals(0, empty.path("total_calls").asInt());
        assertEquals(0, empty.path("total_duration").asInt());
        assertTrue(empty.path("average_duration").isNull(), empty.toString());
        assertEquals(0.0, empty.path("total_cost").asDouble());
        assertEquals(0, empty.path("by_disposition").size());
        assertTrue(empty.path("by_disposition").isObject());
    }

    @Test
    void every_role_may_read_records_and_statistics() {
        Team team = Identity.team(app, "CDR Roles Org");
        for (Role role : Role.values()) {
            assertEquals(200, team.as(role).http().get("/api/v1/call-detail-records").status(), role.wire());
            assertEquals(200, team.as(role).http().get("/api/v1/call-detail-records/statistics").status(), role.wire());
        }
    }

    private static CallDetailRecordsRecord cost(CallDetailRecordsRecord row, String cost) {
        row.setRatedCost(new BigDecimal(cost));
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
