package opbx.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import opbx.config.Config;
import opbx.http.RequestIds;
import opbx.http.RequestOrganization;
import opbx.metrics.Metrics;

/**
 * One line per answered request (issue 10) and its HTTP metrics: method, route template (never the raw path, so no
 * id and no query string such as the event stream's {@code token}), status, duration, request id and, when known,
 * the organisation. Never a body or a header.
 *
 * <p>The line is written here rather than through slf4j-simple, which has no JSON layout: with
 * {@code OPBX_LOG_FORMAT=json} it is one JSON object, otherwise text laid out like slf4j-simple's lines. It goes to
 * standard error, as slf4j-simple's do, at level info, so {@code OPBX_LOG_LEVEL} warn or error silences it.
 */
public final class RequestLog {

    /** The route of a request no route matched (404, 405, an answered preflight): one series, not one per path. */
    public static final String UNMATCHED = "unmatched";
    static final String LOGGER = "opbx.request";

    private static final DateTimeFormatter TEXT_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");

    private final Metrics metrics;
    private final ObjectMapper mapper;
    private final boolean enabled;
    private final boolean json;

    public RequestLog(Metrics metrics, ObjectMapper mapper, String logLevel, Config.LogFormat format) {
        this.metrics = metrics;
        this.mapper = mapper;
        this.enabled = logLevel.equals("trace") || logLevel.equals("debug") || logLevel.equals("info");
        this.json = format == Config.LogFormat.JSON;
    }

    /** Javalin's request logger: runs once per request, after the answer is decided, errors included. */
    public void completed(Context ctx, Float executionMillis) {
        String route = route(ctx);
        double millis = executionMillis == null ? 0 : executionMillis;
        metrics.request(ctx.method().name(), route, ctx.statusCode(), (long) (millis * 1_000_000));
        if (enabled) {
            System.err.println(line(ctx.method().name(), route, ctx.statusCode(), millis, RequestIds.of(ctx),
                    RequestOrganization.of(ctx)));
        }
    }

    /** The matched route's template, e.g. {@code /api/v1/extensions/{id}}. */
    static String route(Context ctx) {
        Endpoint endpoint = ctx.endpoints().matchedHttpEndpoint();
        return endpoint == null ? UNMATCHED : endpoint.path;
    }

    String line(String method, String route, int status, double millis, String requestId, Optional<Long> organization) {
        String duration = String.format(Locale.ROOT, "%.1f", millis);
        if (json) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("time", Instant.now().toString());
            fields.put("level", "INFO");
            fields.put("logger", LOGGER);
            fields.put("method", method);
            fields.put("route", route);
            fields.put("status", status);
            fields.put("duration_ms", Double.parseDouble(duration));
            fields.put("request_id", requestId);
            organization.ifPresent(id -> fields.put("organization_id", id));
            try {
                return mapper.writeValueAsString(fields);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a map of strings and numbers always serialises", e);
            }
        }
        return TEXT_TIME.format(Instant.now().atOffset(ZoneOffset.UTC)) + " [" + Thread.currentThread().getName()
                + "] INFO " + LOGGER + " - " + method + " " + route + " " + status + " " + duration + " ms request_id="
                + requestId + organization.map(id -> " organization_id=" + id).orElse("");
    }
}
