package opbx.cloudonix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import opbx.cache.Redis;
import opbx.cloudonix.CloudonixRequest.Expect;
import opbx.config.Config;
import opbx.metrics.Meters;

/**
 * The Cloudonix REST API as OpBX uses it: one method per row of control-plane spec §6.1. Every method returns a
 * {@link CloudonixResult} and never throws for anything Cloudonix or the network does, so callers commit their local
 * write first and report a failure as a warning (§6.4). One instance serves every organisation; the circuit breaker and
 * the pacing bucket are per organisation, in Redis, shared with the other instances.
 */
public final class CloudonixClient {

    /** Trunks of these directions can carry outbound calls; §6.1 keeps only them. */
    public static final Set<String> OUTBOUND_DIRECTIONS = Set.of("public-outbound", "outbound");

    private static final String CUSTOMER = "/customers/self";
    private static final String NAME_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern INTEGER = Pattern.compile("[0-9]{1,18}");
    /** The password's name in the published API's subscriber schemas (the data-model page writes sip-password). */
    static final String SIP_PASSWORD = "sipPassword";

    private final CloudonixHttp http;
    private final ObjectMapper mapper;

    public CloudonixClient(String baseUrl, Duration connectTimeout, Duration timeout, ObjectMapper mapper,
                           CircuitBreaker breaker, DomainPacer pacer, Clock clock) {
        HttpClient client = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        this.http = new CloudonixHttp(client, baseUrl.replaceAll("/+$", ""), timeout, userAgent(), mapper, breaker, pacer, clock);
        this.mapper = mapper;
    }

    /** The production wiring: the configured API and timeouts, breaker and pacing on the app's Redis and clock. */
    public static CloudonixClient create(Config.Cloudonix config, ObjectMapper mapper, Redis redis, Clock clock) {
        return create(config, mapper, redis, clock, Meters.NONE);
    }

    /** The same, the breaker counting its openings in {@code meters}. */
    public static CloudonixClient create(Config.Cloudonix config, ObjectMapper mapper, Redis redis, Clock clock,
                                         Meters meters) {
        Duration timeout = Duration.ofMillis(config.timeoutMs());
        Duration connect = Duration.ofMillis(config.connectTimeoutMs());
        // A trial lock must outlive the longest call it guards: the pacing wait plus connect and request time.
        Duration trialLease = Pace.BULK.maxWait().plus(connect).plus(timeout).plusSeconds(5);
        return new CloudonixClient(config.baseUrl(), connect, timeout, mapper,
                new CircuitBreaker(redis, clock, trialLease, meters), new DomainPacer(redis, clock), clock);
    }

    /** "opbx-routing-application-" and 8 random [a-z0-9], the name §6.1 gives a new voice application. */
    public static String newApplicationName() {
        StringBuilder name = new StringBuilder("opbx-routing-application-");
        for (int i = 0; i < 8; i++) {
            name.append(NAME_ALPHABET.charAt(RANDOM.nextInt(NAME_ALPHABET.length())));
        }
        return name.toString();
    }

    /** GET the domain ({@code domainGet}): validates the credentials, reads the profile and the default application. */
    public CloudonixResult getDomain(CloudonixCredentials credentials, Pace pace) {
        return http.call(credentials, CloudonixRequest.of("get_domain", "GET", domain(credentials), null, Expect.OBJECT), pace);
    }

    /** PUT {@code {"profile": profile}} ({@code domainUpdate}, whose body holds only the profile). */
    public CloudonixResult updateDomainProfile(CloudonixCredentials credentials, ObjectNode profile, Pace pace) {
        ObjectNode body = mapper.createObjectNode().set("profile", profile);
        String apiKey = profile.path("authorization-api-key").asText("");
        return http.call(credentials, CloudonixRequest.of("update_domain_profile", "PUT", domain(credentials), body,
                Expect.ANYTHING).scrubbing(List.of(apiKey)), pace);
    }

