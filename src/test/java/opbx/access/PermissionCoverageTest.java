package opbx.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import opbx.app.RouteInventory;
import opbx.support.Identity;
import opbx.support.TestApp;
import org.junit.jupiter.api.Test;

class PermissionCoverageTest {

    private final TestApp app = TestApp.shared();

    @Test
    void every_control_plane_route_declares_exactly_one_permission() {
        List<RouteInventory.Route> routes = app.server().routes().stream()
                .filter(route -> route.path().startsWith("/api/v1/"))
                .filter(route -> !route.path().startsWith("/api/v1/test/"))
                .toList();

        assertFalse(routes.isEmpty());
        List<String> missing = routes.stream()
                .filter(route -> route.roles().stream().filter(role -> role instanceof Permission).count() != 1)
                .map(route -> route.method() + " " + route.path())
                .toList();
        assertEquals(List.of(), missing, "routes without exactly one Permission");
    }

    @Test
    void the_inventory_contains_the_identity_routes() {
        List<String> routes = app.server().routes().stream().map(route -> route.method() + " " + route.path()).toList();

        for (String expected : List.of("POST /api/v1/auth/login", "GET /api/v1/auth/me", "GET /api/v1/users",
                "DELETE /api/v1/users/{id}", "POST /api/v1/users/{id}/restore", "PUT /api/v1/profile/password",
                "GET /api/v1/audit-log")) {
            assertTrue(routes.contains(expected), expected + " in " + routes);
        }
    }

    @Test
    void a_route_registered_without_a_permission_is_refused_even_for_the_owner() {
        Identity.Team team = Identity.team(app, "Unguarded Org");

        assertEquals(403, app.http().get("/api/v1/test/unguarded").status());
        assertEquals(403, team.owner().http().get("/api/v1/test/unguarded").status());
    }
}
