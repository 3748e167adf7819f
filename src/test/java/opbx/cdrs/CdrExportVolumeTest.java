package opbx.cdrs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import opbx.access.Role;
import opbx.support.Identity;
import opbx.support.Identity.Member;
import opbx.support.TestApp;
import opbx.support.TestStores;
import org.junit.jupiter.api.Test;

/**
 * The export streams from a database cursor (control-plane spec §3.12): a large export arrives whole, read here as a
 * stream without holding it, and OPBX_EXPORT_MAX_ROWS cuts it with a final {@code # truncated}.
 */
class CdrExportVolumeTest {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void an_export_of_100_000_records_streams_every_row() throws Exception {
        TestApp app = TestApp.shared();
        long org = Identity.team(app, "CDR Volume Org").organizationId();
        new CdrRows(app.dsl(), org).bulk(100_000);
        Member reporter = Identity.member(app, org, Role.REPORTER);

        HttpResponse<InputStream> response = export(app, reporter, "");

        assertEquals(200, response.statusCode());
        long lines = 0;
        String last = null;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines++;
                last = line;
            }
        }
        assertEquals(100_001, lines, "the header and every row");
        assertTrue(last.contains(",+12120000001,1001,ANSWERED,"), "oldest last: " + last);
    }

    @Test
    void opbx_export_max_rows_cuts_the_export_with_a_truncated_line() throws Exception {
        TestStores stores = TestStores.get();
        TestApp limited = TestApp.start(stores.database(), stores.redis(), Map.of("OPBX_EXPORT_MAX_ROWS", "10"));
        try {
            long org = Identity.team(limited, "CDR Truncated Org").organizationId();
            Member reporter = Identity.member(limited, org, Role.REPORTER);
            new CdrRows(limited.dsl(), org).bulk(10);

            List<String> exactly = lines(export(limited, reporter, ""));
            assertEquals(11, exactly.size(), "ten rows fit: nothing is cut " + exactly);
            assertTrue(!exactly.contains("# truncated"));

            new CdrRows(limited.dsl(), org).bulk(1);
            List<String> cut = lines(export(limited, reporter, "?sort_order=asc"));
            assertEquals(12, cut.size(), cut.toString());
            assertEquals(CdrExportTest.HEADER, cut.get(0));
            assertEquals("# truncated", cut.get(11));
        } finally {
            limited.close();
        }
    }

    private static HttpResponse<InputStream> export(TestApp app, Member member, String query) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl(app) + "/api/v1/call-detail-records/export" + query))
                .timeout(Duration.ofMinutes(2))
                .header("Authorization", "Bearer " + member.token())
                .GET()
                .build();
        return CLIENT.send(request, HttpResponse.BodyHandlers.ofInputStream());
    }

    private static String baseUrl(TestApp app) {
        return "http://127.0.0.1:" + app.server().port();
    }

    private static List<String> lines(HttpResponse<InputStream> response) throws IOException {
        assertEquals(200, response.statusCode());
        List<String> lines = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines.add(line);
            }
        }
        return lines;
    }
}
