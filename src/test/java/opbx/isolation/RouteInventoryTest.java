package opbx.isolation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import opbx.access.Permission;
import opbx.app.RouteInventory;
import opbx.isolation.RouteTable.Entry;
import opbx.isolation.RouteTable.Kind;
import opbx.support.HttpTestClient.Response;
import opbx.support.TestApp;
import org.junit.jupiter.api.Test;

/**
 * The router and {@link RouteTable} list the same routes with the same permissions (issue 9, item 1), and each class
 * of route refuses a caller without credentials the way its class should.
 */
class RouteInventoryTest {

    private final TestApp app = TestApp.shared();

    @Test
    void every_route_of_the_router_is_classified_and_every_classified_route_exists() {
        Set<String> registered = app.server().routes().stream()
                .map(route -> route.method() + " " + route.path())
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> classified = new TreeSet<>(RouteTable.entries().keySet());

        Set<String> unclassified = new TreeSet<>(registered);
        unclassified.removeAll(classified);
        Set<String> gone = new TreeSet<>(classified);
        gone.removeAll(registered);

        assertEquals(Set.of(), unclassified, "routes the router holds that src/test/java/opbx/isolation/RouteTable.java does not classify");
        assertEquals(Set.of(), gone, "routes RouteTable classifies that the router does not hold");
        assertEquals(registered.size(), app.server().routes().size(), "a route registered twice");
    }

    @Test
    void every_control_plane_route_carries_the_permission_of_the_table_and_no_other_route_carries_one() {
        List<String> wrong = new ArrayList<>();
        for (RouteInventory.Route route : app.server().routes()) {
            Entry entry = RouteTable.of(route.method(), route.path());
            if (entry == null) {
                continue;
            }
            List<Permission> permissions = route.roles().stream()
                    .filter(role -> role instanceof Permission)
                    .map(role -> (Permission) role)
                    .toList();
            List<Permission> expected = entry.kind() == Kind.CONTROL ? List.of(entry.permission()) : List.of();
            if (!permissions.equals(expected)) {
                wrong.add(route.method() + " " + route.path() + ": registered " + permissions + ", table " + expected);
            }
            boolean underV1 = route.path().startsWith("/api/v1/");
            if (entry.kind() == Kind.CONTROL != underV1 && entry.kind() != Kind.TEST_ONLY) {
                wrong.add(route.method() + " " + route.path() + ": " + entry.kind() + " outside its tree");
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void each_class_of_route_refuses_a_caller_without_credentials_the_way_its_class_does() {
        List<String> wrong = new ArrayList<>();
        int calls = 0;
        for (Map.Entry<String, Entry> route : RouteTable.entries().entrySet()) {
            String method = route.getKey().split(" ", 2)[0];
            String path = route.getKey().split(" ", 2)[1].replaceAll("\\{[^}]+}", "1");
            Kind kind = route.getValue().kind();
            if (kind == Kind.TEST_ONLY || route.getValue().permission() == Permission.PUBLIC) {
                continue;
            }
            String body = method.equals("GET") ? null : "{}";
            Response response = app.http().send(method, path, body, body == null ? null : "application/json", Map.of());
            calls++;
            String contentType = String.valueOf(response.header("Content-Type"));
            boolean right = switch (kind) {
                case CONTROL -> response.status() == 401 && contentType.startsWith("application/json")
                        && "UNAUTHENTICATED".equals(response.json().path("error").path("code").asText());
                case VOICE -> response.status() == 401 && contentType.startsWith("text/xml");
                case WEBHOOK -> response.status() == 401;
                case OPEN -> response.status() == 200;
                case TEST_ONLY -> true;
            };
            if (!right) {
                wrong.add(route.getKey() + " (" + kind + ") -> " + response.status() + " " + contentType + " "
                        + response.body());
            }
        }
        assertTrue(calls > 100, "calls: " + calls);
        assertEquals(List.of(), wrong);
    }
}
