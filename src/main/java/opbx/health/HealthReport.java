package opbx.health;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The body of {@code GET /api/health}. */
public record HealthReport(String status, Instant timestamp, Map<String, String> services) {

    static HealthReport of(boolean database, boolean redis, String events, Instant now) {
        String status = !database ? "unhealthy" : redis ? "healthy" : "degraded";
        Map<String, String> services = new LinkedHashMap<>();
        services.put("database", database ? "connected" : "disconnected");
        services.put("redis", redis ? "connected" : "disconnected");
        services.put("events", events);
        return new HealthReport(status, now, services);
    }

    /** 200 while the database answers, 503 when it does not. */
    public int httpStatus() {
        return "unhealthy".equals(status) ? 503 : 200;
    }
}
