package opbx.voice;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import opbx.cache.Redis;
import opbx.metrics.Meters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cache-aside in Redis for the routing path (execution-plane spec §10.1, §10.3): values are JSON with a schema version
 * ({@code {"v":1,"data":...}}, or {@code {"v":1,"absent":true}} for a cached miss); an unknown version is a miss;
 * errors are never cached. After three consecutive Redis failures Redis is skipped for five seconds and every
 * lookup reads PostgreSQL, so a dead Redis costs each request nothing but the database.
 */
public final class RoutingCache {

    private static final Logger log = LoggerFactory.getLogger(RoutingCache.class);
    private static final int VERSION = 1;
    private static final int FAILURES_BEFORE_SKIP = 3;
    private static final Duration SKIP = Duration.ofSeconds(5);
    private static final long SUSTAINED_NANOS = Duration.ofSeconds(1).toNanos();

    private final Redis redis;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    /** nanoTime of the first failure of the current streak, 0 when there is none. */
    private final AtomicLong streakStart = new AtomicLong();
    private final AtomicReference<Instant> skipUntil = new AtomicReference<>(Instant.MIN);
    private final boolean writeBack;
    private final Meters meters;

    public RoutingCache(Redis redis, ObjectMapper mapper, Clock clock) {
        this(redis, mapper, clock, Meters.NONE);
    }

    /** The routing path's cache, counting its hits and misses in {@code meters}. */
    public RoutingCache(Redis redis, ObjectMapper mapper, Clock clock, Meters meters) {
        this(redis, mapper, clock, true, meters);
    }

    private RoutingCache(Redis redis, ObjectMapper mapper, Clock clock, boolean writeBack, Meters meters) {
        this.redis = redis;
        this.mapper = mapper;
        this.clock = clock;
        this.writeBack = writeBack;
        this.meters = meters;
    }

    /**
     * The same cache for the dry run: it reads cached entries but never writes one (it must leave Redis unchanged),
     * and counts nothing, so the metrics show live calls only.
     */
    public RoutingCache readOnly() {
        return new RoutingCache(redis, mapper, clock, false, Meters.NONE);
    }

    /**
     * The cached value, else {@code load} (PostgreSQL) written back: found for {@code ttl}, absent for
     * {@code absentTtl}.
     */
    public <T> Optional<T> get(String key, JavaType type, Duration ttl, Duration absentTtl, Supplier<Optional<T>> load) {
        if (usable()) {
            try {
                String cached = redis.client().get(key);
                succeeded();
                if (cached != null) {
                    Optional<Optional<T>> decoded = decode(cached, type);
                    if (decoded.isPresent()) {
                        meters.routingCacheLookup(true);
                        return decoded.get();
                    }
                }
            } catch (RuntimeException e) {
                failed(e);
            }
        }
        meters.routingCacheLookup(false);
        return loadAndStore(key, ttl, absentTtl, load);
    }

    /** A miss: {@code load} from PostgreSQL, written back unless Redis is being skipped or this is the dry run. */
    private <T> Optional<T> loadAndStore(String key, Duration ttl, Duration absentTtl, Supplier<Optional<T>> load) {
        Optional<T> loaded = load.get();
        if (writeBack && usable()) {
            try {
                ObjectNode entry = mapper.createObjectNode().put("v", VERSION);
                if (loaded.isPresent()) {
                    entry.set("data", mapper.valueToTree(loaded.get()));
                } else {
                    entry.put("absent", true);
                }
                redis.client().setex(key, (loaded.isPresent() ? ttl : absentTtl).toSeconds(), mapper.writeValueAsString(entry));
                succeeded();
            } catch (RuntimeException | com.fasterxml.jackson.core.JsonProcessingException e) {
                failed(e);
            }
        }
        return loaded;
    }

    /**
     * Several entries of one type in one round trip ({@code MGET}), each miss loaded on its own and written back;
     * the result keeps the keys' order, empty where nothing exists.
     */
    public <T> List<Optional<T>> getAll(List<String> keys, JavaType type, Duration ttl, Duration absentTtl,
                                        Function<Integer, Optional<T>> load) {
        List<String> cached = null;
        if (usable() && !keys.isEmpty()) {
            try {
                cached = redis.client().mget(keys.toArray(String[]::new));
                succeeded();
            } catch (RuntimeException e) {
                failed(e);
            }
        }
        List<Optional<T>> values = new ArrayList<>(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            String entry = cached == null ? null : cached.get(i);
            Optional<Optional<T>> decoded = entry == null ? Optional.empty() : decode(entry, type);
            meters.routingCacheLookup(decoded.isPresent());
            if (decoded.isPresent()) {
                values.add(decoded.get());
            } else {
                int index = i;
                values.add(loadAndStore(keys.get(i), ttl, absentTtl, () -> load.apply(index)));
            }
        }
        return values;
    }

    public JavaType type(Class<?> type) {
        return mapper.constructType(type);
    }

    /** Deletes an entry found stale; nothing for the dry run, and a failure is only counted. */
    public void forget(String key) {
        if (!writeBack || !usable()) {
            return;
        }
        try {
            redis.client().del(key);
            succeeded();
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    /** False for the dry run's cache, which must leave Redis as it found it. */
    public boolean writable() {
        return writeBack;
    }

    /** Whether Redis is in use right now (false while it is being skipped after failures). */
    public boolean usable() {
        return clock.instant().isAfter(skipUntil.get());
    }

    /**
     * Reports a Redis failure seen elsewhere on the routing path (state, pointers), so the skip rule covers it. Redis
     * is skipped only after failures that last: three in a row spread over at least a second with no success between.
     * A loaded host makes single commands miss their 100 ms now and then; that must not send every call to PostgreSQL.
     */
    public void failed(Exception e) {
        long now = System.nanoTime();
        streakStart.compareAndSet(0, now);
        if (consecutiveFailures.incrementAndGet() >= FAILURES_BEFORE_SKIP
                && now - streakStart.get() >= SUSTAINED_NANOS) {
            consecutiveFailures.set(0);
            streakStart.set(0);
            skipUntil.set(clock.instant().plus(SKIP));
            log.warn("Redis failing on the routing path ({}): reading PostgreSQL for {} s", e.toString(), SKIP.toSeconds());
        }
    }

    public void succeeded() {
        consecutiveFailures.set(0);
        streakStart.set(0);
    }

    public Redis redis() {
        return redis;
    }

    private <T> Optional<Optional<T>> decode(String cached, JavaType type) {
        try {
            JsonNode entry = mapper.readTree(cached);
            if (entry.path("v").asInt() != VERSION) {
                return Optional.empty();
            }
            if (entry.path("absent").asBoolean(false)) {
                return Optional.of(Optional.empty());
            }
            T value = mapper.convertValue(entry.get("data"), type);
            return Optional.of(Optional.ofNullable(value));
        } catch (Exception e) {
            return Optional.empty();
        }
    }
}
