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
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local Cloudonix for tests (control-plane spec §6.5): an HTTP server on a random port speaking every path of §6.1,
 * with domains, applications, subscribers, trunks and voices in memory. It checks the bearer key (401 on a mismatch,
 * 404 for an unknown domain), records every request, and can be scripted per method and path to answer a status,
 * answer late, drop the connection, send malformed JSON or a 429. Point {@code CLOUDONIX_API_BASE_URL} at
 * {@link #baseUrl()}.
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
            return error(404, "Domain not found");
        }
        if (!("Bearer " + domain.apiKey).equals(authorization)) {
            return error(401, "Unauthorized");
        }
        if (voices.matches()) {
            return method.equals("GET") ? new Answer(200, domain.voices.deepCopy()) : error(405, "Method not allowed");
        }
        String rest = matcher.group(2) == null ? "" : matcher.group(2);
        String route = method + " " + rest.replaceAll("^/(applications|subscribers)/[^/]+$", "/$1/{id}");
        String id = rest.replaceAll("^/[a-z]+/", "");
        return switch (route) {
            case "GET " -> new Answer(200, domainJson(domain));
            case "PUT " -> updateDomain(domain, body);
            case "POST /applications" -> createApplication(domain, body);
            case "PUT /applications/{id}" -> update(domain.applications, id, body);
            case "POST /subscribers" -> createSubscriber(domain, body);
            case "PUT /subscribers/{id}" -> update(domain.subscribers, id, body);
            case "DELETE /subscribers/{id}" -> deleteSubscriber(domain, id);
            case "GET /subscribers" -> new Answer(200, array(domain.subscribers.values()));
            case "GET /trunks" -> new Answer(200, domain.trunks.deepCopy());
            default -> error(404, "No route " + method + " " + path);
        };
    }

    private ObjectNode domainJson(Domain domain) {
        ObjectNode json = mapper.createObjectNode().put("id", 1).put("domain", domain.uuid + ".cloudonix.net")
                .put("uuid", domain.uuid);
        json.set("profile", domain.profile.deepCopy());
        json.set("defaultApplication", domain.defaultApplication);
        json.putObject("tenant").putObject("billingPlan").putObject("package").put("name", "Fake Plan");
        return json;
    }

    private Answer updateDomain(Domain domain, JsonNode body) {
        if (body == null || !body.isObject()) {
            return error(400, "Body must be an object");
        }
        if (body.has("profile")) {
            domain.profile.setAll((ObjectNode) body.get("profile"));
        }
        if (body.has("defaultApplication")) {
            domain.defaultApplication = body.get("defaultApplication");
        }
        return new Answer(200, domainJson(domain));
    }

    private Answer createApplication(Domain domain, JsonNode body) {
        if (body == null || !body.hasNonNull("name") || !body.hasNonNull("url")) {
            return error(400, "name and url are required");
        }
        long id = ids.incrementAndGet();
        ObjectNode application = ((ObjectNode) body.deepCopy()).put("id", id).put("uuid", UUID.randomUUID().toString());
        domain.applications.put(id, application);
        return new Answer(201, application.deepCopy());
    }

    private Answer createSubscriber(Domain domain, JsonNode body) {
        if (body == null || !body.hasNonNull("msisdn")) {
            return error(400, "msisdn is required");
        }
        String msisdn = body.get("msisdn").asText();
        if (domain.subscribers.values().stream().anyMatch(s -> s.path("msisdn").asText().equals(msisdn))) {
            return error(409, "Subscriber exists");
        }
        long id = ids.incrementAndGet();
        ObjectNode subscriber = ((ObjectNode) body.deepCopy()).put("id", id).put("uuid", UUID.randomUUID().toString());
        domain.subscribers.put(id, subscriber);
        return new Answer(201, subscriber.deepCopy());
    }

    private Answer update(Map<Long, ObjectNode> items, String id, JsonNode body) {
        ObjectNode item = id.matches("[0-9]{1,18}") ? items.get(Long.parseLong(id)) : null;
        if (item == null) {
            return error(404, "Not found");
        }
        if (body != null && body.isObject()) {
            item.setAll((ObjectNode) body);
            item.put("id", Long.parseLong(id));
        }
        return new Answer(200, item.deepCopy());
    }

    private Answer deleteSubscriber(Domain domain, String id) {
        if (!id.matches("[0-9]{1,18}") || domain.subscribers.remove(Long.parseLong(id)) == null) {
            return error(404, "Not found");
        }
        return new Answer(204, null);
    }

    private ArrayNode array(Iterable<ObjectNode> items) {
        ArrayNode array = mapper.createArrayNode();
        items.forEach(item -> array.add(item.deepCopy()));
        return array;
    }

    private Answer error(int status, String message) {
        return new Answer(status, mapper.createObjectNode().put("message", message));
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
        if (status == 429) {
            exchange.getResponseHeaders().set("Retry-After", "1");
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
