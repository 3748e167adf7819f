package opbx.voice;

import static opbx.db.gen.Tables.CLOUDONIX_SETTINGS;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletionException;
import java.util.function.Predicate;
import java.util.function.Supplier;
import opbx.auth.Tokens;
import opbx.cache.RedisKeys;
import opbx.db.CrossTenantQuery;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * Where the routing path gets its configuration. Each organisation's whole configuration is held in memory as a
 * {@link RoutingConfig} tagged with its version, and used while the organisation's current version
 * ({@link ConfigVersions}, one Redis GET) is not newer; otherwise it is read again from PostgreSQL, once per instance
 * however many calls want it at the same time. A warm decision therefore runs no SQL whoever calls, and a
 * configuration change reaches routing as soon as its version does, whatever became of any cache invalidation.
 * Which organisation a requests key or a Cloudonix domain belongs to is cached in Redis and checked against the
 * organisation's configuration, so a stale entry is never believed.
 */
public final class RoutingData {

    private static final Duration AUTH_TTL = Duration.ofSeconds(300);
    /** Short, so a key or domain saved while its "unknown" entry could not be deleted works within seconds. */
    private static final Duration AUTH_ABSENT_TTL = Duration.ofSeconds(5);
    private static final int DEFAULT_HELD = 1000;
    private static final int MAX_KEY_OWNERS = 100_000;

    private final DSLContext dsl;
    private final RoutingCache cache;
    private final ConfigVersions versions;
    private final RoutingConfigLoader loader;
    private final int maxHeld;
    private final Map<Long, RoutingConfig> held = new ConcurrentHashMap<>();
    private final Map<Long, CompletableFuture<Optional<RoutingConfig>>> loading = new ConcurrentHashMap<>();
    /** Requests-key hash to organisation: a hint, believed only when the organisation's configuration agrees. */
    private final Map<String, Long> keyOwners = new ConcurrentHashMap<>();

    public RoutingData(DSLContext dsl, RoutingCache cache, ObjectMapper mapper, ConfigVersions versions) {
        this(dsl, cache, mapper, versions, DEFAULT_HELD);
    }

    public RoutingData(DSLContext dsl, RoutingCache cache, ObjectMapper mapper, ConfigVersions versions, int maxHeld) {
        this.dsl = dsl;
        this.cache = cache;
        this.versions = versions;
        this.loader = new RoutingConfigLoader(dsl, mapper);
        this.maxHeld = maxHeld;
    }

    public RoutingCache cache() {
        return cache;
    }

    public ConfigVersions versions() {
        return versions;
    }

    /** The organisation's configuration at its current version, or empty when it does not exist. */
    public Optional<RoutingConfig> config(long org) {
        return config(org, OptionalLong.empty());
    }

    /**
     * The same, when the current version was already read (with the voice rate limit, in one round trip); empty
     * {@code knownVersion} reads it here.
     */
    public Optional<RoutingConfig> config(long org, OptionalLong knownVersion) {
        OptionalLong current = knownVersion.isPresent() ? knownVersion : versions.current(org);
        if (current.isEmpty()) {
            return Optional.empty();
        }
        RoutingConfig config = held.get(org);
        if (config != null && config.version() >= current.getAsLong()) {
            return Optional.of(config);
        }
        Optional<RoutingConfig> loaded = loadOnce(org);
        if (loaded.isPresent() && loaded.get().version() < current.getAsLong()) {
            // A load already under way when the version moved read the older rows: read once more.
            loaded = loadOnce(org);
        }
        return loaded;
    }

    /** One load per organisation at a time on this instance; concurrent callers share its result. */
    private Optional<RoutingConfig> loadOnce(long org) {
        CompletableFuture<Optional<RoutingConfig>> mine = new CompletableFuture<>();
        CompletableFuture<Optional<RoutingConfig>> running = loading.putIfAbsent(org, mine);
        if (running != null) {
            try {
                return running.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException cause ? cause : e;
            }
        }
        try {
            Optional<RoutingConfig> loaded = loader.load(org);
            loaded.ifPresentOrElse(config -> hold(org, config), () -> held.remove(org));
            loaded.ifPresent(config -> versions.publish(org, config.version()));
            mine.complete(loaded);
            return loaded;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            loading.remove(org, mine);
        }
    }

    /** Keeps the newer of two configurations; past the bound, one organisation's is let go (it reloads on demand). */
    private void hold(long org, RoutingConfig config) {
        held.merge(org, config, (old, fresh) -> fresh.version() >= old.version() ? fresh : old);
        if (held.size() > maxHeld) {
            held.keySet().stream().filter(other -> other != org).findAny().ifPresent(held::remove);
        }
    }

    /** The configuration this instance holds for the organisation, whatever its version, or null. */
    public RoutingConfig held(long org) {
        return held.get(org);
    }

