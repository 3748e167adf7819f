package opbx.isolation;

import static opbx.support.TestData.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import opbx.access.Permission;
import opbx.access.Role;
import opbx.app.RouteInventory;
import opbx.isolation.RouteTable.Entry;
import opbx.isolation.RouteTable.Kind;
import opbx.support.HttpTestClient;
import opbx.support.HttpTestClient.Response;
import opbx.support.OrgSnapshot;
import opbx.support.TestApp;
import org.junit.jupiter.api.Test;

/**
 * The tenant isolation matrix (issue 9, item 2; control-plane spec §2.2-2.3): every route of the router whose path
 * takes an id, called by every role of organisation A with every id of organisation B of the kind the path names.
 * A role the permission matrix denies gets 403 before any lookup; an allowed role gets exactly the answer a missing
 * id gets (404, or the 501 of the recordings writes); no answer is 2xx or names anything of B; and every row B owns is
 * the same after the whole matrix as before it.
 */
class TenantIsolationMatrixTest {

    /** An id no organisation has: the answer B's ids must be indistinguishable from. */
    private static final String MISSING = "2000000000";

    private final TestApp app = TestApp.shared();

    @Test
    void every_role_of_one_organisation_is_refused_every_id_route_with_every_id_of_another_and_nothing_of_it_changes() {
        TenantWorld a = new TenantWorld(app, "A", "21");
        TenantWorld b = new TenantWorld(app, "B", "71");
        List<RouteInventory.Route> idRoutes = idRoutes();
        everyLiveIdOfB_isFoundByB(idRoutes, b);
        OrgSnapshot before = OrgSnapshot.of(app.dsl(), b.org);

        List<String> failures = new ArrayList<>();
        int cases = 0;
        for (RouteInventory.Route route : idRoutes) {
            Entry entry = RouteTable.of(route.method(), route.path());
            String resource = resourceOf(route.path());
            List<String> ids = b.ids(resource);
            if (entry == null || entry.kind() != Kind.CONTROL || ids == null) {
                failures.add(route.method() + " " + route.path() + ": no isolation rule (classify it in RouteTable, "
                        + "give TenantWorld an object of kind '" + resource + "')");
                continue;
            }
            String body = bodyFor(route, resource, a);
            for (Role role : Role.values()) {
                HttpTestClient caller = a.team.as(role).http();
                Response missing = call(caller, route, MISSING, body);
                for (String id : ids) {
                    Response response = call(caller, route, id, body);
                    cases++;
                    String problem = judge(entry.permission(), role, missing, response, b);
                    if (problem != null) {
                        failures.add(role.wire() + " of A: " + route.method() + " " + route.path() + " with " + resource
                                + " " + id + " of B -> " + response.status() + " " + response.body() + ": " + problem);
                    }
                }
            }
        }
        List<String> changed = before.diff(OrgSnapshot.of(app.dsl(), b.org));

        System.out.printf("tenant isolation matrix: %d cases (%d id routes x %d roles x ids of B), %d failures, "
                + "B's rows %s%n", cases, idRoutes.size(), Role.values().length, failures.size(), before.counts());
        assertEquals(List.of(), failures, String.join("\n", failures));
        assertEquals(List.of(), changed, "rows of B changed by A's requests");
        assertTrue(cases >= 400, "cases: " + cases);
    }

    /**
     * The control, before the matrix: the ids are real, since B's owner reaches them through the same routes (which
     * also fills whatever B's reads cache, so a cache keyed without the organisation would show in the matrix).
     */
    private void everyLiveIdOfB_isFoundByB(List<RouteInventory.Route> idRoutes, TenantWorld b) {
        List<String> notFound = new ArrayList<>();
        for (RouteInventory.Route route : idRoutes) {
            if (!route.method().equals("GET")) {
                continue;
            }
            String resource = resourceOf(route.path());
            for (String id : b.ids(resource)) {
                if (b.live(resource, id)) {
                    Response response = call(b.owner(), route, id, null);
                    if (response.status() == 404 || response.status() >= 500) {
                        notFound.add(route.path() + " " + id + " -> " + response.status() + " " + response.body());
                    }
                }
            }
        }
        assertEquals(List.of(), notFound, "B's owner cannot reach B's own ids");
    }

