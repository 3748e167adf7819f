package opbx.phonenumbers;

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

/** /api/v1/phone-numbers (control-plane spec §3.9). */
public final class PhoneNumbersHandler implements Feature {

    private static final List<String> SORTABLE = List.copyOf(PhoneNumberRepository.SORTABLE.keySet());

    private final PhoneNumberService numbers;
    private final Requests requests;
    private final List<String> trustedProxies;
    private final int maxPerPage;

    public PhoneNumbersHandler(PhoneNumberService numbers, Requests requests, List<String> trustedProxies, int maxPerPage) {
        this.numbers = numbers;
        this.requests = requests;
        this.trustedProxies = trustedProxies;
        this.maxPerPage = maxPerPage;
    }

    @Override
    public void routes() {
        path("phone-numbers", () -> {
            get(this::list, Permission.PBX_READ);
            post(this::create, Permission.PBX_MANAGE);
            path("{id}", () -> {
                get(ctx -> ctx.json(Map.of("data", numbers.show(Caller.of(ctx), id(ctx)))), Permission.PBX_READ);
                put(this::update, Permission.PBX_MANAGE);
                patch(this::update, Permission.PBX_MANAGE);
                delete(this::remove, Permission.PBX_MANAGE);
            });
        });
    }

    private void list(Context ctx) {
        PageRequest page = PageRequest.from(ctx, 20, maxPerPage, SORTABLE, "created_at", false);
        PhoneNumberRepository.ListFilter filter = new PhoneNumberRepository.ListFilter(
                PageRequest.filter(ctx, "status", PhoneNumberValidator.STATUSES).orElse(null),
                PageRequest.filter(ctx, "routing_type", RoutingType.WIRE_VALUES).orElse(null));
        ctx.json(numbers.list(Caller.of(ctx), filter, page));
    }

    private void create(Context ctx) {
        Map<String, Object> number = numbers.create(Caller.of(ctx), requests.jsonObject(ctx), client(ctx));
        ctx.status(201).json(Map.of("message", "Phone number created successfully.", "data", number));
    }

    private void update(Context ctx) {
        long id = id(ctx);
        Map<String, Object> number = numbers.update(Caller.of(ctx), id, requests.jsonObject(ctx), client(ctx));
        ctx.json(Map.of("message", "Phone number updated successfully.", "data", number));
    }

    private void remove(Context ctx) {
        numbers.delete(Caller.of(ctx), id(ctx), client(ctx));
        ctx.status(204);
    }

    private static long id(Context ctx) {
        return Requests.pathId(ctx, "id", "Phone number");
    }

    private ClientInfo client(Context ctx) {
        return ClientInfo.of(ctx, trustedProxies);
    }
}
