package opbx.tools;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/**
 * The open-loop load of {@code make soak}: requests are due at a fixed rate whatever the answers take (as Cloudonix
 * sends them), alternating routing and CDRs and alternating the two instances. A latency is measured from the moment
 * the request was due, so a server falling behind shows in it. Every tenth CDR re-delivers one already acknowledged.
 */
final class SoakLoad {

    /** The routing answer of the soak's DID (user extension 1001, execution-plane spec §3.4). */
    static final String DIAL_1001 = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response>\n  <Dial timeout=\"30\">\n"
            + "    <Number>1001</Number>\n  </Dial>\n</Response>\n";

    /** The latencies and errors of one endpoint on one instance. */
    static final class Stats {
        final String name;
        private long[] micros = new long[4096];
        private int count;
        private long errors;
        private final List<String> samples = new ArrayList<>();

        Stats(String name) {
            this.name = name;
        }

        synchronized void record(long latencyMicros, String error) {
            if (count == micros.length) {
                micros = Arrays.copyOf(micros, count * 2);
            }
            micros[count++] = latencyMicros;
            if (error != null) {
                errors++;
                if (samples.size() < 5) {
                    samples.add(error);
                }
            }
        }

        synchronized long requests() {
            return count;
        }

        synchronized long errors() {
            return errors;
        }

        synchronized List<String> samples() {
            return List.copyOf(samples);
        }

        /** The {@code p} quantile in milliseconds. */
        synchronized String millis(double p) {
            if (count == 0) {
                return "-";
            }
            long[] sorted = Arrays.copyOf(micros, count);
            Arrays.sort(sorted);
            long value = sorted[Math.min(count - 1, (int) Math.ceil(p * count) - 1)];
            return String.format(Locale.ROOT, "%.1f", value / 1000.0);
        }
    }

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final List<String> bases;
    private final String key;
    private final String did;
    private final ExecutorService workers = Executors.newFixedThreadPool(64);
    private final AtomicLong cdrs = new AtomicLong();
    final Set<String> sent = ConcurrentHashMap.newKeySet();
    final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    /** New CDRs not answered 200, which Cloudonix would deliver again. */
    private final Set<Long> refused = ConcurrentHashMap.newKeySet();
    private final List<Long> redeliverable = Collections.synchronizedList(new ArrayList<>());
    final AtomicLong redeliveries = new AtomicLong();
    private volatile List<Stats> stats;

    SoakLoad(List<String> bases, String key, String did) {
        this.bases = bases;
        this.key = key;
        this.did = did;
    }

    /** Sends at {@code rate} requests per second for {@code duration}, then waits for the answers; the statistics. */
    List<Stats> run(double rate, Duration duration) throws InterruptedException {
        List<Stats> run = new ArrayList<>();
        for (String instance : List.of("A", "B")) {
            run.add(new Stats("POST /api/voice/route → " + instance));
        }
        for (String instance : List.of("A", "B")) {
            run.add(new Stats("POST /api/webhooks/cloudonix/cdr → " + instance));
        }
        stats = run;
        long period = (long) (1e9 / rate);
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        CountingLatch inFlight = new CountingLatch();
        for (long i = 0; start + i * period < end; i++) {
            long due = start + i * period;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            boolean route = i % 2 == 0;
            int instance = (int) (i / 2 % 2);
            inFlight.increment();
            workers.execute(() -> {
                try {
                    Stats target = run.get((route ? 0 : 2) + instance);
                    String error = route ? route(instance) : cdr(instance);
                    target.record((System.nanoTime() - due) / 1_000, error);
                } finally {
                    inFlight.decrement();
                }
            });
        }
        inFlight.awaitZero();
        return run;
    }

    /**
     * Delivers every new CDR not answered 200 again, as Cloudonix does after a 503, until it is answered 200 (at most
     * 20 tries a second apart); the number delivered so.
     */
    int redeliverRefused() throws InterruptedException {
        int stored = 0;
        for (long id : refused) {
            for (int attempt = 0; attempt < 20; attempt++) {
                Outcome outcome = post(attempt % 2, "/api/webhooks/cloudonix/cdr", cdrBody(id));
                if (outcome.failure() == null && outcome.response().statusCode() == 200) {
                    acknowledged.add(callId(id));
                    stored++;
                    break;
                }
                Thread.sleep(1_000);
            }
        }
        return stored;
    }

    /** Requests answered so far in the current run, and errors among them. */
    long[] progress() {
        List<Stats> run = stats;
        return run == null ? new long[2] : new long[] {
            run.stream().mapToLong(Stats::requests).sum(), run.stream().mapToLong(Stats::errors).sum()};
    }

    void close() {
        workers.shutdownNow();
    }

    /** null when answered as the spec says, else what was wrong. */
    private String route(int instance) {
        String body = "{\"CallSid\":\"soak-" + ThreadLocalRandom.current().nextLong(Long.MAX_VALUE)
                + "\",\"From\":\"+12125550199\",\"To\":\"" + did + "\",\"Direction\":\"inbound\"}";
        return check(post(instance, "/api/voice/route", body), response -> DIAL_1001.equals(response.body()));
    }

    private String cdr(int instance) {
        long n = cdrs.incrementAndGet();
        boolean redelivery = n % 10 == 0 && !redeliverable.isEmpty();
        long id = redelivery ? redeliverable.get(ThreadLocalRandom.current().nextInt(redeliverable.size())) : n;
        if (redelivery) {
            redeliveries.incrementAndGet();
        } else {
            sent.add(callId(id));
        }
        Outcome outcome = post(instance, "/api/webhooks/cloudonix/cdr", cdrBody(id));
        String error = check(outcome, response -> response.body().contains("\"duplicate\":true") == redelivery);
        if (error == null && !redelivery) {
            acknowledged.add(callId(id));
            redeliverable.add(id);
        } else if (!redelivery) {
            refused.add(id);
        }
        return error;
    }

    static String callId(long n) {
        return "soak-" + n + "@10.0.0.1";
    }

    static String token(long n) {
        return "tok-soak-" + n;
    }

    private static String cdrBody(long n) {
        return "{\"call_id\":\"" + callId(n) + "\",\"session\":{\"id\":" + (800_000_000L + n) + ",\"token\":\"" + token(n)
                + "\"},\"from\":\"+12125550199\",\"to\":\"1001\",\"disposition\":\"ANSWERED\",\"billsec\":30}";
    }

    private record Outcome(HttpResponse<String> response, String failure) {
    }

    private Outcome post(int instance, String path, String json) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(bases.get(instance) + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
        try {
            return new Outcome(client.send(request, HttpResponse.BodyHandlers.ofString()), null);
        } catch (IOException e) {
            return new Outcome(null, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(null, "interrupted");
        }
    }

    private static String check(Outcome outcome, Predicate<HttpResponse<String>> expected) {
        if (outcome.failure() != null) {
            return outcome.failure();
        }
        HttpResponse<String> response = outcome.response();
        if (response.statusCode() != 200 || !expected.test(response)) {
            String body = response.body();
            return response.statusCode() + " " + (body.length() > 200 ? body.substring(0, 200) + "…" : body);
        }
        return null;
    }

    /** Counts the requests in flight; the run ends when the last one is answered. */
    private static final class CountingLatch {
        private long count;

        synchronized void increment() {
            count++;
        }

        synchronized void decrement() {
            if (--count == 0) {
                notifyAll();
            }
        }

        synchronized void awaitZero() throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (count > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException(count + " requests still unanswered 120 s after the run");
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }
    }
}
