package opbx.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import opbx.cache.Redis;
import opbx.cache.RedisKeys;
import opbx.cache.RedisWrites;
import opbx.http.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the envelope of execution-plane spec §12.1 on the organisation's channel {@code opbx:{o}:events}. Delivery
 * is at most once: a failure is logged (a warning at most once a minute) and the event dropped. After three
 * consecutive failures Redis is skipped for five seconds (§10.3), so a dead Redis costs a webhook nothing.
 */
public final class RedisEventPublisher implements EventPublisher {

    private static final Logger log = LoggerFactory.getLogger(RedisEventPublisher.class);
    private static final int FAILURES_BEFORE_SKIP = 3;
    private static final long SKIP_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final long WARN_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final Redis redis;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    private final AtomicLong skipUntil = new AtomicLong(System.nanoTime());
    private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - 2 * WARN_EVERY_NANOS);

    public RedisEventPublisher(Redis redis, ObjectMapper mapper, Clock clock) {
        this.redis = redis;
        this.mapper = mapper;
        this.clock = clock;
    }

    /** The pub/sub channel of one organisation. */
    public static String channel(long organizationId) {
        return RedisKeys.tenant(organizationId, "events");
    }

    @Override
    public void publish(long organizationId, String type, Map<String, Object> data) {
        try {
            String envelope = envelope(organizationId, type, data);
            if (System.nanoTime() - skipUntil.get() < 0) {
                log.debug("Redis skipped: event {} of organisation {} dropped", type, organizationId);
                return;
            }
            redis.client().publish(channel(organizationId), envelope);
            consecutiveFailures.set(0);
        } catch (RuntimeException | JsonProcessingException e) {
            failed(organizationId, type, e);
        }
    }

    @Override
    public void publish(long organizationId, String type, Map<String, Object> data, RedisWrites writes) {
        if (System.nanoTime() - skipUntil.get() < 0) {
            log.debug("Redis skipped: event {} of organisation {} dropped", type, organizationId);
            return;
        }
        try {
            String envelope = envelope(organizationId, type, data);
            String channel = channel(organizationId);
            writes.add(pipeline -> pipeline.publish(channel, envelope));
        } catch (JsonProcessingException e) {
            failed(organizationId, type, e);
        }
    }

    /** {@code {"id","type","organization_id","occurred_at","data"}} on one line, times in UTC to the second. */
    String envelope(long organizationId, String type, Map<String, Object> data) throws JsonProcessingException {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("id", UUID.randomUUID().toString());
        envelope.put("type", type);
        envelope.put("organization_id", organizationId);
        envelope.put("occurred_at", Json.timestamp(clock.instant()));
        envelope.put("data", data == null ? Map.of() : data);
        return mapper.writeValueAsString(envelope);
    }

    private void failed(long organizationId, String type, Exception e) {
        if (consecutiveFailures.incrementAndGet() >= FAILURES_BEFORE_SKIP) {
            consecutiveFailures.set(0);
            skipUntil.set(System.nanoTime() + SKIP_NANOS);
        }
        long now = System.nanoTime();
        long last = lastWarning.get();
        if (now - last >= WARN_EVERY_NANOS && lastWarning.compareAndSet(last, now)) {
            log.warn("real-time event {} of organisation {} dropped: {}", type, organizationId, e.toString());
        } else {
            log.debug("real-time event {} of organisation {} dropped: {}", type, organizationId, e.toString());
        }
    }
}
