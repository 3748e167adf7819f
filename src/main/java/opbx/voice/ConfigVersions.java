package opbx.voice;

import static opbx.db.gen.Tables.ORGANIZATIONS;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import opbx.cache.RedisKeys;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record3;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Each organisation's configuration version ({@code organizations.routing_version}, bumped by the database in the
 * same transaction as every routing-relevant write) as the routing path reads it: from Redis
 * ({@code opbx:{o}:cfg:ver}, one GET), from PostgreSQL when Redis has none or is away. In Redis the version only goes
 * up (a Lua compare-and-set), and a sync re-publishes from PostgreSQL every version changed since the last sync that
 * fully succeeded: a write whose after-commit step was lost, or made while Redis was down, reaches every instance
 * within about a second of Redis answering again.
 */
public final class ConfigVersions implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ConfigVersions.class);
    private static final long SYNC_PERIOD_MS = 1000;
    /** How far back each sync looks beyond the last one: a bump's timestamp is taken before its commit. */
    private static final long OVERLAP_SECONDS = 30;
    private static final String RAISE = """
            local current = tonumber(redis.call('GET', KEYS[1]) or '0')
            local proposed = tonumber(ARGV[1])
            if proposed > current then
                redis.call('SET', KEYS[1], ARGV[1])
                return proposed
            end
            return current
            """;

    /** Not deleted: a deleted organisation's keys are removed, and nothing writes them back. */
    private static final Condition KEPT = ORGANIZATIONS.DELETED_AT.isNull().and(ORGANIZATIONS.STATUS.ne("deleted"));

    private final DSLContext dsl;
    private final RoutingCache cache;
    private final ScheduledExecutorService syncs = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "opbx-config-versions");
        thread.setDaemon(true);
        return thread;
    });
    private volatile OffsetDateTime syncedUntil;
    private final Map<Long, CompletableFuture<Optional<Stored>>> reading = new ConcurrentHashMap<>();

    public ConfigVersions(DSLContext dsl, RoutingCache cache) {
        this.dsl = dsl;
        this.cache = cache;
    }

    /** The key of an organisation's version in Redis. */
    public static String key(long organizationId) {
        return RedisKeys.tenant(organizationId, "cfg", "ver");
    }

    /** Starts the periodic sync (the live routing path; the dry run only reads). */
    public ConfigVersions startSync() {
        syncs.scheduleWithFixedDelay(this::sync, 0, SYNC_PERIOD_MS, TimeUnit.MILLISECONDS);
        return this;
    }

    /** The current version, or empty when the organisation does not exist. */
    public OptionalLong current(long organizationId) {
        if (cache.usable()) {
            try {
                String value = cache.redis().client().get(key(organizationId));
                cache.succeeded();
                if (value != null) {
                    return OptionalLong.of(Long.parseLong(value));
                }
            } catch (JedisException e) {
                cache.failed(e);
            } catch (NumberFormatException e) {
                log.warn("{} held a value that is not a version; reading PostgreSQL", key(organizationId));
            }
        }
        Optional<Stored> stored = fromDatabase(organizationId);
        stored.filter(Stored::kept).ifPresent(found -> publish(organizationId, found.version()));
        return stored.map(found -> OptionalLong.of(found.version())).orElse(OptionalLong.empty());
    }

    /** A version as PostgreSQL has it; a deleted organisation's is never written to Redis, which keeps nothing of it. */
    private record Stored(long version, boolean kept) {
    }

    /** Raises the version in Redis to {@code version} unless it is already there or higher; failures are left to the sync. */
    public void publish(long organizationId, long version) {
        if (!cache.writable() || !cache.usable()) {
            return;
        }
        try {
            cache.redis().client().eval(RAISE, List.of(key(organizationId)), List.of(Long.toString(version)));
            cache.succeeded();
        } catch (JedisException e) {
            cache.failed(e);
        }
    }

    /** After a committed change: the version PostgreSQL has now, raised in Redis. */
    public void refresh(long organizationId) {
        fromDatabase(organizationId).filter(Stored::kept).ifPresent(found -> publish(organizationId, found.version()));
    }

    /**
     * PostgreSQL's version; concurrent readers of one organisation share one query, so a Redis outage costs the
     * database one lookup per organisation at a time, not one per call.
     */
    private Optional<Stored> fromDatabase(long organizationId) {
        CompletableFuture<Optional<Stored>> mine = new CompletableFuture<>();
        CompletableFuture<Optional<Stored>> running = reading.putIfAbsent(organizationId, mine);
        if (running != null) {
            try {
                return running.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException cause ? cause : e;
            }
        }
        try {
            Optional<Stored> stored = dsl.select(ORGANIZATIONS.ROUTING_VERSION, KEPT)
                    .from(ORGANIZATIONS)
                    .where(ORGANIZATIONS.ID.eq(organizationId))
                    .fetchOptional(row -> new Stored(row.value1(), row.value2()));
            mine.complete(stored);
            return stored;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            reading.remove(organizationId, mine);
        }
    }

    /**
     * Publishes every version changed since the last complete sync (all of them the first time). Runs every second;
     * tests call it to make "the next sync" happen now.
     */
    public void sync() {
        try {
            OffsetDateTime since = syncedUntil;
            List<Record3<Long, Long, OffsetDateTime>> changed = dsl
                    .select(ORGANIZATIONS.ID, ORGANIZATIONS.ROUTING_VERSION,
                            DSL.field("clock_timestamp()", OffsetDateTime.class))
                    .from(ORGANIZATIONS)
                    .where(since == null ? DSL.noCondition()
                            : ORGANIZATIONS.ROUTING_CHANGED_AT.gt(since.minusSeconds(OVERLAP_SECONDS)))
                    .and(KEPT)
                    .fetch();
            OffsetDateTime now = changed.isEmpty() ? null : changed.get(0).value3();
            for (Record3<Long, Long, OffsetDateTime> row : changed) {
                cache.redis().client().eval(RAISE, List.of(key(row.value1())), List.of(Long.toString(row.value2())));
            }
            if (now != null) {
                syncedUntil = now;
            } else if (since == null) {
                syncedUntil = dsl.select(DSL.field("clock_timestamp()", OffsetDateTime.class)).fetchOne().value1();
            }
        } catch (RuntimeException e) {
            // Redis or PostgreSQL away: nothing advances, so the next sync that works covers this one too.
            log.debug("configuration version sync skipped: {}", e.toString());
        }
    }

    @Override
    public void close() {
        syncs.shutdownNow();
    }
}
