package opbx.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything OpBX reads from its environment, validated once at start (architecture: Configuration). A bad value
 * throws {@link ConfigException} naming the variable and the fix. No field's {@code toString} shows a secret.
 *
 * @param database       {@code DATABASE_URL}; empty = start an embedded PostgreSQL under {@code dataDir}
 * @param redis          {@code REDIS_URL}; empty = start an embedded Redis on a free port
 * @param port           {@code PORT}, default 8080 (0 = any free port)
 * @param appKey         {@code OPBX_APP_KEY}; empty = generated into the data folder (embedded mode only)
 * @param previousAppKey {@code OPBX_APP_KEY_PREVIOUS}, accepted for decryption while keys rotate
 * @param publicUrl      {@code OPBX_PUBLIC_URL}, the base of callback URLs; empty = http://localhost:{port}
 * @param dataDir        {@code OPBX_DATA_DIR}, default ./data
 * @param logLevel       {@code OPBX_LOG_LEVEL}: trace, debug, info (default), warn or error
 * @param dbPoolSize     {@code OPBX_DB_POOL_SIZE}, 1..200, default 10
 * @param corsOrigins    {@code OPBX_CORS_ORIGINS}, comma list; empty = any origin
 * @param maxPerPage     {@code OPBX_MAX_PER_PAGE}, 1..1000, default 100
 * @param exportMaxRows  {@code OPBX_EXPORT_MAX_ROWS}, 1..100000000, default 1000000: rows of one CDR CSV export
 * @param security       token lifetime, bcrypt cost, signup and demo switches, proxies, audit retention
 * @param rateLimits     the per-minute limits of control-plane spec §0.8
 * @param sipServer      {@code OPBX_SIP_SERVER}, the SIP server shown in extensions' {@code sip_config}
 * @param maxRoutingHops {@code OPBX_MAX_ROUTING_HOPS}, 1..50, default 8 (execution-plane spec §3.1)
 * @param events         the event stream's heartbeat and per-organisation limit (execution-plane spec §12.2)
 * @param webhooks       webhook signature tolerance and source allowlist
 * @param cloudonix      where and how patiently the Cloudonix REST API is called (control-plane spec §6.2)
 * @param observability  who may read {@code /metrics} and how request lines are written (issue 10)
 */
