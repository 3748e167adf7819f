package opbx.livecalls;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import opbx.http.ApiException;
import org.jooq.DSLContext;
import org.jooq.JSONB;

/** Live calls and a session's events (control-plane spec §3.13). Durations run up to the clock's now. */
public final class LiveCallService {

    /** Only sessions updated this recently count as live: a session whose end was never reported ages out. */
    static final Duration WINDOW = Duration.ofHours(24);
    static final int ACTIVE_LIMIT = 100;

    private final DSLContext dsl;
    private final LiveCallRepository repository;
    private final ObjectMapper mapper;
    private final Clock clock;

    public LiveCallService(DSLContext dsl, LiveCallRepository repository, ObjectMapper mapper, Clock clock) {
        this.dsl = dsl;
        this.repository = repository;
        this.mapper = mapper;
        this.clock = clock;
    }

    /** GET /session-updates/active: the newest live sessions, and counts over every one matching the filter. */
    public Map<String, Object> active(long organizationId, LiveCallRepository.Filter filter) {
        Instant now = clock.instant();
        OffsetDateTime since = OffsetDateTime.ofInstant(now.minus(WINDOW), ZoneOffset.UTC);
        List<Map<String, Object>> data = repository.active(dsl, organizationId, filter, since, ACTIVE_LIMIT).stream()
                .map(session -> item(session, now))
                .toList();
        LiveCallRepository.Summary summary = repository.summary(dsl, organizationId, filter, since);
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("total_active_calls", summary.total());
        meta.put("by_status", summary.byStatus());
        meta.put("by_direction", summary.byDirection());
        meta.put("last_updated", now);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("data", data);
        json.put("meta", meta);
        return json;
    }

    /** GET /session-updates/active/stats, in whole seconds; {@code longest_call} is null without a live call. */
    public Map<String, Object> stats(long organizationId) {
        Instant now = clock.instant();
        OffsetDateTime since = OffsetDateTime.ofInstant(now.minus(WINDOW), ZoneOffset.UTC);
        LiveCallRepository.Summary summary = repository.summary(dsl, organizationId,
                new LiveCallRepository.Filter(null, null), since);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("total_active", summary.total());
        json.put("by_status", summary.byStatus());
        json.put("by_direction", summary.byDirection());
        json.put("average_duration", averageDuration(summary.meanStartEpochSeconds(), now));
        json.put("longest_call", summary.earliestStart() == null ? null : seconds(summary.earliestStart(), now));
        return json;
    }

    public Map<String, Object> session(long organizationId, long sessionId) {
        List<LiveCallRepository.Event> events = repository.events(dsl, organizationId, sessionId);
        if (events.isEmpty()) {
            throw ApiException.notFound("Session");
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("session_id", sessionId);
        json.put("events", events.stream().map(LiveCallService::event).toList());
        return json;
    }

    private Map<String, Object> item(LiveCallRepository.LiveSession session, Instant now) {
        long duration = seconds(session.startedAt(), now);
        JsonNode profile = read(session.profile());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("session_id", session.sessionId());
        json.put("caller_id", session.callerId());
        json.put("destination", session.destination());
        json.put("direction", session.direction());
        json.put("status", session.status());
        json.put("session_created_at", session.startedAt());
        json.put("last_updated_at", session.lastUpdatedAt());
        json.put("duration_seconds", duration);
        json.put("formatted_duration", formatDuration(duration));
        json.put("domain", session.domain());
        json.put("subscriber_id", session.subscriberId());
        json.put("call_ids", read(session.callIds()));
        json.put("has_qos_data", profile != null && profile.has("qos"));
        return json;
    }

    private static Map<String, Object> event(LiveCallRepository.Event event) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", event.id());
        json.put("event_id", event.eventId());
        json.put("status", event.status());
        json.put("action", event.action());
        json.put("reason", event.reason());
        json.put("created_at", event.createdAt());
        return json;
    }

    /** {@code 42s}, {@code 3m 5s}, {@code 1h 2m 3s}. */
    static String formatDuration(long seconds) {
        long hours = seconds / 3600;
        long minutes = seconds % 3600 / 60;
        long rest = seconds % 60;
        if (hours > 0) {
            return hours + "h " + minutes + "m " + rest + "s";
        }
        return minutes > 0 ? minutes + "m " + rest + "s" : rest + "s";
    }

    /** Whole seconds from {@code start} to now; a start reported in the future (clock skew) counts as 0. */
    private static long seconds(OffsetDateTime start, Instant now) {
        return Math.max(0, Duration.between(start.toInstant(), now).getSeconds());
    }

    private static long averageDuration(BigDecimal meanStartEpochSeconds, Instant now) {
        if (meanStartEpochSeconds == null) {
            return 0;
        }
        long mean = BigDecimal.valueOf(now.toEpochMilli()).movePointLeft(3).subtract(meanStartEpochSeconds)
                .setScale(0, RoundingMode.HALF_UP).longValue();
        return Math.max(0, mean);
    }

    private JsonNode read(JSONB value) {
        try {
            return value == null ? null : mapper.readTree(value.data());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
