package opbx.app;

import static io.javalin.apibuilder.ApiBuilder.path;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import io.javalin.http.RequestLogger;
import io.javalin.json.JavalinJackson;
import java.util.List;
import opbx.http.ApiException;
import opbx.http.ErrorMapper;
import opbx.http.Feature;
import opbx.http.RequestIds;
import opbx.http.ResponseHeaders;
import opbx.openapi.SwaggerUi;
import opbx.voice.Cxml;

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
     * The features are mounted under {@code /api} in the order given, which should follow the URL tree;
     * {@code v1Guard} runs before every matched {@code /api/v1} route (authentication, permissions, limits).
     */
    /**
     * Javalin's own refusals (no route, wrong method, too large): Cloudonix reads CXML on voice paths, success or
     * error (execution-plane spec §0.2); every other path gets the JSON error body.
     */
    private static void javalinAnswer(HttpResponseException e, Context ctx) {
        ApiException error = ErrorMapper.fromJavalin(e);
        if (ProtocolErrorPages.isVoicePath(ctx.path())) {
            ctx.status(error.status()).contentType(Cxml.CONTENT_TYPE)
                    .result(Cxml.authError("Bad request. " + error.getMessage()));
        } else {
            ErrorMapper.respond(ctx, error);
        }
    }

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
            ErrorMapper.register(config.routes);
            config.routes.exception(HttpResponseException.class, App::javalinAnswer);
            config.routes.apiBuilder(() -> path("api", () -> features.forEach(Feature::routes)));
            config.routes.apiBuilder(() -> rootFeatures.forEach(Feature::routes));
            config.requestLogger.http(requests);
        });
    }
}