    /**
     * Who a requests key belongs to, as far as this instance knows: remembered in memory, else the Redis entry, else
     * PostgreSQL. Only a hint: the caller believes it after {@link #holdsKey} on the organisation's configuration.
     */
    public Optional<Long> ownerOfKey(String sha256Hex) {
        Long remembered = keyOwners.get(sha256Hex);
        if (remembered != null) {
            return Optional.of(remembered);
        }
        String key = RedisKeys.global("auth", "key", sha256Hex);
        Optional<Long> owner = cache.get(key, cache.type(Long.class), AUTH_TTL, AUTH_ABSENT_TTL,
                () -> organizationOfKey(sha256Hex));
        owner.ifPresent(org -> {
            if (keyOwners.size() >= MAX_KEY_OWNERS) {
                keyOwners.clear();
            }
            keyOwners.put(sha256Hex, org);
        });
        return owner;
    }

    /** Whether the configuration's organisation holds the requests key that hashes to {@code sha256Hex}. */
    public static boolean holdsKey(RoutingConfig config, String sha256Hex) {
        return config.requestsKeyHash() != null && Tokens.sameHash(config.requestsKeyHash(), sha256Hex);
    }

    /** Drops what this instance and Redis remember of a key's owner, found stale; the next lookup asks PostgreSQL. */
    public void forgetKeyOwner(String sha256Hex) {
        keyOwners.remove(sha256Hex);
        cache.forget(RedisKeys.global("auth", "key", sha256Hex));
    }

    /** The configuration of the organisation whose requests key hashes to {@code sha256Hex}. */
    public Optional<RoutingConfig> organizationByKeyHash(String sha256Hex) {
        Optional<Long> owner = ownerOfKey(sha256Hex);
        if (owner.isEmpty()) {
            return Optional.empty();
        }
        Optional<RoutingConfig> config = config(owner.get()).filter(found -> holdsKey(found, sha256Hex));
        if (config.isPresent()) {
            return config;
        }
        forgetKeyOwner(sha256Hex);
        return organizationOfKey(sha256Hex).flatMap(this::config).filter(found -> holdsKey(found, sha256Hex));
    }

    /**
     * A cached owner, believed only when its configuration agrees; a stale entry (the key or domain moved while it
     * lived) is dropped and PostgreSQL asked. An unknown key costs nothing beyond its cached "absent".
     */
    private Optional<RoutingConfig> verified(String key, Optional<Long> cached, Supplier<Optional<Long>> fresh,
                                             Predicate<RoutingConfig> agrees) {
        if (cached.isEmpty()) {
            return Optional.empty();
        }
        Optional<RoutingConfig> config = config(cached.get()).filter(agrees);
        if (config.isPresent()) {
            return config;
        }
        cache.forget(key);
        return fresh.get().flatMap(this::config).filter(agrees);
    }

    private Optional<Long> organizationOfKey(String sha256Hex) {
        return CrossTenantQuery.ORGANIZATION_BY_REQUESTS_KEY.dsl(dsl)
                .select(CLOUDONIX_SETTINGS.ORGANIZATION_ID)
                .from(CLOUDONIX_SETTINGS)
                .where(CLOUDONIX_SETTINGS.DOMAIN_REQUESTS_API_KEY_HASH.eq(sha256Hex))
                .fetchOptional(CLOUDONIX_SETTINGS.ORGANIZATION_ID);
    }

    /**
     * The configuration of the organisation owning a Cloudonix domain, by uuid or case-insensitive name (webhooks,
     * §1.3), cached under {@code opbx:dom:{uuid or lower-cased name}} and checked against the configuration.
     */
    public Optional<RoutingConfig> organizationByDomain(String domain) {
        String value = domain.trim().toLowerCase(Locale.ROOT);
        if (value.isEmpty() || value.length() > 255) {
            return Optional.empty();
        }
        UUID uuid = uuid(value);
        String key = RedisKeys.global("dom", value);
        return verified(key, cache.get(key, cache.type(Long.class), AUTH_TTL, AUTH_ABSENT_TTL,
                        () -> organizationOfDomain(value, uuid)), () -> organizationOfDomain(value, uuid),
                config -> owns(config, value));
    }

    private Optional<Long> organizationOfDomain(String value, UUID uuid) {
        return CrossTenantQuery.ORGANIZATION_BY_DOMAIN.dsl(dsl)
                .select(CLOUDONIX_SETTINGS.ORGANIZATION_ID)
                .from(CLOUDONIX_SETTINGS)
                .where(uuid != null ? CLOUDONIX_SETTINGS.DOMAIN_UUID.eq(uuid)
                        : DSL.lower(CLOUDONIX_SETTINGS.DOMAIN_NAME).eq(value))
                .fetchOptional(CLOUDONIX_SETTINGS.ORGANIZATION_ID);
    }

    private static boolean owns(RoutingConfig config, String lowerCasedDomain) {
        String uuid = config.organization().domainUuid();
        String name = config.organization().domainName();
        return lowerCasedDomain.equals(uuid == null ? null : uuid.toLowerCase(Locale.ROOT))
                || lowerCasedDomain.equals(name == null ? null : name.toLowerCase(Locale.ROOT));
    }

    private static UUID uuid(String value) {
        if (!value.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")) {
            return null;
        }
        return UUID.fromString(value);
    }
}
