package opbx.cdrs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import opbx.access.Role;
import opbx.db.gen.tables.records.CallDetailRecordsRecord;
import opbx.support.HttpTestClient.Response;
import opbx.support.Identity;
import opbx.support.Identity.Team;
import opbx.support.TestApp;
import org.junit.jupiter.api.Test;

/** GET /api/v1/call-detail-records/export and ?format=csv (control-plane spec §3.12). */
class CdrExportTest {

    static final String HEADER = "id,session_timestamp,from,to,disposition,duration,billsec,call_id,status,domain,subscriber,"
            + "application,route,rated_cost,approx_cost,sell_cost,call_start_time,call_answer_time,call_end_time";

    private static final OffsetDateTime DAY = OffsetDateTime.of(2026, 1, 5, 10, 0, 0, 0, ZoneOffset.UTC);

    private final TestApp app = TestApp.shared();

    @Test
    void a_reporter_downloads_the_filtered_records_as_csv_with_crlf_lines_and_quoted_cells() {
        Team team = Identity.team(app, "CDR Export Org");
        CdrRows rows = new CdrRows(app.dsl(), team.organizationId());
        CallDetailRecordsRecord quoted = rows.cdr("\"Smith, John\" <+12125550101>", "=HYPERLINK(\"http://evil\")", "ANSWERED", 75, DAY);
        quoted.setCallId("call-quoted");
        quoted.setRatedCost(new BigDecimal("0.4200"));
        quoted.setApproxCost(BigDecimal.ZERO);
        quoted.setCallAnswerTime(DAY.plusSeconds(3));
        long quotedId = rows.insert(quoted);
        CallDetailRecordsRecord phone = rows.cdr("+12125551234", "1001", "BUSY", 0, DAY.plusMinutes(1));
        phone.setCallId("call-phone");
        long phoneId = rows.insert(phone);
        rows.insert("+12125550000", "1001", "NO ANSWER", 0, DAY.minusDays(3));

        Response response = team.reporter().http().get("/api/v1/call-detail-records/export?from_date=2026-01-05&to_date=2026-01-05");

        assertEquals(200, response.status(), response.body());
        assertEquals("text/csv; charset=utf-8", response.header("Content-Type").toLowerCase());
        assertTrue(response.header("Content-Disposition").matches("attachment; filename=\"cdr-export-\\d{8}-\\d{6}\\.csv\""),
                response.header("Content-Disposition"));
        assertEquals(HEADER + "\r\n"
                + phoneId + ",2026-01-05T10:01:00Z,+12125551234,1001,BUSY,0,0,call-phone,,,,,,,,,,,\r\n"
                + quotedId + ",2026-01-05T10:00:00Z,\"\"\"Smith, John\"\" <+12125550101>\",\"'=HYPERLINK(\"\"http://evil\"\")\","
                + "ANSWERED,75,73,call-quoted,,,,,,0.42,0,,,2026-01-05T10:00:03Z,\r\n", response.body());
    }

    @Test
    void the_list_answers_the_same_csv_with_format_csv_and_sorts_like_the_list() {
        Team team = Identity.team(app, "CDR Format Org");
        CdrRows rows = new CdrRows(app.dsl(), team.organizationId());
        long early = rows.insert("+12125550101", "1001", "ANSWERED", 5, DAY);
        long late = rows.insert("+12125550102", "1001", "ANSWERED", 5, DAY.plusHours(1));

        Response response = team.owner().http().get("/api/v1/call-detail-records?format=csv&sort_order=asc&page=2&per_page=1");

        assertEquals(200, response.status(), response.body());
        assertTrue(response.header("Content-Type").startsWith("text/csv"));
        List<String> lines = List.of(response.body().split("\r\n"));
        assertEquals(3, lines.size(), "no pagination: " + lines);
        assertTrue(lines.get(1).startsWith(early + ","), lines.toString());
        assertTrue(lines.get(2).startsWith(late + ","), lines.toString());
    }

    @Test
    void pbx_users_may_not_export_and_the_other_roles_may() {
        Team team = Identity.team(app, "CDR Export Roles Org");

        for (String path : List.of("/api/v1/call-detail-records/export", "/api/v1/call-detail-records?format=csv")) {
            Response refused = team.user().http().get(path);
            assertEquals(403, refused.status(), path + " " + refused.body());
            assertEquals("FORBIDDEN", refused.json().path("error").path("code").asText());
            for (Role role : List.of(Role.OWNER, Role.PBX_ADMIN, Role.REPORTER)) {
                Response allowed = team.as(role).http().get(path);
                assertEquals(200, allowed.status(), path + " as " + role.wire());
                assertEquals(HEADER + "\r\n", allowed.body(), "an empty export is the header row");
            }
        }
    }
}