    /**
     * PATCH {@code {"defaultApplication": id}} ({@code domainProfileUpdate}, the one operation that sets it; the PUT
     * takes only the profile). Cloudonix issues integer ids; one that is not an integer cannot be a default application.
     * Whether it took is for {@link #defaultApplicationOf} on a fresh {@link #getDomain} to say.
     */
    public CloudonixResult setDefaultApplication(CloudonixCredentials credentials, String applicationId, Pace pace) {
        if (!INTEGER.matcher(applicationId).matches()) {
            return CloudonixResult.failure("set_default_application", CloudonixResult.Reason.UNEXPECTED_RESPONSE, 0,
                    "The voice application id '" + applicationId + "' is not a Cloudonix id (an integer)");
        }
        ObjectNode body = mapper.createObjectNode().put("defaultApplication", Long.parseLong(applicationId));
        return http.call(credentials, CloudonixRequest.of("set_default_application", "PATCH", domain(credentials), body,
                Expect.ANYTHING), pace);
    }

    /** The default application id of a {@link #getDomain} answer, as text; null when none is set. */
    public static String defaultApplicationOf(JsonNode domain) {
        JsonNode value = domain == null ? null : domain.get("defaultApplication");
        if (value == null || value.isNull()) {
            // Some answers embed the application instead of (or beside) its id.
            value = domain == null ? null : domain.path("application").get("id");
        }
        return value == null || value.isNull() || value.asText().isBlank() ? null : value.asText();
    }

    /** POST a CXML application calling {@code url} by POST; the answer holds its {@code id}, {@code uuid}, {@code name}. */
    public CloudonixResult createApplication(CloudonixCredentials credentials, String name, String url, Pace pace) {
        ObjectNode body = mapper.createObjectNode()
                .put("name", name)
                .put("type", "cxml")
                .put("url", url)
                .put("method", "POST");
        body.putObject("profile");
        return http.call(credentials, CloudonixRequest.of("create_application", "POST",
                domain(credentials) + "/applications", body, Expect.OBJECT), pace);
    }

    /**
     * GET one application ({@code applicationGet}): whether the stored id still exists. A 404 ("No applications found")
     * is a success with {@link CloudonixResult#found()} false, since that is the answer the caller asked for.
     */
    public CloudonixResult getApplication(CloudonixCredentials credentials, String applicationId, Pace pace) {
        return http.call(credentials, CloudonixRequest.of("get_application", "GET",
                domain(credentials) + "/applications/" + segment(applicationId), null, Expect.OBJECT).allowingNotFound(), pace);
    }

    /** PUT the application's {@code type}, {@code url} and {@code method} (all three required by {@code applicationUpdate}). */
    public CloudonixResult updateApplication(CloudonixCredentials credentials, String applicationId, String url, Pace pace) {
        ObjectNode body = mapper.createObjectNode()
                .put("type", "cxml")
                .put("url", url)
                .put("method", "POST");
        body.putObject("profile");
        return http.call(credentials, CloudonixRequest.of("update_application", "PUT",
                domain(credentials) + "/applications/" + segment(applicationId), body, Expect.ANYTHING), pace);
    }

    /**
     * POST a subscriber with what {@code subscriberCreate} takes: {@code msisdn} and {@code sipPassword} (the published
     * API's spelling; Cloudonix's data-model page writes {@code sip-password}, which answers are read in too). There is
     * no {@code active} on create: an inactive subscriber is created, then updated. The answer holds {@code id} and
     * {@code uuid}. Whether the number exists already is for {@link #getSubscriber} to say first: Cloudonix documents no
     * status for a duplicate.
     */
    public CloudonixResult createSubscriber(CloudonixCredentials credentials, CloudonixSubscriber subscriber, Pace pace) {
        ObjectNode body = mapper.createObjectNode()
                .put("msisdn", subscriber.msisdn())
                .put(SIP_PASSWORD, subscriber.sipPassword());
        return http.call(credentials, CloudonixRequest.of("create_subscriber", "POST", domain(credentials) + "/subscribers",
                body, Expect.OBJECT).scrubbing(List.of(subscriber.sipPassword())), pace);
    }

    /**
     * GET one subscriber by id or by msisdn ({@code subscriberGet} takes either). A 404 ("No subscribers found") is a
     * success with {@link CloudonixResult#found()} false.
     */
    public CloudonixResult getSubscriber(CloudonixCredentials credentials, String idOrMsisdn, Pace pace) {
        return http.call(credentials, CloudonixRequest.of("get_subscriber", "GET",
                domain(credentials) + "/subscribers/" + segment(idOrMsisdn), null, Expect.OBJECT).allowingNotFound(), pace);
    }

