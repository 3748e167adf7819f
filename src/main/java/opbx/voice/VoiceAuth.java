package opbx.voice;

import java.util.Optional;
import java.util.OptionalLong;
import opbx.auth.Tokens;
import opbx.ratelimit.RateLimitKeys;
import opbx.ratelimit.RateLimiter;
import opbx.voice.model.OrgInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Voice authentication (execution-plane spec §1.2): the bearer token (or {@code X-Cx-Apikey}) is the organisation's
 * domain requests key, found by its SHA-256 alone. Nothing else identifies the organisation. On the warm path the
 * owner of the key is remembered in memory and checked against the organisation's configuration, and the one Redis
 * round trip of the request counts it against the voice limit and reads the configuration version together.
 */
public final class VoiceAuth {

    private static final Logger log = LoggerFactory.getLogger(VoiceAuth.class);

    private final RoutingData data;
    private final RateLimiter limiter;
    private final int defaultLimit;

    public VoiceAuth(RoutingData data, RateLimiter limiter, int defaultLimit) {
        this.data = data;
        this.limiter = limiter;
        this.defaultLimit = defaultLimit;
    }

    /** Why authentication failed, with the status and text of its AUTHERR. */
    public enum Failure {
        NO_CREDENTIAL(401, "Unauthorized. Authentication failed."),
        UNKNOWN_KEY(401, "Unauthorized. Authentication failed."),
        INACTIVE(403, "Forbidden. Organization is not active.");

        public final int status;
        public final String message;

        Failure(int status, String message) {
            this.status = status;
            this.message = message;
        }
    }

    /**
     * The organisation's configuration, or the failure (an inactive organisation comes with its configuration), and
     * the voice limit's decision when it was taken on the way (null: the caller takes it).
     */
    public record Outcome(RoutingConfig config, Failure failure, RateLimiter.Decision decision) {

        public Outcome(RoutingConfig config, Failure failure) {
            this(config, failure, null);
        }

        public OrgInfo organization() {
            return config == null ? null : config.organization();
        }
    }

    public Outcome authenticate(String authorization, String apiKeyHeader, Optional<String> domain) {
        String token = credential(authorization, apiKeyHeader);
        if (token == null) {
            return new Outcome(null, Failure.NO_CREDENTIAL);
        }
        String hash = Tokens.sha256Hex(token);
        Optional<Long> owner = data.ownerOfKey(hash);
        if (owner.isEmpty()) {
            return new Outcome(null, Failure.UNKNOWN_KEY);
        }
        long ownerId = owner.get();
        RoutingConfig held = data.held(ownerId);
        int limit = held != null && held.organization().voiceLimit() != null ? held.organization().voiceLimit() : defaultLimit;
        RateLimiter.Gate gate = limiter.attemptWithVersion(RateLimitKeys.voice(ownerId), limit, ConfigVersions.key(ownerId));
        RateLimiter.Decision decision = gate.decision();
        Optional<RoutingConfig> config = data.config(ownerId, gate.version() == null ? OptionalLong.empty()
                : OptionalLong.of(gate.version())).filter(found -> RoutingData.holdsKey(found, hash));
        if (config.isEmpty()) {
            // The remembered owner no longer holds the key: find the real one; its limit is taken by the caller.
            data.forgetKeyOwner(hash);
            config = data.organizationByKeyHash(hash);
            decision = null;
            if (config.isEmpty()) {
                return new Outcome(null, Failure.UNKNOWN_KEY);
            }
        }
        OrgInfo org = config.get().organization();
        domain.filter(value -> !value.equalsIgnoreCase(String.valueOf(org.domainName()))
                        && !value.equalsIgnoreCase(String.valueOf(org.domainUuid())))
                .ifPresent(value -> log.warn("domain_mismatch: organisation {} called with another Domain", org.id()));
        if (!org.active()) {
            return new Outcome(config.get(), Failure.INACTIVE);
        }
        return new Outcome(config.get(), null, decision);
    }

    /** The presented key (step 1): the bearer token, else {@code X-Cx-Apikey}; null when neither is there. */
    public static String credential(String authorization, String apiKeyHeader) {
        String token = bearer(authorization);
        if (token == null && apiKeyHeader != null && !apiKeyHeader.isBlank()) {
            token = apiKeyHeader.trim();
        }
        return token;
    }

    private static String bearer(String authorization) {
        if (authorization == null) {
            return null;
        }
        String value = authorization.trim();
        if (value.length() > 7 && value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String token = value.substring(7).trim();
            return token.isEmpty() ? null : token;
        }
        return null;
    }
}
