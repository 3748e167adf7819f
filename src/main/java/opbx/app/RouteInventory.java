package opbx.app;

import io.javalin.Javalin;
import io.javalin.router.Endpoint;
import io.javalin.security.RouteRole;
import io.javalin.security.Roles;
import java.util.List;
import java.util.Set;

/** Every HTTP route of the running app, read from Javalin's router itself, with the roles it was registered with. */
public final class RouteInventory {

    public record Route(String method, String path, Set<RouteRole> roles) {
    }

    private RouteInventory() {
    }

    public static List<Route> of(Javalin app) {
        return app.unsafe.internalRouter.allHttpHandlers().stream()
                .map(parsed -> parsed.endpoint)
                .filter(endpoint -> endpoint.method.isHttpMethod())
                .map(RouteInventory::route)
                .toList();
    }

    private static Route route(Endpoint endpoint) {
        Roles roles = endpoint.metadata(Roles.class);
        return new Route(endpoint.method.name(), endpoint.path, roles == null ? Set.of() : Set.copyOf(roles.getRoles()));
    }
}