    /**
     * PUT what an update may change: {@code sipPassword} and {@code active} ({@code msisdn} is set on create only). An
     * unknown id is whatever Cloudonix answers (it documents 200 and 500): callers look the subscriber up first.
     */
    public CloudonixResult updateSubscriber(CloudonixCredentials credentials, String subscriberId,
                                            CloudonixSubscriber subscriber, Pace pace) {
        ObjectNode body = mapper.createObjectNode()
                .put(SIP_PASSWORD, subscriber.sipPassword())
                .put("active", subscriber.active());
        return http.call(credentials, CloudonixRequest.of("update_subscriber", "PUT",
                domain(credentials) + "/subscribers/" + segment(subscriberId), body, Expect.ANYTHING)
                .scrubbing(List.of(subscriber.sipPassword())), pace);
    }

    /** DELETE a subscriber; 2xx or 404 (already gone) is a success. */
    public CloudonixResult deleteSubscriber(CloudonixCredentials credentials, String subscriberId, Pace pace) {
        return http.call(credentials, CloudonixRequest.of("delete_subscriber", "DELETE",
                domain(credentials) + "/subscribers/" + segment(subscriberId), null, Expect.ANYTHING).allowingNotFound(), pace);
    }

    /** GET the subscribers: a JSON array of {@code {id, uuid, msisdn, sipPassword?, active}}; none is a 404, read as []. */
    public CloudonixResult listSubscribers(CloudonixCredentials credentials, Pace pace) {
        return http.call(credentials, CloudonixRequest.of("list_subscribers", "GET", domain(credentials) + "/subscribers",
                null, Expect.ARRAY).emptyWhenNotFound(), pace);
    }

    /**
     * GET the trunks as a JSON array (none is a 404, read as []). All directions are returned; {@link #outboundTrunks}
     * keeps the ones §6.1 lists, so a caller that needs every trunk can still see them.
     */
    public CloudonixResult listTrunks(CloudonixCredentials credentials, Pace pace) {
        return http.call(credentials, CloudonixRequest.of("list_trunks", "GET", domain(credentials) + "/trunks",
                null, Expect.ARRAY).emptyWhenNotFound(), pace);
    }

    /**
     * GET the TTS voices: a JSON array of {@code {voice:"Provider:Name", provider, languages[], gender, pricing}}; none
     * is a 404, read as []. A domain not authorised for these voices answers 403, left to the caller to report.
     */
    public CloudonixResult listVoices(CloudonixCredentials credentials, Pace pace) {
        return http.call(credentials, CloudonixRequest.of("list_voices", "GET",
                "/domains/" + segment(credentials.domainUuid()) + "/resources/voices", null, Expect.ARRAY)
                .emptyWhenNotFound(), pace);
    }

    /** A subscriber's SIP password as Cloudonix answers it, in either spelling its documents use; "" when absent. */
    public static String sipPasswordOf(JsonNode subscriber) {
        if (subscriber == null) {
            return "";
        }
        JsonNode value = subscriber.hasNonNull(SIP_PASSWORD) ? subscriber.get(SIP_PASSWORD) : subscriber.get("sip-password");
        return value == null || value.isNull() ? "" : value.asText();
    }

    /** The trunks of a {@link #listTrunks} answer whose {@code direction} is public-outbound or outbound. */
    public ArrayNode outboundTrunks(JsonNode trunks) {
        ArrayNode kept = mapper.createArrayNode();
        if (trunks != null) {
            for (JsonNode trunk : trunks) {
                if (OUTBOUND_DIRECTIONS.contains(trunk.path("direction").asText())) {
                    kept.add(trunk);
                }
            }
        }
        return kept;
    }

    private static String domain(CloudonixCredentials credentials) {
        return CUSTOMER + "/domains/" + segment(credentials.domainUuid());
    }

    /** Ids come from Cloudonix and settings; encoding keeps one from reaching another path. */
    private static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String userAgent() {
        String version = CloudonixClient.class.getPackage().getImplementationVersion();
        return "opbx-java/" + (version == null ? "dev" : version);
    }
}
