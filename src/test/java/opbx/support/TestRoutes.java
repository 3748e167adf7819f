package opbx.support;

import static io.javalin.apibuilder.ApiBuilder.get;
import static io.javalin.apibuilder.ApiBuilder.path;
import static io.javalin.apibuilder.ApiBuilder.post;

import opbx.http.Feature;
import opbx.http.Json;
import opbx.http.Requests;

/**
 * Routes that exist only in tests, mounted through the same app builder as the real features, to exercise the
 * shared HTTP pieces (body parsing, error mapping) before real features use them.
 */
final class TestRoutes implements Feature {

    private final Requests requests = new Requests(Json.newMapper());

    /** Under /api/v1: a route registered without a permission, which access control must refuse. */
    static Feature v1() {
        return () -> path("test", () -> get("unguarded", ctx -> ctx.json(java.util.Map.of("open", true))));
    }

    @Override
    public void routes() {
        path("test", () -> {
            post("echo", ctx -> ctx.json(requests.jsonObject(ctx)));
            get("items/{id}", ctx -> ctx.json(java.util.Map.of("id", Requests.pathId(ctx, "id", "Item"))));
            get("boom", ctx -> {
                throw new IllegalStateException("internal detail: password=hunter2 at jdbc:postgresql://db");
            });
        });
    }
}
