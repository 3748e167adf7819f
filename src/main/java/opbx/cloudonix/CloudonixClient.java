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

    private final CloudonixHttp http;
    private final ObjectMapper mapper;

    public CloudonixClient(String baseUrl, Duration connectTimeout, Duration timeout, ObjectMapper mapper,
                           CircuitBreaker breaker, DomainPacer pacer) {
        HttpClient client = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        this.http = new CloudonixHttp(client, baseUrl.replaceAll("/+$", ""), timeout, userAgent(), mapper, breaker, pacer);
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
                new CircuitBreaker(redis, clock, trialLease, meters), new DomainPacer(redis, clock));
    }

    /** "opbx-routing-application-" and 8 random [a-z0-9], the name §6.1 gives a new voice application. */
    public static String newApplicationName() {
        StringBuilder name = new StringBuilder("opbx-routing-application-");
        for (int i = 0; i < 8; i++) {
            name.append(NAME_ALPHABET.charAt(RANDOM.nextInt(NAME_ALPHABET.length())));
        }
        return name.toString();
    }

    /** GET the domain: validates the credentials and reads the profile. 401/403/404 arrive as api_request_failed. */
    public CloudonixResult getDomain(CloudonixCredentials credentials, Pace pace) {
        return http.call(credentials, CloudonixRequest.of("get_domain", "GET", domain(credentials), null, Expect.OBJECT), pace);
    }

    /** PUT {@code {"profile": profile}} on the domain; the caller builds the profile keys of §6.1. */
    public CloudonixResult updateDomainProfile(CloudonixCredentials credentials, ObjectNode profile, Pace pace) {
        ObjectNode body = mapper.createObjectNode().set("profile", profile);
        String apiKey = profile.path("authorization-api-key").asText("");
        return http.call(credentials, CloudonixRequest.of("update_domain_profile", "PUT", domain(credentials), body,
                Expect.ANYTHING).scrubbing(List.of(apiKey)), pace);
    }

    /** PUT {@code {"defaultApplication": id}}: a numeric id is sent as a number, as Cloudonix issues them. */
    public CloudonixResult setDefaultApplication(CloudonixCredentials credentials, String applicationId, Pace pace) {
        ObjectNode body = mapper.createObjectNode();
        if (applicationId.matches("[0-9]{1,18}")) {
            body.put("defaultApplication", Long.parseLong(applicationId));
        } else {
            body.put("defaultApplication", applicationId);
        }
        return http.call(credentials, CloudonixRequest.of("set_default_application", "PUT", domain(credentials), body,
                Expect.ANYTHING), pace);
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

    /** PUT the application's {@code url}; a 404 (gone) arrives as api_request_failed with status 404: create anew. */
    public CloudonixResult updateApplication(CloudonixCredentials credentials, String applicationId, String url, Pace pace) {
        ObjectNode body = mapper.createObjectNode()
                .put("url", url)
                .put("method", "POST");
        body.putObject("profile");
        return http.call(credentials, CloudonixRequest.of("update_application", "PUT",
                domain(credentials) + "/applications/" + segment(applicationId), body, Expect.ANYTHING), pace);
    }

    /** POST a subscriber; the answer holds {@code id} and {@code uuid}. A 409 (exists) arrives with status 409. */
    public CloudonixResult createSubscriber(CloudonixCredentials credentials, CloudonixSubscriber subscriber, Pace pace) {
        return http.call(credentials, CloudonixRequest.of("create_subscriber", "POST", domain(credentials) + "/subscribers",
                subscriberBody(subscriber), Expect.OBJECT).scrubbing(List.of(subscriber.sipPassword())), pace);
    }

    /** PUT a subscriber; a 404 arrives as api_request_failed with status 404: create it instead. */
    public CloudonixResult updateSubscriber(CloudonixCredentials credentials, String subscriberId,
                                            CloudonixSubscriber subscriber, Pace pace) {
        return http.call(credentials, CloudonixRequest.of("update_subscriber", "PUT",
                domain(credentials) + "/subscribers/" + segment(subscriberId), subscriberBody(subscriber), Expect.ANYTHING)
                .scrubbing(List.of(subscriber.sipPassword())), pace);
    }

    /** DELETE a subscriber; 2xx or 404 (already gone) is a success. */
    public CloudonixResult deleteSubscriber(CloudonixCredentials credentials, String subscriberId, Pace pace) {
        return http.call(credentials, CloudonixRequest.of("delete_subscriber", "DELETE",
                domain(credentials) + "/subscribers/" + segment(subscriberId), null, Expect.ANYTHING).allowingNotFound(), pace);
    }

    /** GET the subscribers: a JSON array of {@code {id, uuid, msisdn, sipPassword?, active}}. */
    public CloudonixResult listSubscribers(CloudonixCredentials credentials, Pace pace) {
        return http.call(credentials, CloudonixRequest.of("list_subscribers", "GET", domain(credentials) + "/subscribers",
                null, Expect.ARRAY), pace);
    }

    /**
     * GET the trunks as a JSON array. All directions are returned; {@link #outboundTrunks} keeps the ones §6.1 lists,
     * so a caller that needs every trunk can still see them.
     */
    public CloudonixResult listTrunks(CloudonixCredentials credentials, Pace pace) {
        return http.call(credentials, CloudonixRequest.of("list_trunks", "GET", domain(credentials) + "/trunks",
                null, Expect.ARRAY), pace);
    }

    /** GET the TTS voices: a JSON array of {@code {voice:"Provider:Name", provider, languages[], gender, pricing}}. */
    public CloudonixResult listVoices(CloudonixCredentials credentials, Pace pace) {
        return http.call(credentials, CloudonixRequest.of("list_voices", "GET",
                "/domains/" + segment(credentials.domainUuid()) + "/resources/voices", null, Expect.ARRAY), pace);
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

    private ObjectNode subscriberBody(CloudonixSubscriber subscriber) {
        return mapper.createObjectNode()
                .put("msisdn", subscriber.msisdn())
                .put("sipPassword", subscriber.sipPassword())
                .put("active", subscriber.active());
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
