package opbx.faults;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import java.util.stream.Collectors;
import opbx.support.HttpTestClient.Response;

/**
 * Closed-loop clients for the fault tests: each sends request number {@code n} (one shared sequence) as soon as its
 * previous one is answered, until {@link #close()}. Every answer is kept, tagged with the fault phase it was sent in.
 */
final class Clients implements AutoCloseable {

    /** One answer; {@code status} 0 and {@code body} the error when the request itself failed. */
    record Answer(long n, String phase, int status, String body, String retryAfter) {
    }

    private final ExecutorService pool;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicLong answered = new AtomicLong();
    private final Queue<Answer> answers = new ConcurrentLinkedQueue<>();
    private volatile String phase = "before";

    Clients(int count, LongFunction<Response> request) {
        pool = Executors.newFixedThreadPool(count);
        for (int i = 0; i < count; i++) {
            pool.submit(() -> {
                while (running.get()) {
                    long n = sequence.incrementAndGet();
                    String sentIn = phase;
                    try {
                        Response response = request.apply(n);
                        answers.add(new Answer(n, sentIn, response.status(), response.body(), response.header("Retry-After")));
                    } catch (UncheckedIOException e) {
                        answers.add(new Answer(n, sentIn, 0, e.toString(), null));
                    }
                    answered.incrementAndGet();
                }
            });
        }
    }

    /** Requests sent from now on are tagged {@code name}. */
    void phase(String name) {
        phase = name;
    }

    long answered() {
        return answered.get();
    }

    /** The answers of requests sent in {@code name} so far. */
    long answeredIn(String name) {
        return answers.stream().filter(a -> a.phase().equals(name)).count();
    }

    /** Every answer so far (the clients go on). */
    List<Clients.Answer> answers() {
        return new ArrayList<>(answers);
    }

    /** Stops the clients, lets the requests in flight finish, and returns every answer. */
    List<Answer> stop() {
        close();
        return new ArrayList<>(answers);
    }

    /** Answers counted by phase and status, e.g. {@code {outage 503=12, before 200=31}}, for the test's output. */
    static String summary(List<Answer> answers) {
        return answers.stream()
                .collect(Collectors.groupingBy(a -> a.phase() + " " + a.status(), TreeMap::new, Collectors.counting()))
                .toString();
    }

    @Override
    public void close() {
        running.set(false);
        pool.shutdown();
        try {
            if (!pool.awaitTermination(30, TimeUnit.SECONDS)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pool.shutdownNow();
        }
    }
}
