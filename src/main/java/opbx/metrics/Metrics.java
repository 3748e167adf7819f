package opbx.metrics;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import javax.sql.DataSource;
import opbx.cache.Redis;

/**
 * The registry of one server (issue 10): HTTP requests per route template and status, the product's own counts of
 * {@link Meters}, Redis reachability, the HikariCP pool and the JVM, scraped as Prometheus text by
 * {@link MetricsHandler}. One per server, not Micrometer's global registry, so test servers in one JVM keep apart.
 */
public final class Metrics implements Meters, AutoCloseable {

    /** The text exposition format {@link PrometheusMeterRegistry#scrape()} writes. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    /** A dozen buckets from 5 ms to 10 s: enough for latency objectives, few series per route and status. */
    private static final Duration[] LATENCY_BUCKETS = {
        Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
        Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
        Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)};

    /** The webhooks' idempotency kinds (short, for Redis keys) as the series name them. */
    private static final Map<String, String> WEBHOOK_KINDS = Map.of("su", "session_update", "cs", "call_status");

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final Counter cacheHits;
    private final Counter cacheMisses;
    private final Counter circuitOpens;
    private final Map<String, Timer> requestTimers = new ConcurrentHashMap<>();

    public Metrics() {
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        cacheHits = cacheLookups("hit");
        cacheMisses = cacheLookups("miss");
        circuitOpens = Counter.builder("opbx.cloudonix.circuit.opens")
                .description("Cloudonix circuit breakers opened by this instance (control-plane spec §6.3)")
                .register(registry);
    }

    /** {@code opbx_redis_up}: 1 while Redis answers a PING at scrape time, else 0. */
    public void bindRedis(Redis redis) {
        Gauge.builder("opbx.redis.up", redis, r -> r.ping() ? 1 : 0)
                .description("1 when Redis answered a PING at scrape time")
                .strongReference(true)
                .register(registry);
    }

    /**
     * {@code opbx_events_subscribed} (1 while the event subscription is up or not needed, 0 while it reconnects) and
     * {@code opbx_events_reconnects}: a Redis outage seen from the event stream.
     */
    public void bindEvents(Supplier<String> state, LongSupplier reconnects) {
        Gauge.builder("opbx.events.subscribed", state, s -> "reconnecting".equals(s.get()) ? 0 : 1)
                .description("0 while the event subscription to Redis is reconnecting, else 1")
                .strongReference(true)
                .register(registry);
        Gauge.builder("opbx.events.reconnects", reconnects, LongSupplier::getAsLong)
                .description("Failed or lost event subscription connections since start")
                .strongReference(true)
                .register(registry);
    }

    /** HikariCP's own meters ({@code hikaricp_connections_active}, {@code _idle}, {@code _pending}, timings). */
    public void bindPool(DataSource dataSource) {
        if (dataSource instanceof HikariDataSource hikari) {
            hikari.setMetricRegistry(registry);
        }
    }

    /** One answered HTTP request; {@code route} is the matched template, never a raw path. */
    public void request(String method, String route, int status, long nanos) {
        // One lookup in a map of the timers already made, rather than a builder and a registry search per request.
        requestTimers.computeIfAbsent(method + ' ' + status + ' ' + route, key -> Timer.builder("http.server.requests")
                        .description("HTTP requests by method, route template and status")
                        .tag("method", method)
                        .tag("route", route)
                        .tag("status", Integer.toString(status))
                        .serviceLevelObjectives(LATENCY_BUCKETS)
                        .register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void routingDecision(String outcome) {
        Counter.builder("opbx.routing.decisions")
                .description("Voice routing answers by outcome")
                .tag("outcome", outcome)
                .register(registry)
                .increment();
    }

    @Override
    public void routingCacheLookup(boolean hit) {
        (hit ? cacheHits : cacheMisses).increment();
    }

    @Override
    public void webhookDelivery(String kind, String result) {
        Counter.builder("opbx.webhook.deliveries")
                .description("Webhook deliveries of authenticated organisations by kind and result")
                .tag("kind", WEBHOOK_KINDS.getOrDefault(kind, kind))
                .tag("result", result)
                .register(registry)
                .increment();
    }

    @Override
    public void login(String result) {
        Counter.builder("opbx.auth.logins")
                .description("Login attempts by result: succeeded, failed, throttled (per address) or delayed "
                        + "(e-mail under attack)")
                .tag("result", result)
                .register(registry)
                .increment();
    }

    @Override
    public void storeRestarted(String store) {
        Counter.builder("opbx.embedded.store.restarts")
                .description("Embedded stores started again by the jar after they died")
                .tag("store", store)
                .register(registry)
                .increment();
    }

    @Override
    public void circuitOpened() {
        circuitOpens.increment();
    }

    /** Everything, in the Prometheus text format ({@link #CONTENT_TYPE}). */
    public String scrape() {
        return registry.scrape();
    }

    private Counter cacheLookups(String result) {
        return Counter.builder("opbx.routing.cache.lookups")
                .description("Routing cache lookups: hit in Redis, or miss (read from PostgreSQL)")
                .tag("result", result)
                .register(registry);
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