    /** Every route of the router with a path parameter, test-only ones aside. */
    private List<RouteInventory.Route> idRoutes() {
        List<RouteInventory.Route> routes = app.server().routes().stream()
                .filter(route -> route.path().contains("{"))
                .filter(route -> {
                    Entry entry = RouteTable.of(route.method(), route.path());
                    return entry == null || entry.kind() != Kind.TEST_ONLY;
                })
                .sorted(Comparator.comparing(RouteInventory.Route::path).thenComparing(RouteInventory.Route::method))
                .toList();
        assertTrue(routes.size() >= 40, "id routes: " + routes);
        return routes;
    }

    /** Null when the answer is right; else what is wrong with it. */
    private static String judge(Permission permission, Role role, Response missing, Response response, TenantWorld b) {
        String leak = b.leakIn(response.body());
        if (leak != null) {
            return "the answer contains B's " + leak;
        }
        if (response.status() < 300) {
            return "succeeded";
        }
        if (!permission.allows(role)) {
            return response.status() == 403 && code(response).equals("FORBIDDEN") ? null : "expected 403 FORBIDDEN";
        }
        boolean missingIsRefusal = missing.status() == 404 && code(missing).equals("NOT_FOUND")
                || missing.status() == 501 && code(missing).equals("NOT_IMPLEMENTED");
        if (!missingIsRefusal) {
            return "a missing id answers " + missing.status() + " " + missing.body() + ", not 404";
        }
        boolean same = response.status() == missing.status() && code(response).equals(code(missing))
                && response.json().path("message").asText().equals(missing.json().path("message").asText());
        return same ? null : "differs from the answer to a missing id: " + missing.status() + " " + missing.body();
    }

    private static String code(Response response) {
        return response.json().path("error").path("code").asText();
    }

    private static Response call(HttpTestClient caller, RouteInventory.Route route, String id, String body) {
        String path = route.path().replaceAll("\\{[^}]+}", id);
        return caller.send(route.method(), path, body, body == null ? null : "application/json", Map.of());
    }

    /** The path segment that names what the (first) parameter is an id of: users, extensions, ring-groups... */
    static String resourceOf(String path) {
        String head = path.substring(0, path.indexOf('{') - 1);
        return head.substring(head.lastIndexOf('/') + 1);
    }

    /**
     * A body that would be a valid write for the resource (references are A's own objects), for PUT and PATCH of the
     * resource itself; the action routes (restore, duplicate, reset-password) take none.
     */
    private static String bodyFor(RouteInventory.Route route, String resource, TenantWorld a) {
        boolean write = route.method().equals("PUT") || route.method().equals("PATCH");
        if (!write || !route.path().endsWith("}")) {
            return null;
        }
        return switch (resource) {
            case "users" -> json("name", "Pwned Name", "phone", "+15550009999", "status", "inactive");
            case "extensions" -> json("status", "inactive", "voicemail_enabled", false, "configuration", Map.of());
            case "conference-rooms" -> json("name", "Pwned Room", "max_participants", 3);
            case "ring-groups" -> json("name", "Pwned Group",
                    "members", List.of(Map.of("extension_id", a.extensions.get("user"))));
            case "ivr-menus" -> json("name", "Pwned Menu", "tts_text", "Pwned prompt");
            case "business-hours" -> json("name", "Pwned Hours", "status", "inactive");
            case "phone-numbers" -> json("friendly_name", "Pwned Line", "status", "inactive");
            case "outbound-whitelist" -> json("name", "Pwned Route", "outbound_trunk_name", "pwned-trunk");
            default -> json("name", "Pwned");
        };
    }
}
