package opbx.voice;

import java.util.Optional;
import opbx.auth.Tokens;
import opbx.voice.model.OrgInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Voice authentication (execution-plane spec §1.2): the bearer token (or {@code X-Cx-Apikey}) is the organisation's
 * domain requests key, found by its SHA-256 alone — one indexed lookup, cached. Nothing else identifies the
 * organisation.
 */
public final class VoiceAuth {

    private static final Logger log = LoggerFactory.getLogger(VoiceAuth.class);

    private final RoutingData data;

    public VoiceAuth(RoutingData data) {
        this.data = data;
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

    /** The organisation's configuration, or the failure (an inactive organisation comes with its configuration). */
    public record Outcome(RoutingConfig config, Failure failure) {

        public OrgInfo organization() {
            return config == null ? null : config.organization();
        }
    }

    public Outcome authenticate(String authorization, String apiKeyHeader, Optional<String> domain) {
        String token = credential(authorization, apiKeyHeader);
        if (token == null) {
            return new Outcome(null, Failure.NO_CREDENTIAL);
        }
        Optional<RoutingConfig> config = data.organizationByKeyHash(Tokens.sha256Hex(token));
        if (config.isEmpty()) {
            return new Outcome(null, Failure.UNKNOWN_KEY);
        }
        OrgInfo org = config.get().organization();
        domain.filter(value -> !value.equalsIgnoreCase(String.valueOf(org.domainName()))
                        && !value.equalsIgnoreCase(String.valueOf(org.domainUuid())))
                .ifPresent(value -> log.warn("domain_mismatch: organisation {} called with another Domain", org.id()));
        if (!org.active()) {
            return new Outcome(config.get(), Failure.INACTIVE);
        }
        return new Outcome(config.get(), null);
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
