package opbx.webhooks;

import static opbx.db.gen.Tables.CLOUDONIX_SETTINGS;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import opbx.auth.Tokens;
import opbx.secrets.Secrets;
import opbx.voice.RoutingConfig;
import opbx.voice.RoutingData;
import opbx.voice.VoiceAuth;
import opbx.voice.model.OrgInfo;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Webhook authentication (execution-plane spec §1.3), in the spec's order: the bearer key Cloudonix sends; an HMAC
 * signature with the organisation's webhook secret; on {@code /cdr} only and by opt-in, no credential at all. The
 * organisation comes from the credential alone (for HMAC and the opt-in, from the domain the payload names, then
 * proven by the secret or the opt-in). A deleted organisation is refused; a suspended one still reports.
 */
public final class WebhookAuth {

    private static final Logger log = LoggerFactory.getLogger(WebhookAuth.class);

    /** An HTTP refusal with its JSON body. */
    public record Refusal(int status, Map<String, Object> body, boolean countsAsFailure) {
    }

    /** The organisation, or the refusal. */
    public record Outcome(OrgInfo organization, Refusal refusal) {
    }

    /** What a request presents. Any header may be null. */
    public record Credentials(String authorization, String apiKey, String timestamp, String signature) {

        boolean none() {
            return VoiceAuth.credential(authorization, apiKey) == null && signature == null;
        }
    }

    private final RoutingData data;
    private final DSLContext dsl;
    private final Secrets secrets;
    private final Clock clock;
    private final long toleranceSeconds;
    private final ObjectMapper mapper;

    public WebhookAuth(RoutingData data, DSLContext dsl, Secrets secrets, ObjectMapper mapper, Clock clock,
                       long toleranceSeconds) {
        this.data = data;
        this.mapper = mapper;
        this.dsl = dsl;
        this.secrets = secrets;
        this.clock = clock;
        this.toleranceSeconds = toleranceSeconds;
    }

    /**
     * @param payload the parsed body, or null when it is not a JSON object (then only the bearer key can succeed)
     * @param cdr     whether this is {@code /cdr}, the one endpoint with the unauthenticated opt-in
     */
    public Outcome authenticate(Credentials credentials, byte[] rawBody, Payload payload, boolean cdr) {
        String key = VoiceAuth.credential(credentials.authorization(), credentials.apiKey());
        if (key != null) {
            Optional<OrgInfo> byKey = data.organizationByKeyHash(Tokens.sha256Hex(key)).map(RoutingConfig::organization);
            if (byKey.isPresent()) {
                return admitted(byKey.get());
            }
        }
        if (credentials.signature() != null) {
            return signed(credentials, rawBody, payload);
        }
        if (cdr && credentials.none() && payload != null) {
            Optional<OrgInfo> optedIn = optedIn(payload.text("owner.domain.uuid"));
            if (optedIn.isPresent()) {
                return admitted(optedIn.get());
            }
        }
        return refused(401, "Unauthorized", "Missing or invalid credentials");
    }

    /** For {@code call-initiated} (§9.5): the organisation a valid signature proves, whatever its status. */
    public Optional<RoutingConfig> signedOrganization(String timestamp, String signature, byte[] body) {
        Optional<RoutingConfig> named = namedBy(Payload.parse(mapper, body));
        return named.filter(config -> verdict(config.org(), timestamp, signature, body) == WebhookSignature.Verdict.VALID);
    }

    /** Step 2: the organisation named by the payload, proven by a signature over its exact bytes. */
    Outcome signed(Credentials credentials, byte[] rawBody, Payload payload) {
        Optional<RoutingConfig> named = namedBy(payload);
        if (named.isEmpty()) {
            return signatureRefused(WebhookSignature.Verdict.INVALID);
        }
        WebhookSignature.Verdict verdict = verdict(named.get().org(), credentials.timestamp(), credentials.signature(),
                rawBody);
        if (verdict != WebhookSignature.Verdict.VALID) {
            return signatureRefused(verdict);
        }
        return admitted(named.get().organization());
    }

    /** The organisation the payload names by its Cloudonix domain. */
    private Optional<RoutingConfig> namedBy(Payload payload) {
        return payload == null ? Optional.empty()
                : Optional.ofNullable(payload.firstText("owner.domain.uuid", "domain_uuid", "domain", "Domain"))
                        .flatMap(data::organizationByDomain);
    }

    /** The signature checked with the organisation's webhook secret; no secret is an invalid signature. */
    private WebhookSignature.Verdict verdict(long org, String timestamp, String signature, byte[] rawBody) {
        Optional<String> secret = webhookSecret(org);
        if (secret.isEmpty()) {
            return WebhookSignature.Verdict.INVALID;
        }
        return WebhookSignature.verify(secret.get(), timestamp, signature, rawBody, clock.instant(), toleranceSeconds);
    }

    /** Step 3: {@code owner.domain.uuid} of an organisation that accepts CDRs without credentials. */
    private Optional<OrgInfo> optedIn(String domainUuid) {
        if (domainUuid == null) {
            return Optional.empty();
        }
        return data.organizationByDomain(domainUuid)
                .map(RoutingConfig::organization)
                .filter(org -> org.acceptUnauthenticatedCdr() && domainUuid.equalsIgnoreCase(org.domainUuid()));
    }

    private Optional<String> webhookSecret(long org) {
        return dsl.select(CLOUDONIX_SETTINGS.WEBHOOK_SECRET)
                .from(CLOUDONIX_SETTINGS)
                .where(CLOUDONIX_SETTINGS.ORGANIZATION_ID.eq(org))
                .fetchOptional(CLOUDONIX_SETTINGS.WEBHOOK_SECRET)
                .filter(stored -> !stored.isBlank())
                .flatMap(stored -> decrypted(stored, org))
                .filter(plain -> !plain.isEmpty());
    }

    /** A secret the current keys cannot open (a rotation gone wrong) authenticates nobody; the log says so. */
    private Optional<String> decrypted(String stored, long org) {
        try {
            return Optional.of(secrets.decrypt(stored, "cloudonix_settings", "webhook_secret", org));
        } catch (Secrets.UndecryptableException e) {
            log.warn("webhook secret of organisation {} cannot be decrypted with the configured keys", org);
            return Optional.empty();
        }
    }

    private static Outcome admitted(OrgInfo org) {
        if (org.deletedOrGone()) {
            return refused(403, "Forbidden", "Organization is not active");
        }
        return new Outcome(org, null);
    }

    private static Outcome signatureRefused(WebhookSignature.Verdict verdict) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", verdict.error);
        return new Outcome(null, new Refusal(401, body, true));
    }

    static Outcome refused(int status, String error, String message) {
        return new Outcome(null, new Refusal(status, WebhookResponses.error(error, message), status == 401));
    }
}
