package opbx.conferences;

import io.javalin.http.Context;
import java.util.List;
import opbx.access.Caller;
import opbx.http.Feature;
import opbx.http.PageRequest;
import opbx.http.Requests;
import opbx.resources.ResourceRoutes;

/** /api/v1/conference-rooms (control-plane spec §3.3). */
public final class ConferenceRoomsHandler implements Feature {

    private static final List<String> SORTABLE = List.copyOf(ConferenceRoomRepository.SORTABLE.keySet());

    private final ConferenceRoomService rooms;
    private final ResourceRoutes resource;
    private final int maxPerPage;

    public ConferenceRoomsHandler(ConferenceRoomService rooms, Requests requests, List<String> trustedProxies,
                                  int maxPerPage) {
        this.rooms = rooms;
        this.resource = new ResourceRoutes("Conference room", rooms, requests, trustedProxies);
        this.maxPerPage = maxPerPage;
    }

    @Override
    public void routes() {
        resource.register("conference-rooms", this::list);
    }

    private void list(Context ctx) {
        PageRequest page = PageRequest.from(ctx, 20, maxPerPage, SORTABLE, "name", true);
        ConferenceRoomRepository.ListFilter filter = new ConferenceRoomRepository.ListFilter(
                PageRequest.filter(ctx, "status", ConferenceRoomInput.STATUSES).orElse(null));
        ctx.json(rooms.list(Caller.of(ctx), filter, page));
    }

}
