package opbx.tools;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/** Closed-loop load: each client sends its next request as soon as the previous one is answered, for a fixed time. */
final class LoadRunner {

    /** One request; true when the answer is the expected one. An {@link IOException} counts as an error. */
    @FunctionalInterface
    interface Call {
        boolean send() throws IOException, InterruptedException;
    }

    /** What a run measured; latencies sorted ascending, in microseconds. */
    record Result(String name, int clients, long requests, double seconds, long[] latenciesMicros, long errors) {

        Result named(String label) {
            return new Result(label, clients, requests, seconds, latenciesMicros, errors);
        }

        double throughput() {
            return requests / seconds;
        }

        long percentile(double p) {
            if (latenciesMicros.length == 0) {
                return 0;
            }
            return latenciesMicros[Math.min(latenciesMicros.length - 1, (int) Math.ceil(p * latenciesMicros.length) - 1)];
        }

        /** {@code percentile(p)} in milliseconds, one decimal. */
        String millis(double p) {
            return String.format(Locale.ROOT, "%.1f", percentile(p) / 1000.0);
        }
    }

    /** The throughput table of docs/benchmarks.md, latencies in microseconds. */
    static String table(Result... results) {
        StringBuilder md = new StringBuilder("| Endpoint | Requests | Throughput (req/s) | p50 (µs) | p99 (µs) | Errors |\n")
                .append("|---|---|---|---|---|---|\n");
        for (Result result : results) {
            md.append(String.format(Locale.ROOT, "| %s | %d | %.0f | %d | %d | %d |%n", result.name(), result.requests(),
                    result.throughput(), result.percentile(0.50), result.percentile(0.99), result.errors()));
        }
        return md.toString();
    }

    /** A ratio for the tables: two decimals below 10, whole numbers above. */
    static String times(double ratio) {
        return String.format(Locale.ROOT, ratio < 10 ? "%.2f×" : "%.0f×", ratio);
    }

    private LoadRunner() {
    }

    /** {@code clients} closed-loop clients sending {@code call} for {@code millis}; every latency recorded. */
    static Result run(int clients, long millis, Call call) throws InterruptedException {
        return run(clients, millis, 0, call);
    }

    /** As {@link #run(int, long, Call)}, each client going on until it has sent at least {@code minimum} requests. */
    static Result run(int clients, long millis, int minimum, Call call) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        AtomicLong errors = new AtomicLong();
        long started = System.nanoTime();
        long end = started + millis * 1_000_000;
        List<Future<long[]>> workers = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            workers.add(pool.submit(() -> {
                long[] mine = new long[1024];
                int count = 0;
                while (System.nanoTime() < end || count < minimum) {
                    long t0 = System.nanoTime();
                    try {
                        if (!call.send()) {
                            errors.incrementAndGet();
                        }
                    } catch (IOException e) {
                        errors.incrementAndGet();
                    }
                    if (count == mine.length) {
                        mine = Arrays.copyOf(mine, count * 2);
                    }
                    mine[count++] = (System.nanoTime() - t0) / 1_000;
                }
                return Arrays.copyOf(mine, count);
            }));
        }
        List<long[]> parts = new ArrayList<>();
        try {
            for (Future<long[]> worker : workers) {
                parts.add(worker.get());
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("a load client failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        long[] all = parts.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        return new Result("", clients, all.length, seconds, all, errors.get());
    }
}
