package opbx.conferences;

import static io.javalin.apibuilder.ApiBuilder.delete;
import static io.javalin.apibuilder.ApiBuilder.get;
import static io.javalin.apibuilder.ApiBuilder.patch;
import static io.javalin.apibuilder.ApiBuilder.path;
import static io.javalin.apibuilder.ApiBuilder.post;
import static io.javalin.apibuilder.ApiBuilder.put;

import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import opbx.access.Caller;
import opbx.access.Permission;
import opbx.http.ClientInfo;
import opbx.http.Feature;
import opbx.http.PageRequest;
import opbx.http.Requests;

/** /api/v1/conference-rooms (control-plane spec §3.3). */
public final class ConferenceRoomsHandler implements Feature {

    private static final List<String> SORTABLE = List.copyOf(ConferenceRoomRepository.SORTABLE.keySet());

    private final ConferenceRoomService rooms;
    private final Requests requests;
    private final List<String> trustedProxies;
    private final int maxPerPage;

    public ConferenceRoomsHandler(ConferenceRoomService rooms, Requests requests, List<String> trustedProxies,
                                  int maxPerPage) {
        this.rooms = rooms;
        this.requests = requests;
        this.trustedProxies = trustedProxies;
        this.maxPerPage = maxPerPage;
    }

    @Override
    public void routes() {
        path("conference-rooms", () -> {
            get(this::list, Permission.PBX_READ);
            post(this::create, Permission.PBX_MANAGE);
            path("{id}", () -> {
                get(this::show, Permission.PBX_READ);
                put(this::update, Permission.PBX_MANAGE);
                patch(this::update, Permission.PBX_MANAGE);
                delete(this::remove, Permission.PBX_MANAGE);
            });
        });
    }

    private void list(Context ctx) {
        PageRequest page = PageRequest.from(ctx, 20, maxPerPage, SORTABLE, "name", true);
        ConferenceRoomRepository.ListFilter filter = new ConferenceRoomRepository.ListFilter(
                PageRequest.filter(ctx, "status", ConferenceRoomInput.STATUSES).orElse(null));
        ctx.json(rooms.list(Caller.of(ctx), filter, page));
    }

    private void show(Context ctx) {
        ctx.json(Map.of("data", rooms.show(Caller.of(ctx), id(ctx))));
    }

    private void create(Context ctx) {
        Map<String, Object> room = rooms.create(Caller.of(ctx), requests.jsonObject(ctx), client(ctx));
        ctx.status(201).json(Map.of("message", "Conference room created successfully.", "data", room));
    }

    private void update(Context ctx) {
        long id = id(ctx);
        Map<String, Object> room = rooms.update(Caller.of(ctx), id, requests.jsonObject(ctx), client(ctx));
        ctx.json(Map.of("message", "Conference room updated successfully.", "data", room));
    }

    private void remove(Context ctx) {
        rooms.delete(Caller.of(ctx), id(ctx), client(ctx));
        ctx.status(204);
    }

    private static long id(Context ctx) {
        return Requests.pathId(ctx, "id", ConferenceRoomService.RESOURCE);
    }

    private ClientInfo client(Context ctx) {
        return ClientInfo.of(ctx, trustedProxies);
    }
}
