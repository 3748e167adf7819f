package opbx.health;

import static io.javalin.apibuilder.ApiBuilder.get;
import static io.javalin.apibuilder.ApiBuilder.path;

import io.javalin.http.Context;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import opbx.http.Feature;

/** {@code GET /api/health} and {@code GET /api/voice/health} (execution-plane spec §1.1, §1.4); no authentication. */
public final class HealthHandler implements Feature {

    private final HealthService health;
    private final Clock clock;

    public HealthHandler(HealthService health, Clock clock) {
        this.health = health;
        this.clock = clock;
    }

    @Override
    public void routes() {
        get("health", this::health);
        path("voice", () -> get("health", this::voiceHealth));
    }

    private void health(Context ctx) {
        HealthReport report = health.check();
        ctx.status(report.httpStatus()).json(report);
    }

    /** Liveness of the voice routes only: answers without touching PostgreSQL or Redis. */
    private void voiceHealth(Context ctx) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "healthy");
        body.put("service", "voice-routing");
        body.put("timestamp", clock.instant());
        ctx.json(body);
    }
}
