package opbx.metrics;

import static io.javalin.apibuilder.ApiBuilder.get;

import io.javalin.http.Context;
import opbx.http.ApiException;
import opbx.http.Feature;

/**
 * {@code GET /metrics} in the Prometheus text format (issue 10), beside {@code /api} rather than under
 * {@code /api/v1}: it is for the operator's scraper, not for an organisation's users. {@link MetricsAccess} decides
 * who may read it.
 */
public final class MetricsHandler implements Feature {

    private final Metrics metrics;
    private final MetricsAccess access;

    public MetricsHandler(Metrics metrics, MetricsAccess access) {
        this.metrics = metrics;
        this.access = access;
    }

    @Override
    public void routes() {
        get("metrics", this::scrape);
    }

    private void scrape(Context ctx) {
        boolean forwarded = ctx.header("X-Forwarded-For") != null || ctx.header("Forwarded") != null;
        switch (access.decide(ctx.header("Authorization"), ctx.req().getRemoteAddr(), forwarded)) {
            case UNAUTHENTICATED -> {
                ctx.header("WWW-Authenticate", "Bearer realm=\"metrics\"");
                throw ApiException.unauthenticated();
            }
            case FORBIDDEN -> throw new ApiException(403, "FORBIDDEN",
                    "Metrics are served to loopback clients only; set OPBX_METRICS_TOKEN to scrape from elsewhere.");
            case ALLOW -> ctx.contentType(Metrics.CONTENT_TYPE).result(metrics.scrape());
        }
    }
}
