package opbx.app;

import static io.javalin.apibuilder.ApiBuilder.path;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import opbx.cache.Redis;
import opbx.config.AppKey;
import opbx.config.Config;
import opbx.config.ConfigException;
import opbx.config.DatabaseTarget;
import opbx.config.RedisTarget;
import opbx.db.Database;
import opbx.events.EventPublisher;
import opbx.events.EventsHandler;
import opbx.health.HealthHandler;
import opbx.health.HealthService;
import opbx.http.Feature;
import opbx.http.Json;
import opbx.http.ResponseHeaders;
import opbx.infra.AppKeyFile;
import opbx.infra.EmbeddedPostgresServer;
import opbx.infra.EmbeddedRedisServer;
import opbx.infra.StoreSupervisor;
import opbx.infra.Supervised;
import opbx.metrics.Metrics;
import opbx.metrics.MetricsAccess;
import opbx.metrics.MetricsHandler;
import opbx.openapi.OpenApiHandler;
import opbx.secrets.PinEncryption;
import opbx.secrets.Secrets;
import org.jooq.DSLContext;
import org.jooq.ExecuteListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root (architecture: Wiring): from a {@link Config} it starts the embedded servers when none are
 * configured, opens the pools, migrates, builds every object by hand and starts HTTP. {@code Main} and the tests
 * both start the product through {@link #start}.
 */
public final class OpbxServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OpbxServer.class);

    private final Resources resources;
    private final Javalin http;
    private final Database database;
    private final Redis redis;
    private final AppKey appKey;
    private final EventPublisher events;
    private final List<Supervised> embedded;
    private final Services services;

    private OpbxServer(Resources resources, Javalin http, Database database, Redis redis, AppKey appKey,
                       EventPublisher events, List<Supervised> embedded, Services services) {
        this.embedded = List.copyOf(embedded);
        this.services = services;
        this.resources = resources;
        this.http = http;
        this.database = database;
        this.redis = redis;
        this.appKey = appKey;
        this.events = events;
    }

    /**
     * What tests add to the production graph: SQL listeners (the tenant guard) and extra routes.
     */
    public record Options(List<ExecuteListener> sqlListeners, List<Feature> extraFeatures, List<Feature> extraV1Features,
                          Clock clock) {

        public static Options defaults() {
            return new Options(List.of(), List.of(), List.of(), Clock.systemUTC());
        }
    }

    public static OpbxServer start(Config config, Options options) {
        Resources resources = new Resources();
        try {
            Stores stores = openStores(config, options, resources);
            Clock clock = options.clock();
            ObjectMapper mapper = Json.newMapper();
            Metrics metrics = resources.add(new Metrics());
            metrics.bindPool(stores.database().dataSource());
            metrics.bindRedis(stores.redis());
            resources.add(StoreSupervisor.watch(stores.embedded(), metrics::storeRestarted));
            Services services = resources.add(new Services(config, stores.database().dsl(), stores.redis(), mapper, clock,
                    new Secrets(stores.appKey(), config.previousAppKey()), metrics));
            PinEncryption.run(stores.database().dsl(), services.conferencePins());
            services.maintenance().schedule();
            HealthService health = resources.add(new HealthService(stores.database().dataSource(), stores.redis(), clock));
            if (config.embeddedDatabase() && config.security().demoBootstrap()) {
                services.demoBootstrap().runIfEmpty(System.out);
            } else if (!services.organizations().any(stores.database().dsl())) {
                log.info("No organisation yet: create one with java -jar opbx.jar create-org --name NAME --owner-email EMAIL");
            }

            List<Feature> v1 = new ArrayList<>(services.v1Features());
            EventsHandler events = services.eventStream(stores.redisTarget());
            health.watchEvents(events::subscriptionState);
            metrics.bindEvents(events::subscriptionState, events::subscriptionReconnects);
            v1.add(events);
            v1.addAll(options.extraV1Features());
            List<Feature> features = new ArrayList<>();
            features.add(new HealthHandler(health, clock));
            features.add(new OpenApiHandler());
            features.add(() -> path("v1", () -> v1.forEach(Feature::routes)));
            features.addAll(services.executionPlane(stores.redis(), clock));
            features.addAll(options.extraFeatures());

            RequestLog requests = resources.add(new RequestLog(metrics, mapper, config.logLevel(),
                    config.observability().logFormat(), clock));
            Javalin http = App.create(mapper, new ResponseHeaders(config.corsOrigins()), services.accessControl()::check,
                    features, List.of(new MetricsHandler(metrics, new MetricsAccess(config.observability().metricsToken()))),
                    requests::completed);
            http.start(config.port());
            services.callbackBase().listeningOn(http.port());
            resources.add(http::stop);
            // Closed before HTTP stops: the open event streams end, then the server.
            resources.add(events);
            log.info("OpBX listening on port {} (public URL {})", http.port(), services.callbackBase().url());
            return new OpbxServer(resources, http, stores.database(), stores.redis(), stores.appKey(),
                    services.events(), stores.embedded(), services);
        } catch (RuntimeException e) {
            resources.close();
            throw e;
        }
    }

    /** Starts what the configuration leaves embedded, applies the migrations, and stops again. */
    public static void migrate(Config config) {
        try (Resources resources = new Resources()) {
            openStores(config, Options.defaults(), resources);
        }
    }

    /** The stores and services without HTTP, for the CLI; closing it stops what it started. */
    public static final class Offline implements AutoCloseable {

        private final Resources resources;
        private final Services services;
        private final DSLContext dsl;
        private final AppKey appKey;
        private final Optional<AppKey> previousAppKey;

        private Offline(Resources resources, Services services, DSLContext dsl, AppKey appKey, Optional<AppKey> previous) {
            this.resources = resources;
            this.services = services;
            this.dsl = dsl;
            this.appKey = appKey;
            this.previousAppKey = previous;
        }

        public Services services() {
            return services;
        }

        public DSLContext dsl() {
            return dsl;
        }

        public Secrets secrets() {
            return new Secrets(appKey, previousAppKey);
        }

        @Override
        public void close() {
            resources.close();
        }
    }

    public static Offline offline(Config config) {
        Resources resources = new Resources();
        try {
            Stores stores = openStores(config, Options.defaults(), resources);
            Services services = resources.add(new Services(config, stores.database().dsl(), stores.redis(),
                    Json.newMapper(), Options.defaults().clock(), new Secrets(stores.appKey(), config.previousAppKey())));
            // CLI commands (re-encryption among them) may run before the server ever starts on an upgraded database.
            PinEncryption.run(stores.database().dsl(), services.conferencePins());
            return new Offline(resources, services, stores.database().dsl(), stores.appKey(), config.previousAppKey());
        } catch (RuntimeException e) {
            resources.close();
            throw e;
        }
    }

    /** {@code embedded}: the stores this process started itself, which it watches and restarts. */
    private record Stores(AppKey appKey, Database database, Redis redis, RedisTarget redisTarget,
                          List<Supervised> embedded) {
    }

    private static Stores openStores(Config config, Options options, Resources resources) {
        AppKey appKey = appKey(config);
        List<Supervised> embedded = new ArrayList<>();
        DatabaseTarget databaseTarget = config.database().orElseGet(() -> {
            Path directory = config.dataDir().resolve("postgres");
            log.info("DATABASE_URL not set: starting the embedded PostgreSQL in {}", directory);
            EmbeddedPostgresServer postgres = resources.add(EmbeddedPostgresServer.start(directory));
            embedded.add(postgres);
            return postgres.target("postgres");
        });
        RedisTarget redisTarget = config.redis().orElseGet(() -> {
            log.info("REDIS_URL not set: starting the embedded Redis");
            EmbeddedRedisServer redis = resources.add(EmbeddedRedisServer.start());
            embedded.add(redis);
            return redis.target();
        });
        Database database = resources.add(Database.open(databaseTarget, config.dbPoolSize(), options.sqlListeners()));
        Redis redis = resources.add(new Redis(redisTarget));
        if (!redis.ping()) {
            log.warn("Redis at {} does not answer: running degraded until it does", redis.describe());
        }
        return new Stores(appKey, database, redis, redisTarget, embedded);
    }

    /**
     * {@code OPBX_APP_KEY}, or in embedded mode the key kept in the data folder. With an external database a missing
     * key stops the start: a generated key there would make every instance encrypt differently.
     */
    private static AppKey appKey(Config config) {
        if (config.appKey().isPresent()) {
            return config.appKey().get();
        }
        if (!config.embeddedDatabase()) {
            throw new ConfigException("OPBX_APP_KEY", "required when DATABASE_URL is set; " + AppKey.GENERATE_HINT);
        }
        AppKeyFile.Loaded loaded = AppKeyFile.loadOrCreate(config.dataDir());
        if (loaded.created()) {
            log.warn("OPBX_APP_KEY not set: generated a key into {}. Back it up with the data folder; "
                    + "set OPBX_APP_KEY for production.", loaded.file());
        }
        return loaded.key();
    }

    /** Publishes every configuration version changed since the last sync now, as the once-a-second sync would. */
    public void syncRoutingVersions() {
        services.syncRoutingVersions();
    }

    /** The embedded stores this server started and supervises (none with DATABASE_URL and REDIS_URL). */
    public List<Supervised> embeddedStores() {
        return embedded;
    }

    public int port() {
        return http.port();
    }

    public DSLContext dsl() {
        return database.dsl();
    }

    /** The routes the router holds (for the permission coverage test and the route inventory). */
    public List<RouteInventory.Route> routes() {
        return RouteInventory.of(http);
    }

    public Redis redis() {
        return redis;
    }

    public AppKey appKey() {
        return appKey;
    }

    /** The publisher of real-time events (execution-plane spec §12.1). */
    public EventPublisher events() {
        return events;
    }

    /** Graceful stop: HTTP first, then the pools, then the embedded servers. */
    @Override
    public void close() {
        resources.close();
    }
}
