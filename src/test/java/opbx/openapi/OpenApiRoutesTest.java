package opbx.openapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;
import opbx.app.RouteInventory;
import opbx.support.TestApp;
import opbx.support.TestStores;
import org.junit.jupiter.api.Test;

/**
 * The router and the OpenAPI document list the same operations (issue 10): a route added without documenting it, or a
 * documented route that no longer exists, fails the build with the difference spelled out. Operations marked
 * {@code x-opbx-enabled-by} exist only when their switch is on.
 */
class OpenApiRoutesTest {

    private static final String SWITCH = "x-opbx-enabled-by";

    private final ApiDocument document = ApiDocument.fromClasspath();

    @Test
    void the_router_and_the_document_hold_the_same_operations_both_ways() {
        SortedSet<String> routed = routed(TestApp.shared());
        SortedSet<String> documented = documented(false);

        SortedSet<String> undocumented = new TreeSet<>(routed);
        undocumented.removeAll(documented);
        SortedSet<String> unrouted = new TreeSet<>(documented);
        unrouted.removeAll(routed);

        assertTrue(undocumented.isEmpty() && unrouted.isEmpty(), "router and src/main/resources/openapi/openapi.json "
                + "differ.\n  In the router, not in the document (document them):\n    "
                + String.join("\n    ", undocumented)
                + "\n  In the document, not in the router (remove them, or mark them " + SWITCH + "):\n    "
                + String.join("\n    ", unrouted));
    }

    @Test
    void an_operation_behind_a_switch_is_routed_only_when_the_switch_is_on() {
        SortedSet<String> switched = documented(true);
        switched.removeAll(documented(false));
        assertFalse(switched.isEmpty(), "signup is documented behind OPBX_SIGNUP_ENABLED");
        Set<String> switches = document.operations().stream()
                .filter(operation -> operation.node().has(SWITCH))
                .map(operation -> operation.node().get(SWITCH).asText())
                .collect(Collectors.toSet());
        assertEquals(Set.of("OPBX_SIGNUP_ENABLED"), switches, "a new switch needs a server started with it here");

        SortedSet<String> off = routed(TestApp.shared());
        assertTrue(switched.stream().noneMatch(off::contains), switched + " routed with the switch off");

        TestApp on = TestApp.start(TestStores.get().database(), TestStores.get().redis(),
                Map.of("OPBX_SIGNUP_ENABLED", "true"));
        try {
            SortedSet<String> routed = routed(on);
            SortedSet<String> missing = new TreeSet<>(switched);
            missing.removeAll(routed);
            assertEquals(Set.of(), missing, "documented behind a switch, not routed with it on");
        } finally {
            on.close();
        }
    }

    /** "METHOD /path" of every route the server answers, without test-only routes, HEAD and OPTIONS. */
    private static SortedSet<String> routed(TestApp app) {
        return app.server().routes().stream()
                .filter(route -> !route.method().equals("HEAD") && !route.method().equals("OPTIONS"))
                .filter(route -> !route.path().startsWith("/api/v1/test/") && !route.path().startsWith("/api/test/"))
                .map(OpenApiRoutesTest::key)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** Javalin writes path parameters {@code {id}} or {@code <id>}; OpenAPI writes {@code {id}}. */
    private static String key(RouteInventory.Route route) {
        return route.method() + " " + route.path().replaceAll("<([^>]+)>", "{$1}");
    }

    private SortedSet<String> documented(boolean withSwitchedOn) {
        return document.operations().stream()
                .filter(operation -> withSwitchedOn || !operation.node().has(SWITCH))
                .filter(operation -> !operation.method().equals("HEAD") && !operation.method().equals("OPTIONS"))
                .map(ApiDocument.Operation::key)
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
