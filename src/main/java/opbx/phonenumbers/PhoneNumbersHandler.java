package opbx.phonenumbers;

import io.javalin.http.Context;
import java.util.List;
import opbx.access.Caller;
import opbx.http.Feature;
import opbx.http.PageRequest;
import opbx.http.Requests;
import opbx.resources.ResourceRoutes;

/** /api/v1/phone-numbers (control-plane spec §3.9). */
public final class PhoneNumbersHandler implements Feature {

    private static final List<String> SORTABLE = List.copyOf(PhoneNumberRepository.SORTABLE.keySet());

    private final PhoneNumberService numbers;
    private final ResourceRoutes resource;
    private final int maxPerPage;

    public PhoneNumbersHandler(PhoneNumberService numbers, Requests requests, List<String> trustedProxies, int maxPerPage) {
        this.numbers = numbers;
        this.resource = new ResourceRoutes("Phone number", numbers, requests, trustedProxies);
        this.maxPerPage = maxPerPage;
    }

    @Override
    public void routes() {
        resource.register("phone-numbers", this::list);
    }

    private void list(Context ctx) {
        PageRequest page = PageRequest.from(ctx, 20, maxPerPage, SORTABLE, "created_at", false);
        PhoneNumberRepository.ListFilter filter = new PhoneNumberRepository.ListFilter(
                PageRequest.filter(ctx, "status", PhoneNumberValidator.STATUSES).orElse(null),
                PageRequest.filter(ctx, "routing_type", RoutingType.WIRE_VALUES).orElse(null));
        ctx.json(numbers.list(Caller.of(ctx), filter, page));
    }

}
