package opbx.isolation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import opbx.access.Role;
import opbx.app.RouteInventory;
import opbx.isolation.RouteTable.Entry;
import opbx.isolation.RouteTable.Kind;
import opbx.support.HttpTestClient;
import opbx.support.HttpTestClient.Response;
import opbx.support.TestApp;
import org.junit.jupiter.api.Test;

/**
 * Every control-plane read without an id (lists, searches, statistics, the CDR export, settings, the audit log), called
 * by every role of organisation A, plain and searching for organisation B's names, numbers, e-mail addresses and call
 * ids: no answer names anything of B (control-plane spec §2.3). The event stream is left out here: it never ends,
 * and {@code EventStreamTest.a_client_sees_only_its_own_organisations_events} holds it to the same rule.
 */
class ListIsolationTest {

    private final TestApp app = TestApp.shared();

    @Test
    void no_list_search_or_statistic_of_one_organisation_names_anything_of_another() {
        TenantWorld a = new TenantWorld(app, "A", "25");
        TenantWorld b = new TenantWorld(app, "B", "75");
        // Every name, e-mail address, call id and domain of B contains its marker (the e-mail and domain in lower case).
        List<String> probes = List.of(b.marker, b.marker.toLowerCase(), b.didNumber);

        List<RouteInventory.Route> reads = app.server().routes().stream()
                .filter(route -> route.method().equals("GET") && !route.path().contains("{"))
                .filter(route -> {
                    Entry entry = RouteTable.of(route.method(), route.path());
                    return entry != null && entry.kind() == Kind.CONTROL;
                })
                .filter(route -> !route.path().equals("/api/v1/events"))
                .toList();
        // B reads first, so whatever its reads cache is there for a cache keyed without the organisation to hand out.
        reads.forEach(route -> b.owner().get(route.path()));

        List<String> failures = new ArrayList<>();
        int cases = 0;
        for (RouteInventory.Route route : reads) {
            String did = URLEncoder.encode(b.didNumber, StandardCharsets.UTF_8);
            List<String> queries = new ArrayList<>(List.of("", "?trashed=with&per_page=100",
                    "?from_number=" + did + "&to_number=" + did, "?to_number=" + did, "?from=" + did + "&to=" + did));
            for (String probe : probes) {
                queries.add("?per_page=100&search=" + URLEncoder.encode(probe, StandardCharsets.UTF_8));
            }
            for (Role role : Role.values()) {
                HttpTestClient caller = a.team.as(role).http();
                for (String query : queries) {
                    Response response = caller.get(route.path() + query);
                    cases++;
                    String leak = b.leakIn(response.body());
                    // 502/503 are Cloudonix answers (not configured, unreachable) the spec gives; a 500 is a bug.
                    if (leak != null || response.status() == 500) {
                        failures.add(role.wire() + " of A: GET " + route.path() + query + " -> " + response.status()
                                + (leak == null ? "" : " names B's " + leak) + ": " + response.body());
                    }
                }
            }
        }
        System.out.printf("list isolation: %d cases, %d failures%n", cases, failures.size());
        assertEquals(List.of(), failures, String.join("\n", failures));
        assertTrue(cases >= 500, "cases " + cases);

        // The control: B's owner finds B's call by the same probes.
        assertTrue(b.owner().get("/api/v1/call-logs?per_page=100").body().contains(b.callSid));
        assertTrue(b.owner().get("/api/v1/call-detail-records?per_page=100").body().contains(b.cdrCallId));
        assertTrue(b.owner().get("/api/v1/users?search=" + URLEncoder.encode(b.marker, StandardCharsets.UTF_8))
                .body().contains(b.personEmail));
    }
}
