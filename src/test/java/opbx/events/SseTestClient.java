package opbx.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One {@code GET /api/v1/events} as a browser's EventSource would hold it: the lines arrive on a reader thread into
 * a queue, and the test waits for what it expects with a timeout (never a sleep).
 */
final class SseTestClient implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(10);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String END = "\u0000end";
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    /** One event as the stream framed it. */
    record Event(String id, String type, JsonNode envelope) {
    }

    private final HttpResponse<InputStream> response;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final String errorBody;

    private SseTestClient(HttpResponse<InputStream> response) {
        this.response = response;
        if (response.statusCode() != 200) {
            errorBody = readAll(response.body());
            return;
        }
        errorBody = null;
        Thread reader = new Thread(this::read, "sse-test-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Opens {@code path} on {@code baseUrl} with the given headers (an {@code Authorization}, or none). */
    static SseTestClient open(String baseUrl, String path, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(15))
                .header("Accept", "text/event-stream")
                .GET();
        headers.forEach(request::header);
        try {
            return new SseTestClient(CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static SseTestClient open(String baseUrl, String path, String token) {
        return open(baseUrl, path, Map.of("Authorization", "Bearer " + token));
    }

    int status() {
        return response.statusCode();
    }

    String header(String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    /** The JSON body of a refusal. */
    JsonNode errorJson() {
        try {
            return MAPPER.readTree(errorBody);
        } catch (IOException e) {
            throw new AssertionError("not JSON (" + status() + "): " + errorBody, e);
        }
    }

    /** The next line, failing the test when none comes in time or the stream has ended. */
    String nextLine() {
        String line = poll();
        if (line == null) {
            throw new AssertionError("no line from the event stream within " + WAIT);
        }
        if (END.equals(line)) {
            throw new AssertionError("the event stream ended");
        }
        return line;
    }

    /** Waits for the first line, {@code retry: 3000}: from then on the stream sees every event published. */
    void awaitOpen() {
        assertEquals(200, status(), errorBody);
        assertEquals("retry: 3000", nextLine());
        assertEquals("", nextLine());
    }

    /** The next event, skipping comments (pings). */
    Event nextEvent() {
        String id = null;
        String type = null;
        String data = null;
        while (true) {
            String line = nextLine();
            if (line.isEmpty()) {
                if (data != null) {
                    try {
                        return new Event(id, type, MAPPER.readTree(data));
                    } catch (IOException e) {
                        throw new AssertionError("data is not JSON: " + data, e);
                    }
                }
            } else if (line.startsWith("id: ")) {
                id = line.substring(4);
            } else if (line.startsWith("event: ")) {
                type = line.substring(7);
            } else if (line.startsWith("data: ")) {
                if (data != null) {
                    throw new AssertionError("an event with more than one data line");
                }
                data = line.substring(6);
            } else if (!line.startsWith(":")) {
                throw new AssertionError("unexpected line: " + line);
            }
        }
    }

    /** Waits for the line {@code line}, skipping others. */
    void awaitLine(String line) {
        while (!line.equals(nextLine())) {
            // skip
        }
    }

    /** Waits for the server to end the response, skipping whatever comes before. */
    void awaitEnd() {
        while (true) {
            String line = poll();
            if (line == null) {
                throw new AssertionError("the event stream did not end within " + WAIT);
            }
            if (END.equals(line)) {
                return;
            }
        }
    }

    /** The next line if one is already there or comes within {@code wait}; empty otherwise. */
    Optional<String> lineWithin(Duration wait) {
        try {
            return Optional.ofNullable(lines.poll(wait.toMillis(), TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            response.body().close();
        } catch (IOException e) {
            // already gone
        }
    }

    private String poll() {
        return lineWithin(WAIT).orElse(null);
    }

    private void read() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                lines.add(line);
            }
        } catch (IOException e) {
            // closed by the test, or by the server
        } finally {
            lines.add(END);
        }
    }

    private static String readAll(InputStream body) {
        try (body) {
            return new String(body.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
