package opbx.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
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
public final class RequestLog implements AutoCloseable {

    /** The route of a request no route matched (404, 405, an answered preflight): one series, not one per path. */
    public static final String UNMATCHED = "unmatched";
    static final String LOGGER = "opbx.request";

    private static final DateTimeFormatter TEXT_SECOND = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

    private final Metrics metrics;
    private final ObjectMapper mapper;
    private final boolean enabled;
    private final boolean json;
    private final LineWriter out = new LineWriter();
    /** The text line's timestamp up to the second, formatted once a second rather than once a line. */
    private volatile CachedSecond second = new CachedSecond(-1, "");

    private record CachedSecond(long epochSecond, String text) {
    }

    private final Clock clock;

    public RequestLog(Metrics metrics, ObjectMapper mapper, String logLevel, Config.LogFormat format, Clock clock) {
        this.clock = clock;
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
            out.write(line(ctx.method().name(), route, ctx.statusCode(), millis, RequestIds.of(ctx),
                    RequestOrganization.of(ctx)));
        }
    }

    /** The matched route's template, e.g. {@code /api/v1/extensions/{id}}. */
    static String route(Context ctx) {
        Endpoint endpoint = ctx.endpoints().matchedHttpEndpoint();
        return endpoint == null ? UNMATCHED : endpoint.path;
    }

    String line(String method, String route, int status, double millis, String requestId, Optional<Long> organization) {
        long tenths = Math.round(millis * 10);
        String duration = (tenths / 10) + "." + (tenths % 10);
        long now = clock.millis();
        if (json) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("time", Instant.ofEpochMilli(now).toString());
            fields.put("level", "INFO");
            fields.put("logger", LOGGER);
            fields.put("method", method);
            fields.put("route", route);
            fields.put("status", status);
            fields.put("duration_ms", tenths / 10.0);
            fields.put("request_id", requestId);
            organization.ifPresent(id -> fields.put("organization_id", id));
            try {
                return mapper.writeValueAsString(fields);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a map of strings and numbers always serialises", e);
            }
        }
        StringBuilder line = new StringBuilder(160).append(secondText(now)).append('.');
        long millisOfSecond = Math.floorMod(now, 1000L);
        if (millisOfSecond < 100) {
            line.append(millisOfSecond < 10 ? "00" : "0");
        }
        line.append(millisOfSecond).append("+0000 [").append(Thread.currentThread().getName()).append("] INFO ")
                .append(LOGGER).append(" - ").append(method).append(' ').append(route).append(' ').append(status)
                .append(' ').append(duration).append(" ms request_id=").append(requestId);
        organization.ifPresent(id -> line.append(" organization_id=").append(id));
        return line.toString();
    }

    private String secondText(long epochMillis) {
        long epochSecond = Math.floorDiv(epochMillis, 1000L);
        CachedSecond cached = second;
        if (cached.epochSecond() != epochSecond) {
            cached = new CachedSecond(epochSecond,
                    TEXT_SECOND.format(Instant.ofEpochSecond(epochSecond).atOffset(ZoneOffset.UTC)));
            second = cached;
        }
        return cached.text();
    }

    @Override
    public void close() {
        out.close();
    }
}
