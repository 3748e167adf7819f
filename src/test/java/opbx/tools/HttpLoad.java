package opbx.tools;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * The open-loop load generator of {@code make bench}, run as its own process (never inside the server's JVM): sends
 * requests at a fixed rate whatever the answers do, each timed from the moment it was due, not from when it could be
 * sent (so a stalled server shows in the latencies instead of slowing the generator down). A {@code route} target
 * varies {@code From} (half new callers, half a pool of repeat callers) and {@code CallSid} on every request.
 *
 * <p>Arguments: {@code url kind(health|route) rate seconds [key to]}. Prints one line:
 * {@code sent=N ok=N errors=N p50_us=N p99_us=N late=N}.
 */
public final class HttpLoad {

    private HttpLoad() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        boolean route = args[1].equals("route");
        int rate = Integer.parseInt(args[2]);
        int seconds = Integer.parseInt(args[3]);
        String key = args.length > 4 ? args[4] : null;
        String to = args.length > 5 ? args[5] : null;
        ExecutorService executor = Executors.newFixedThreadPool(4);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(executor)
                .connectTimeout(Duration.ofSeconds(5)).build();
        int total = rate * seconds;
        AtomicLongArray latencies = new AtomicLongArray(total);
        AtomicLong ok = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicLong done = new AtomicLong();
        long intervalNanos = 1_000_000_000L / rate;
        long start = System.nanoTime() + 100_000_000L;
        long late = 0;
        for (int i = 0; i < total; i++) {
            long due = start + i * intervalNanos;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            } else if (-wait > 10_000_000L) {
                late++;
            }
            int index = i;
            client.sendAsync(request(url, route, key, to, i), HttpResponse.BodyHandlers.discarding())
                    .whenComplete((response, failure) -> {
                        latencies.set(index, (System.nanoTime() - due) / 1000);
                        if (failure == null && response.statusCode() == 200) {
                            ok.incrementAndGet();
                        } else {
                            errors.incrementAndGet();
                        }
                        done.incrementAndGet();
                    });
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (done.get() < total && System.nanoTime() < deadline) {
            LockSupport.parkNanos(10_000_000L);
        }
        long[] sorted = new long[(int) done.get()];
        for (int i = 0, j = 0; i < total && j < sorted.length; i++) {
            long value = latencies.get(i);
            if (value > 0) {
                sorted[j++] = value;
            }
        }
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "sent=%d ok=%d errors=%d p50_us=%d p99_us=%d late=%d%n", total, ok.get(),
                errors.get() + (total - done.get()), percentile(sorted, 0.50), percentile(sorted, 0.99), late);
        executor.shutdownNow();
        System.exit(0);
    }

    private static HttpRequest request(String url, boolean route, String key, String to, int i) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        if (!route) {
            return builder.GET().build();
        }
        // Even requests: a caller never seen before; odd ones: one of 100 repeat callers.
        long caller = i % 2 == 0 ? 2_000_000L + i : 1_000_000L + i % 100;
        String body = "{\"CallSid\":\"open-" + i + "-" + System.nanoTime() + "\",\"From\":\"+1646" + caller
                + "\",\"To\":\"" + to + "\",\"Direction\":\"inbound\"}";
        return builder.header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static long percentile(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }
}
