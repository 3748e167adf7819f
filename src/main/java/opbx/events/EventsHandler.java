package opbx.events;

import static io.javalin.apibuilder.ApiBuilder.get;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import opbx.access.AccessControl;
import opbx.access.Caller;
import opbx.access.Permission;
import opbx.auth.AuthService;
import opbx.cache.Redis;
import opbx.config.Config;
import opbx.config.RedisTarget;
import opbx.http.ApiException;
import opbx.http.Feature;
import opbx.http.ValidationException;

/**
 * {@code GET /api/v1/events} (execution-plane spec §12.2): the caller's organisation's real-time events as
 * {@code text/event-stream}. Browsers' EventSource cannot send headers, so the token may also come as the
 * {@code token} query parameter. {@code Last-Event-ID} is ignored: there is no replay.
 */
public final class EventsHandler implements Feature, AutoCloseable {

    /** The event names of §12.1, the values {@code types} accepts. */
    static final List<String> TYPES = List.of("call.routed", "call.initiated", "call.answered", "call.ended",
            "session.updated", "cdr.received");

    private final EventHub hub;

    /**
     * @param redis  the pooled client, for the per-organisation stream count
     * @param target the same Redis, for the subscriber's own connection
     */
    public EventsHandler(AuthService auth, ObjectMapper mapper, Redis redis, RedisTarget target, Clock clock,
                         Config.Events settings) {
        // A slot outlives two missed heartbeats, so only a crashed instance's streams lapse.
        long lapseMillis = TimeUnit.SECONDS.toMillis(2L * settings.heartbeatSeconds() + 10);
        this.hub = new EventHub(auth, mapper,
                new StreamSlots(redis, clock, settings.maxStreamsPerOrganization(), lapseMillis),
                target, settings.heartbeatSeconds());
    }

    @Override
    public void routes() {
        get("events", this::stream, Permission.CALLS_READ, AccessControl.Option.TOKEN_IN_QUERY);
    }

    private void stream(Context ctx) throws IOException {
        Set<String> types = types(ctx.queryParam("types"));
        // The raw servlet stream: Javalin's own would compress and buffer.
        EventStream stream = hub.admit(Caller.of(ctx), AccessControl.credentials(ctx), types, ctx.res().getOutputStream())
                .orElseThrow(() -> tooManyStreams(ctx));
        ctx.status(200);
        ctx.res().setContentType("text/event-stream");
        ctx.header("Cache-Control", "no-store");
        ctx.header("X-Accel-Buffering", "no");
        hub.start(stream);
        ctx.future(stream::done);
    }

    /** The organisation has its limit of streams open; one may close at any time, so try again a heartbeat later. */
    private ApiException tooManyStreams(Context ctx) {
        ctx.header("Retry-After", Integer.toString(hub.heartbeatSeconds()));
        return new ApiException(429, "RATE_LIMITED", "Too many event streams for this organization (at most "
                + hub.limit() + "). Close one and try again.", Map.of("retry_after", hub.heartbeatSeconds()));
    }

    /** {@code types}: a comma list of §12.1's names; absent or empty = every type. */
    static Set<String> types(String parameter) {
        Set<String> types = new LinkedHashSet<>();
        if (parameter == null) {
            return types;
        }
        for (String type : parameter.split(",")) {
            String name = type.trim();
            if (name.isEmpty()) {
                continue;
            }
            if (!TYPES.contains(name)) {
                throw ValidationException.of("types", "The types must be a comma-separated list of "
                        + String.join(", ", TYPES) + "; '" + name + "' is not one.");
            }
            types.add(name);
        }
        return types;
    }

    /** The Redis subscription of this instance: {@code idle}, {@code subscribed} or {@code reconnecting}. */
    public String subscriptionState() {
        return hub.subscriptionState();
    }

    /** Failed or lost subscription connections since start. */
    public long subscriptionReconnects() {
        return hub.subscriptionReconnects();
    }

    @Override
    public void close() {
        hub.close();
    }
}
