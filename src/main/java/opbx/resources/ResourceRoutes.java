package opbx.resources;

import static io.javalin.apibuilder.ApiBuilder.delete;
import static io.javalin.apibuilder.ApiBuilder.get;
import static io.javalin.apibuilder.ApiBuilder.patch;
import static io.javalin.apibuilder.ApiBuilder.path;
import static io.javalin.apibuilder.ApiBuilder.post;
import static io.javalin.apibuilder.ApiBuilder.put;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import opbx.access.Caller;
import opbx.access.Permission;
import opbx.http.ClientInfo;
import opbx.http.Requests;

/**
 * The route set and answers every configuration resource shares (control-plane spec §3): list and show for
 * {@code PBX_READ}; create (201), update by PUT or PATCH, delete (204) for {@code PBX_MANAGE}; wrappers
 * {@code {"message":"<Thing> created successfully.","data":{...}}}. Fixed sub-paths are registered before {@code {id}}.
 */
public final class ResourceRoutes {

    private final String resource;
    private final ResourceService service;
    private final Requests requests;
    private final List<String> trustedProxies;

    /** @param resource the singular name in messages, e.g. "Conference room" */
    public ResourceRoutes(String resource, ResourceService service, Requests requests, List<String> trustedProxies) {
        this.resource = resource;
        this.service = service;
        this.requests = requests;
        this.trustedProxies = trustedProxies;
    }

    /**
     * @param fixedPaths routes under the collection registered before {@code {id}} (e.g. {@code voices})
     * @param idPaths    extra routes under {@code {id}} (e.g. {@code duplicate}, {@code restore})
     */
    public void register(String collection, Handler list, Runnable fixedPaths, Runnable idPaths) {
        path(collection, () -> {
            get(list, Permission.PBX_READ);
            post(this::create, Permission.PBX_MANAGE);
            fixedPaths.run();
            path("{id}", () -> {
                get(ctx -> ctx.json(Map.of("data", service.show(Caller.of(ctx), id(ctx)))), Permission.PBX_READ);
                put(this::update, Permission.PBX_MANAGE);
                patch(this::update, Permission.PBX_MANAGE);
                delete(this::remove, Permission.PBX_MANAGE);
                idPaths.run();
            });
        });
    }

    public void register(String collection, Handler list) {
        register(collection, list, () -> { }, () -> { });
    }

    private void create(Context ctx) {
        ResourceService.Answer answer = service.createAnswer(Caller.of(ctx), requests.jsonObject(ctx), client(ctx));
        ctx.status(201).json(wrapper(resource + " created successfully.", answer));
    }

    private void update(Context ctx) {
        long id = id(ctx);
        ResourceService.Answer answer = service.updateAnswer(Caller.of(ctx), id, requests.jsonObject(ctx), client(ctx));
        ctx.json(wrapper(resource + " updated successfully.", answer));
    }

    private static Map<String, Object> wrapper(String message, ResourceService.Answer answer) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("message", message);
        json.put("data", answer.data());
        if (answer.warning() != null) {
            json.put("warning", answer.warning());
        }
        return json;
    }

    private void remove(Context ctx) {
        String warning = service.deleteAnswer(Caller.of(ctx), id(ctx), client(ctx));
        if (warning != null) {
            // A 204 has no body. RFC 9111 retired the Warning header without a successor; 299 is its "persistent
            // warning". Header values are ASCII: arrows are spelled "->", quotes escaped for the quoted string.
            String ascii = warning.replace("→", "->").replace("\\", "\\\\").replace("\"", "\\\"")
                    .replaceAll("[^\\x20-\\x7E]", "?");
            ctx.header("Warning", "299 opbx \"" + ascii + "\"");
        }
        ctx.status(204);
    }

    /** The path id, or this resource's 404. */
    public long id(Context ctx) {
        return Requests.pathId(ctx, "id", resource);
    }

    public ClientInfo client(Context ctx) {
        return ClientInfo.of(ctx, trustedProxies);
    }
}
