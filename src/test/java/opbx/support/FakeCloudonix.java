package opbx.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local Cloudonix for tests (control-plane spec §6.5), held to Cloudonix's published API description rather than to
 * what the client happens to send: an HTTP server on a random port with domains, applications, subscribers, trunks
 * and voices in memory, each operation at its documented method and path, refusing bodies with a missing required or
 * an undocumented property (400, recorded in {@link #violations()}), and answering with the documented status codes:
 * 200 for creates, 404 for an empty collection ("No subscribers found"), 403 for voices a domain is not authorised for,
 * and, where the description is silent (a duplicate subscriber, an update of an unknown id), its least convenient
 * documented code, 500. It checks the bearer key (401 on a mismatch, 404 for an unknown domain), records every
 * request, and can be scripted per method and path to answer a status, answer late, drop the connection, send
 * malformed JSON or a 429 with a {@code Retry-After}. Point {@code CLOUDONIX_API_BASE_URL} at {@link #baseUrl()}.
 *
 * <p>Where Cloudonix's documents disagree on a spelling, the fake takes the published API description's on requests
 * ({@code sipPassword}) and answers in the spelling a test chooses ({@link #answerPasswordAs}), so the client must
 * read both.
 */
public final class FakeCloudonix implements AutoCloseable {

    /** One request as received; {@code body} is null when there was none or it was not JSON. */
    public record Request(String method, String path, Map<String, List<String>> headers, String rawBody, JsonNode body) {

        /** The first value of a header, by case-insensitive name; null when absent. */
        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }

    /** What a scripted path does instead of its normal answer. */
    public sealed interface Behavior {

        /** Answers this status with this body (JSON text, or empty). */
        record Status(int status, String body) implements Behavior {
        }

        /** Waits, then answers normally: longer than the client's timeout makes a timeout. */
        record Delay(Duration delay) implements Behavior {
        }

        /** Closes the connection without answering. */
        record Drop() implements Behavior {
        }

        /** A 429 with {@code Retry-After: seconds}. */
        record RateLimited(int seconds) implements Behavior {
        }

        static Behavior status(int status) {
            return new Status(status, "{\"message\":\"scripted status " + status + "\"}");
        }

        static Behavior status(int status, String body) {
            return new Status(status, body);
        }

        static Behavior malformedJson() {
            return new Status(200, "{\"id\": 12, \"uuid\": ");
        }

        static Behavior rateLimited() {
            return new Status(429, "{\"message\":\"Too Many Requests\"}");
        }

        /** A 429 whose {@code Retry-After} says to come back in {@code seconds}. */
        static Behavior rateLimited(int seconds) {
            return new RateLimited(seconds);
        }

        static Behavior delay(Duration delay) {
            return new Delay(delay);
        }

        static Behavior drop() {
            return new Drop();
        }
    }

    /** One domain's state; tests read and seed it directly. Guarded by the fake's lock. */
    public static final class Domain {
        public final String uuid;
        public final String apiKey;
        public final ObjectNode profile;
        public volatile JsonNode defaultApplication;
        public final Map<Long, ObjectNode> applications = new LinkedHashMap<>();
        public final Map<Long, ObjectNode> subscribers = new LinkedHashMap<>();
        public final ArrayNode trunks;
        public final ArrayNode voices;
        /** False: the voices answer 403 "Domain is not authorized for OTT voices." */
        public volatile boolean voicesEnabled = true;

        private Domain(String uuid, String apiKey, ObjectMapper mapper) {
            this.uuid = uuid;
            this.apiKey = apiKey;
            this.profile = mapper.createObjectNode().put("call-timeout", 60).put("recording-media-type", "wav");
            this.trunks = mapper.createArrayNode();
            this.voices = mapper.createArrayNode();
            voices.add(mapper.createObjectNode().put("voice", "Cloudonix-Neural:Zoe").put("provider", "Cloudonix-Neural")
                    .put("gender", "female").put("pricing", "standard").set("languages", mapper.createArrayNode().add("en-US")));
            voices.add(mapper.createObjectNode().put("voice", "Google:en-GB-Standard-B").put("provider", "Google")
                    .put("gender", "male").put("pricing", "standard").set("languages", mapper.createArrayNode().add("en-GB")));
        }
    }

    private record Script(String method, Pattern path, Behavior behavior, AtomicLong remaining) {
    }

    private static final Pattern DOMAIN = Pattern.compile("/customers/self/domains/([^/]+)(/.*)?");
    private static final Pattern VOICES = Pattern.compile("/domains/([^/]+)/resources/voices");

    private final ObjectMapper mapper = new ObjectMapper();
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Map<String, Domain> domains = new LinkedHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final List<Script> scripts = new CopyOnWriteArrayList<>();
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private volatile String answeredPassword = "sipPassword";
    // Far from extension numbers, so an id is never mistaken for an msisdn in an assertion.
    private final AtomicLong ids = new AtomicLong(50_000);

    private FakeCloudonix() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    public static FakeCloudonix start() {
        try {
            return new FakeCloudonix();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the fake Cloudonix", e);
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** A domain whose calls must carry {@code Bearer apiKey}. */
    public synchronized Domain addDomain(String uuid, String apiKey) {
        Domain domain = new Domain(uuid, apiKey, mapper);
        domains.put(uuid, domain);
        return domain;
    }

    public synchronized Domain domain(String uuid) {
        return domains.get(uuid);
    }

    /** Adds a trunk as Cloudonix lists it. */
    public synchronized ObjectNode addTrunk(String domainUuid, String name, String direction) {
        ObjectNode trunk = mapper.createObjectNode().put("id", ids.incrementAndGet()).put("name", name)
                .put("direction", direction).put("ip", "198.51.100.7");
        domains.get(domainUuid).trunks.add(trunk);
        return trunk;
    }

    /** Adds a subscriber that exists in Cloudonix only (for sync tests); returns it with its id. */
    public synchronized ObjectNode addSubscriber(String domainUuid, String msisdn, String sipPassword, boolean active) {
        long id = ids.incrementAndGet();
        ObjectNode subscriber = mapper.createObjectNode().put("id", id).put("uuid", UUID.randomUUID().toString())
                .put("msisdn", msisdn).put("sipPassword", sipPassword).put("active", active);
        domains.get(domainUuid).subscribers.put(id, subscriber);
        return subscriber;
    }

    /**
     * Answers subscribers with their password under {@code name}: {@code sipPassword} (the published API
     * description's, the default) or {@code sip-password} (Cloudonix's data-model page).
     */
    public void answerPasswordAs(String name) {
        answeredPassword = name;
    }

    /** Every request refused for not matching the documented operation (its method and path, and why). */
    public List<String> violations() {
        return List.copyOf(violations);
    }

    /** Every request received so far, oldest first. */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** The requests with this method whose path matches {@code pathRegex}. */
    public List<Request> requests(String method, String pathRegex) {
        return requests.stream().filter(r -> r.method().equals(method) && r.path().matches(pathRegex)).toList();
    }

    public void clearRequests() {
        requests.clear();
    }

    /** From now on, {@code method} on paths matching {@code pathRegex} does {@code behavior}, until {@link #clearScripts}. */
    public void script(String method, String pathRegex, Behavior behavior) {
        scripts.add(new Script(method, Pattern.compile(pathRegex), behavior, new AtomicLong(Long.MAX_VALUE)));
    }

    /** As {@link #script}, for the next {@code times} matching requests only. */
    public void script(String method, String pathRegex, Behavior behavior, int times) {
        scripts.add(new Script(method, Pattern.compile(pathRegex), behavior, new AtomicLong(times)));
    }

    public void clearScripts() {
        scripts.clear();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getRawPath();
            String raw = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            JsonNode body = parse(raw);
            requests.add(new Request(method, path, headers(exchange), raw, body));
            Behavior behavior = scripted(method, path);
            if (behavior instanceof Behavior.Drop) {
                // Closing the exchange before any response headers makes the server close the connection.
                return;
            }
            if (behavior instanceof Behavior.Status status) {
                send(exchange, status.status(), status.body());
                return;
            }
            if (behavior instanceof Behavior.RateLimited limited) {
                exchange.getResponseHeaders().set("Retry-After", String.valueOf(limited.seconds()));
                send(exchange, 429, "{\"status\":false,\"message\":\"Too Many Requests\"}");
                return;
            }
            if (behavior instanceof Behavior.Delay delay) {
                try {
                    Thread.sleep(delay.delay().toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            Answer answer = answer(method, path, exchange.getRequestHeaders().getFirst("Authorization"), body);
            send(exchange, answer.status(), answer.body() == null ? "" : answer.body().toString());
        }
    }

    private record Answer(int status, JsonNode body) {
    }

    private Behavior scripted(String method, String path) {
        for (Script script : scripts) {
            if (script.method().equals(method) && script.path().matcher(path).matches()
                    && script.remaining().getAndDecrement() > 0) {
                return script.behavior();
            }
        }
        return null;
    }

    private synchronized Answer answer(String method, String path, String authorization, JsonNode body) {
        Matcher voices = VOICES.matcher(path);
        Matcher matcher = DOMAIN.matcher(path);
        String uuid = voices.matches() ? voices.group(1) : matcher.matches() ? matcher.group(1) : null;
        Domain domain = uuid == null ? null : domains.get(uuid);
        if (domain == null) {
            return error(404, uuid == null ? "No route " + method + " " + path : "No domains found");
        }
        if (!("Bearer " + domain.apiKey).equals(authorization)) {
            return error(401, "Unauthorized");
        }
        if (voices.matches()) {
            if (!method.equals("GET")) {
                return refuse(405, method, path, "getDomainPremiumVoices is a GET");
            }
            if (!domain.voicesEnabled) {
                return error(403, "Domain is not authorized for OTT voices.");
            }
            return domain.voices.isEmpty() ? error(404, "No voices found") : new Answer(200, domain.voices.deepCopy());
        }
        String rest = matcher.group(2) == null ? "" : matcher.group(2);
        String route = rest.replaceAll("^/(applications|subscribers)/[^/]+$", "/$1/{id}");
        String id = rest.replaceAll("^/[a-z]+/", "");
        return switch (route) {
            case "" -> switch (method) {
                case "GET" -> new Answer(200, domainJson(domain));
                case "PUT" -> updateDomain(domain, method, path, body);
                case "PATCH" -> patchDomain(domain, method, path, body);
                default -> refuse(405, method, path, "the domain takes GET, PUT (profile) and PATCH (defaultApplication)");
            };
            case "/applications" -> switch (method) {
                case "GET" -> list(domain.applications, "No applications found");
                case "POST" -> createApplication(domain, method, path, body);
                default -> refuse(405, method, path, "applications take GET and POST");
            };
            case "/applications/{id}" -> switch (method) {
                case "GET" -> find(domain.applications, id, "name").map(found -> new Answer(200, found.deepCopy()))
                        .orElseGet(() -> error(404, "No applications found"));
                case "PUT" -> updateApplication(domain, id, method, path, body);
                case "DELETE" -> find(domain.applications, id, "name")
                        .map(found -> remove(domain.applications, found)).orElseGet(() -> error(404, "No applications found"));
                default -> refuse(405, method, path, "an application takes GET, PUT and DELETE (no PATCH)");
            };
            case "/subscribers" -> switch (method) {
                case "GET" -> list(domain.subscribers, "No subscribers found");
                case "POST" -> createSubscriber(domain, method, path, body);
                default -> refuse(405, method, path, "subscribers take GET and POST");
            };
            case "/subscribers/{id}" -> switch (method) {
                case "GET" -> find(domain.subscribers, id, "msisdn").map(found -> new Answer(200, answered(found)))
                        .orElseGet(() -> error(404, "No subscribers found"));
                case "PUT" -> updateSubscriber(domain, id, method, path, body);
                case "DELETE" -> find(domain.subscribers, id, "msisdn")
                        .map(found -> remove(domain.subscribers, found)).orElseGet(() -> error(404, "Subscriber not Found"));
                default -> refuse(405, method, path, "a subscriber takes GET, PUT and DELETE (no PATCH)");
            };
            case "/trunks" -> method.equals("GET")
                    ? (domain.trunks.isEmpty() ? error(404, "No trunks found") : new Answer(200, domain.trunks.deepCopy()))
                    : refuse(405, method, path, "this fake serves GET of trunks only");
            default -> error(404, "No route " + method + " " + path);
        };
    }

    private ObjectNode domainJson(Domain domain) {
        ObjectNode json = mapper.createObjectNode().put("id", 1).put("domain", domain.uuid + ".cloudonix.net")
                .put("uuid", domain.uuid).put("active", true);
        json.set("profile", domain.profile.deepCopy());
        json.set("defaultApplication", domain.defaultApplication);
        json.putObject("tenant").putObject("billingPlan").putObject("package").put("name", "Fake Plan");
        return json;
    }

    /** {@code domainUpdate}: the body holds the profile ({@code domain} is listed as required but never defined). */
    private Answer updateDomain(Domain domain, String method, String path, JsonNode body) {
        Optional<Answer> refused = check(method, path, body, Set.of("profile"), Set.of("profile", "domain"));
        if (refused.isPresent()) {
            return refused.get();
        }
        if (!body.get("profile").isObject()) {
            return refuse(400, method, path, "profile must be an object");
        }
        domain.profile.setAll((ObjectNode) body.get("profile"));
        return new Answer(200, domainJson(domain));
    }

    /** {@code domainProfileUpdate}: {@code defaultApplication} (an integer id) and {@code registrationFree}. */
    private Answer patchDomain(Domain domain, String method, String path, JsonNode body) {
        Optional<Answer> refused = check(method, path, body, Set.of(), Set.of("defaultApplication", "registrationFree", "domain"));
        if (refused.isPresent()) {
            return refused.get();
        }
        if (body.has("defaultApplication")) {
            JsonNode value = body.get("defaultApplication");
            if (!value.isIntegralNumber()) {
                return refuse(400, method, path, "defaultApplication must be an integer");
            }
            if (!domain.applications.containsKey(value.asLong())) {
                return error(404, "No applications found");
            }
            domain.defaultApplication = value;
        }
        return new Answer(200, domainJson(domain));
    }

    /** {@code applicationCreate}: name, type (cxml), url and method (GET or POST) required, profile optional. */
    private Answer createApplication(Domain domain, String method, String path, JsonNode body) {
        Optional<Answer> refused = check(method, path, body, Set.of("name", "type", "url", "method"),
                Set.of("name", "type", "url", "method", "profile"));
        if (refused.isPresent()) {
            return refused.get();
        }
        Optional<Answer> values = applicationValues(method, path, body);
        if (values.isPresent()) {
            return values.get();
        }
        long id = ids.incrementAndGet();
        ObjectNode application = ((ObjectNode) body.deepCopy()).put("id", id).put("uuid", UUID.randomUUID().toString())
                .put("domainId", 1).put("active", true);
        domain.applications.put(id, application);
        return new Answer(200, application.deepCopy());
    }

    /**
     * {@code applicationUpdate}: type, url and method required, profile optional; the name cannot change. An unknown
     * id: the description documents only 200 and 500, so 500.
     */
    private Answer updateApplication(Domain domain, String id, String method, String path, JsonNode body) {
        Optional<Answer> refused = check(method, path, body, Set.of("type", "url", "method"), Set.of("type", "url", "method",
                "profile"));
        if (refused.isEmpty()) {
            refused = applicationValues(method, path, body);
        }
        if (refused.isPresent()) {
            return refused.get();
        }
        Optional<ObjectNode> found = find(domain.applications, id, "name");
        if (found.isEmpty()) {
            return error(500, "Request Failed");
        }
        found.get().setAll((ObjectNode) body);
        return new Answer(200, found.get().deepCopy());
    }

    private Optional<Answer> applicationValues(String method, String path, JsonNode body) {
        if (!"cxml".equals(body.path("type").asText())) {
            return Optional.of(refuse(400, method, path, "type must be cxml"));
        }
        if (!Set.of("GET", "POST").contains(body.path("method").asText())) {
            return Optional.of(refuse(400, method, path, "method must be GET or POST"));
        }
        return Optional.empty();
    }

    /**
     * {@code subscriberCreate}: msisdn and sipPassword, profile optional; no {@code active} (an update sets it). A
     * number that exists already: the description documents only 200 and 500, so 500.
     */
    private Answer createSubscriber(Domain domain, String method, String path, JsonNode body) {
        Optional<Answer> refused = check(method, path, body, Set.of("msisdn", "sipPassword"),
                Set.of("msisdn", "sipPassword", "profile"));
        if (refused.isPresent()) {
            return refused.get();
        }
        String msisdn = body.get("msisdn").asText();
        if (find(domain.subscribers, msisdn, "msisdn").isPresent()) {
            return error(500, "Request Failed");
        }
        long id = ids.incrementAndGet();
        ObjectNode subscriber = ((ObjectNode) body.deepCopy()).put("id", id).put("uuid", UUID.randomUUID().toString())
                .put("domainId", 1).put("active", true);
        domain.subscribers.put(id, subscriber);
        return new Answer(200, answered(subscriber));
    }

    /**
     * {@code subscriberUpdate}: what an update may change (Cloudonix's data-model page: {@code active} on update only,
     * {@code msisdn} on create only). An unknown id: only 200 and 500 are documented, so 500.
     */
    private Answer updateSubscriber(Domain domain, String id, String method, String path, JsonNode body) {
        Optional<Answer> refused = check(method, path, body, Set.of(), Set.of("sipPassword", "active", "profile"));
        if (refused.isPresent()) {
            return refused.get();
        }
        if (body.has("active") && !body.get("active").isBoolean()) {
            return refuse(400, method, path, "active must be a boolean");
        }
        Optional<ObjectNode> found = find(domain.subscribers, id, "msisdn");
        if (found.isEmpty()) {
            return error(500, "Request Failed");
        }
        found.get().setAll((ObjectNode) body);
        return new Answer(200, answered(found.get()));
    }

    /**
     * The body is an object with every required property and nothing the operation does not define (a field the
     * service would ignore or refuse is a test failure waiting to happen against the real one).
     */
    private Optional<Answer> check(String method, String path, JsonNode body, Set<String> required, Set<String> allowed) {
        if (body == null || !body.isObject()) {
            return Optional.of(refuse(400, method, path, "the body must be a JSON object"));
        }
        for (String field : required) {
            if (!body.hasNonNull(field)) {
                return Optional.of(refuse(400, method, path, field + " is required"));
            }
        }
        for (java.util.Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                return Optional.of(refuse(400, method, path, name + " is not a property of this operation"));
            }
        }
        return Optional.empty();
    }

    private Answer refuse(int status, String method, String path, String why) {
        violations.add(method + " " + path + ": " + why);
        return error(status, why);
    }

    /** By id, or by {@code alternate} (an application's name, a subscriber's msisdn), as the path parameters allow. */
    private static Optional<ObjectNode> find(Map<Long, ObjectNode> items, String idOrAlternate, String alternate) {
        if (idOrAlternate.matches("[0-9]{1,18}") && items.containsKey(Long.parseLong(idOrAlternate))) {
            return Optional.of(items.get(Long.parseLong(idOrAlternate)));
        }
        return items.values().stream().filter(item -> idOrAlternate.equals(item.path(alternate).asText(null))).findFirst();
    }

    private Answer remove(Map<Long, ObjectNode> items, ObjectNode item) {
        items.remove(item.get("id").asLong());
        return new Answer(204, null);
    }

    private Answer list(Map<Long, ObjectNode> items, String none) {
        if (items.isEmpty()) {
            return error(404, none);
        }
        ArrayNode array = mapper.createArrayNode();
        items.values().forEach(item -> array.add(answered(item)));
        return new Answer(200, array);
    }

    /** A stored object as the fake answers it: a subscriber's password in the chosen spelling. */
    private ObjectNode answered(ObjectNode item) {
        ObjectNode copy = item.deepCopy();
        if (copy.has("sipPassword") && !"sipPassword".equals(answeredPassword)) {
            copy.set(answeredPassword, copy.remove("sipPassword"));
        }
        return copy;
    }

    private Answer error(int status, String message) {
        return new Answer(status, mapper.createObjectNode().put("status", false).put("message", message));
    }

    private JsonNode parse(String raw) {
        if (raw.isBlank()) {
            return null;
        }
        try {
            return mapper.readTree(raw);
        } catch (IOException e) {
            return null;
        }
    }

    private static Map<String, List<String>> headers(HttpExchange exchange) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
        return headers;
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > 0) {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
        }
        // -1: no body (204 must not have one); otherwise a fixed length.
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