public record Config(
        Optional<DatabaseTarget> database,
        Optional<RedisTarget> redis,
        int port,
        Optional<AppKey> appKey,
        Optional<AppKey> previousAppKey,
        Optional<String> publicUrl,
        Path dataDir,
        String logLevel,
        int dbPoolSize,
        List<String> corsOrigins,
        int maxPerPage,
        int exportMaxRows,
        Security security,
        RateLimits rateLimits,
        String sipServer,
        int maxRoutingHops,
        Events events,
        Webhooks webhooks,
        Cloudonix cloudonix,
        Observability observability) {

    /** {@code OPBX_LOG_FORMAT}: request log lines as text (default) or one JSON object per line. */
    public enum LogFormat { TEXT, JSON }

    /**
     * @param metricsToken {@code OPBX_METRICS_TOKEN}: the bearer token {@code GET /metrics} requires; empty = loopback
     *                     clients only
     * @param logFormat    {@code OPBX_LOG_FORMAT}, {@code text} or {@code json}
     */
    public record Observability(Optional<MetricsToken> metricsToken, LogFormat logFormat) {
    }

    /**
     * The Cloudonix REST client (control-plane spec §6.1, §6.2).
     *
     * @param baseUrl          {@code CLOUDONIX_API_BASE_URL}, default https://api.cloudonix.io, without a trailing slash
     * @param connectTimeoutMs {@code CLOUDONIX_CONNECT_TIMEOUT_MS}, 1..60000, default 3000
     * @param timeoutMs        {@code CLOUDONIX_TIMEOUT_MS}, 1..300000, default 10000: one whole request
     */
    public record Cloudonix(String baseUrl, int connectTimeoutMs, int timeoutMs) {
    }

    /**
     * Webhook authentication (execution-plane spec §1.3).
     *
     * @param hmacToleranceSeconds {@code OPBX_HMAC_TOLERANCE_S}, default 300: how far a signed timestamp may be from now
     * @param allowedIps           {@code OPBX_WEBHOOK_ALLOWED_IPS}, CIDRs allowed to post webhooks; empty = all
     */
    public record Webhooks(int hmacToleranceSeconds, List<String> allowedIps) {
    }

    /**
     * @param tokenTtlHours      {@code OPBX_TOKEN_TTL_HOURS}, default 24
     * @param bcryptCost         {@code OPBX_BCRYPT_COST}, 4..16, default 12
     * @param signupEnabled      {@code OPBX_SIGNUP_ENABLED}, default false
     * @param demoBootstrap      {@code OPBX_DEMO_BOOTSTRAP}, default true (embedded mode only)
     * @param trustedProxies     {@code OPBX_TRUSTED_PROXIES}, CIDRs whose X-Forwarded-For is believed
     * @param auditRetentionDays {@code OPBX_AUDIT_RETENTION_DAYS}, default 365, 0 = forever
     */
    public record Security(int tokenTtlHours, int bcryptCost, boolean signupEnabled, boolean demoBootstrap,
                           List<String> trustedProxies, int auditRetentionDays) {
    }

    /**
     * Requests per minute; 0 turns a limiter off. {@code voice} and {@code webhook} are per organisation (execution-plane
     * spec §11, overridable in the organisation's settings), {@code authFailures} per client address.
     */
    public record RateLimits(int login, int loginEmail, int sensitive, int api, int organization, int voice, int webhook,
                             int authFailures) {
    }

    /**
     * {@code GET /api/v1/events} (execution-plane spec §12.2).
     *
     * @param heartbeatSeconds           {@code OPBX_SSE_HEARTBEAT_S}, default 15: the ping and token re-check; at most
     *                                   25, so an idle stream never reaches Jetty's 30 s idle timeout
     * @param maxStreamsPerOrganization  {@code OPBX_SSE_MAX_STREAMS_PER_ORG}, default 50, across all instances
     */
    public record Events(int heartbeatSeconds, int maxStreamsPerOrganization) {
    }

    private static final Set<String> LOG_LEVELS = Set.of("trace", "debug", "info", "warn", "error");

    public static Config fromEnvironment(Map<String, String> env) {
        Reader read = new Reader(env);
        return new Config(
                read.optional("DATABASE_URL").map(DatabaseTarget::parse),
                read.optional("REDIS_URL").map(RedisTarget::parse),
                read.integer("PORT", 8080, 0, 65535),
                read.optional("OPBX_APP_KEY").map(v -> AppKey.parse("OPBX_APP_KEY", v)),
                read.optional("OPBX_APP_KEY_PREVIOUS").map(v -> AppKey.parse("OPBX_APP_KEY_PREVIOUS", v)),
                read.optional("OPBX_PUBLIC_URL").map(Config::publicUrl),
                Path.of(read.optional("OPBX_DATA_DIR").orElse("./data")).toAbsolutePath().normalize(),
                logLevel(read.optional("OPBX_LOG_LEVEL").orElse("info")),
                read.integer("OPBX_DB_POOL_SIZE", 10, 1, 200),
                read.list("OPBX_CORS_ORIGINS"),
                read.integer("OPBX_MAX_PER_PAGE", 100, 1, 1000),
                read.integer("OPBX_EXPORT_MAX_ROWS", 1_000_000, 1, 100_000_000),
                new Security(
                        read.integer("OPBX_TOKEN_TTL_HOURS", 24, 1, 24 * 365),
                        read.integer("OPBX_BCRYPT_COST", 12, 4, 16),
                        read.bool("OPBX_SIGNUP_ENABLED", false),
                        read.bool("OPBX_DEMO_BOOTSTRAP", true),
                        read.list("OPBX_TRUSTED_PROXIES"),
                        read.integer("OPBX_AUDIT_RETENTION_DAYS", 365, 0, 100_000)),
                new RateLimits(
                        read.integer("OPBX_RATE_LIMIT_LOGIN_PER_MIN", 5, 0, 1_000_000),
                        read.integer("OPBX_RATE_LIMIT_LOGIN_EMAIL_PER_MIN", 10, 0, 1_000_000),
                        read.integer("OPBX_RATE_LIMIT_SENSITIVE_PER_MIN", 10, 0, 1_000_000),
                        read.integer("OPBX_RATE_LIMIT_API_PER_MIN", 300, 0, 1_000_000),
                        read.integer("OPBX_RATE_LIMIT_ORG_PER_MIN", 0, 0, 1_000_000),
                        read.integer("OPBX_RATE_LIMIT_VOICE_PER_MIN", 1000, 0, 10_000_000),
                        read.integer("OPBX_RATE_LIMIT_WEBHOOK_PER_MIN", 3000, 0, 10_000_000),
                        read.integer("OPBX_RATE_LIMIT_AUTHFAIL_PER_MIN", 30, 0, 1_000_000)),
                read.optional("OPBX_SIP_SERVER").orElse("sip.cloudonix.io"),
                read.integer("OPBX_MAX_ROUTING_HOPS", 8, 1, 50),
                new Events(
                        read.integer("OPBX_SSE_HEARTBEAT_S", 15, 1, 25),
                        read.integer("OPBX_SSE_MAX_STREAMS_PER_ORG", 50, 1, 100_000)),
                new Webhooks(
                        read.integer("OPBX_HMAC_TOLERANCE_S", 300, 1, 86_400),
                        read.list("OPBX_WEBHOOK_ALLOWED_IPS")),
                new Cloudonix(
                        httpUrl("CLOUDONIX_API_BASE_URL",
                                read.optional("CLOUDONIX_API_BASE_URL").orElse("https://api.cloudonix.io"),
                                "https://api.cloudonix.io"),
                        read.integer("CLOUDONIX_CONNECT_TIMEOUT_MS", 3000, 1, 60_000),
                        read.integer("CLOUDONIX_TIMEOUT_MS", 10_000, 1, 300_000)),
                new Observability(
                        read.optional("OPBX_METRICS_TOKEN").map(v -> MetricsToken.parse("OPBX_METRICS_TOKEN", v)),
                        logFormat(read.optional("OPBX_LOG_FORMAT").orElse("text"))));
    }

    /** True when no database is configured: the embedded PostgreSQL (and its conveniences) is in use. */
    public boolean embeddedDatabase() {
        return database.isEmpty();
    }

    private static String publicUrl(String value) {
        return httpUrl("OPBX_PUBLIC_URL", value, "https://pbx.example.com");
    }

    private static String httpUrl(String variable, String value, String example) {
        try {
            URI uri = new URI(value);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return value.replaceAll("/+$", "");
            }
        } catch (URISyntaxException ignored) {
            // reported below
        }
        throw new ConfigException(variable, "'" + value + "' is not an http(s) URL; use e.g. " + example);
    }

    private static String logLevel(String value) {
        String level = value.toLowerCase(Locale.ROOT);
        if (!LOG_LEVELS.contains(level)) {
            throw new ConfigException("OPBX_LOG_LEVEL", "'" + value + "' is not a level; use one of trace, debug, info, warn, error");
        }
        return level;
    }

    private static LogFormat logFormat(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "text" -> LogFormat.TEXT;
            case "json" -> LogFormat.JSON;
            default -> throw new ConfigException("OPBX_LOG_FORMAT", "'" + value + "' is not a format; use text or json");
        };
    }

    /** Reads variables: blank counts as unset. */
    private record Reader(Map<String, String> env) {

        Optional<String> optional(String name) {
            String value = env.get(name);
            return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
        }

        List<String> list(String name) {
            return optional(name)
                    .map(v -> Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList())
                    .orElse(List.of());
        }

        boolean bool(String name, boolean defaultValue) {
            Optional<String> value = optional(name);
            if (value.isEmpty()) {
                return defaultValue;
            }
            switch (value.get().toLowerCase(Locale.ROOT)) {
                case "true", "1", "yes" -> {
                    return true;
                }
                case "false", "0", "no" -> {
                    return false;
                }
                default -> throw new ConfigException(name, "'" + value.get() + "' is not true or false");
            }
        }

        int integer(String name, int defaultValue, int min, int max) {
            Optional<String> value = optional(name);
            if (value.isEmpty()) {
                return defaultValue;
            }
            try {
                int parsed = Integer.parseInt(value.get());
                if (parsed >= min && parsed <= max) {
                    return parsed;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw new ConfigException(name, "'" + value.get() + "' is not a whole number from " + min + " to " + max
                    + "; unset it for the default " + defaultValue);
        }
    }
}
