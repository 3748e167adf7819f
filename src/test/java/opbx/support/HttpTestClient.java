package opbx.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** Real HTTP against the running server. */
public final class HttpTestClient {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String baseUrl;
    private final Map<String, String> defaultHeaders;

    public HttpTestClient(String baseUrl) {
        this(baseUrl, Map.of());
    }

    private HttpTestClient(String baseUrl, Map<String, String> defaultHeaders) {
        this.baseUrl = baseUrl;
        this.defaultHeaders = defaultHeaders;
    }

    /** The same client sending {@code Authorization: Bearer <token>} on every request. */
    public HttpTestClient withToken(String token) {
        return new HttpTestClient(baseUrl, Map.of("Authorization", "Bearer " + token));
    }

    public Response put(String path, String json) {
        return send("PUT", path, json, "application/json", Map.of());
    }

    public Response delete(String path) {
        return send("DELETE", path, null, null, Map.of());
    }

    public Response get(String path) {
        return send("GET", path, null, null, Map.of());
    }

    public Response post(String path) {
        return send("POST", path, null, null, Map.of());
    }

    public Response postJson(String path, String body) {
        return send("POST", path, body, "application/json", Map.of());
    }

    public Response patchJson(String path, String body) {
        return send("PATCH", path, body, "application/json", Map.of());
    }

    public Response send(String method, String path, String body, String contentType, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(15))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        defaultHeaders.forEach((name, value) -> {
            if (!headers.containsKey(name)) {
                request.header(name, value);
            }
        });
        headers.forEach(request::header);
        return send(request.build());
    }

    public Response sendBytes(String method, String path, byte[] body, String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(15))
                .header("Content-Type", contentType)
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        defaultHeaders.forEach(request::header);
        return send(request.build());
    }

    private Response send(HttpRequest request) {
        try {
            return new Response(CLIENT.send(request, HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A response with its body parsed as JSON on demand. */
    public record Response(HttpResponse<String> raw) {

        public int status() {
            return raw.statusCode();
        }

        public String body() {
            return raw.body();
        }

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        public JsonNode json() {
            try {
                return MAPPER.readTree(raw.body());
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status() + "): " + raw.body(), e);
            }
        }
    }
}
