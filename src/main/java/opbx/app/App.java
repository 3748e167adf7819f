package opbx.app;

import static io.javalin.apibuilder.ApiBuilder.path;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Handler;
import io.javalin.http.RequestLogger;
import io.javalin.json.JavalinJackson;
import java.util.List;
import opbx.http.Feature;
import opbx.http.RequestIds;
import opbx.http.ResponseHeaders;
import opbx.openapi.SwaggerUi;

/**
 * Builds the HTTP application from its parts: a pure function of its dependencies, used by {@code Main} and by the
 * tests alike (style: "Main composes").
 */
public final class App {

    /** Bodies over 1 MiB get 413 (control-plane spec §0.1). */
    static final long MAX_BODY_BYTES = 1024 * 1024;

    private App() {
    }

    /**
     * The features mounted under {@code /api}; {@code v1Guard} runs before every matched {@code /api/v1} route
     * (authentication, permissions, limits); every exception is answered by {@link ExceptionTable}.
     */
    public static Javalin create(ObjectMapper mapper, ResponseHeaders headers, Handler v1Guard, List<Feature> features) {
        return create(mapper, headers, v1Guard, features, List.of(), (ctx, millis) -> { });
    }

    /**
     * The same, with {@code rootFeatures} mounted beside {@code /api} (e.g. {@code /metrics}) and {@code requests}
     * told of every answered request (the request log and its metrics).
     */
    public static Javalin create(ObjectMapper mapper, ResponseHeaders headers, Handler v1Guard, List<Feature> features,
                                 List<Feature> rootFeatures, RequestLogger requests) {
        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.jetty.modifyServer(server -> server.setErrorHandler(new ProtocolErrorPages()));
            config.jsonMapper(new JavalinJackson(mapper, false));
            config.http.maxRequestSize = MAX_BODY_BYTES;
            config.http.prefer405over404 = true;
            SwaggerUi.serveAssets(config.staticFiles);
            config.routes.before(ctx -> {
                RequestIds.assign(ctx);
                if (headers.apply(ctx)) {
                    ctx.skipRemainingHandlers();
                }
            });
            config.routes.beforeMatched("/api/v1/*", v1Guard);
            ExceptionTable.register(config.routes);
            config.routes.apiBuilder(() -> path("api", () -> features.forEach(Feature::routes)));
            config.routes.apiBuilder(() -> rootFeatures.forEach(Feature::routes));
            config.requestLogger.http(requests);
        });
    }
}
