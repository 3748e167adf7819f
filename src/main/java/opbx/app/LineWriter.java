package opbx.app;

import java.io.PrintStream;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Writes the request lines to standard error from one background thread, so a request thread only adds its line to
 * a lock-free queue: {@code System.err.println} takes a lock per line, which every request thread would queue on.
 * Lines are written in order, in batches, within about 10 ms; past {@link #MAX_PENDING} waiting lines (standard
 * error stuck) further lines are dropped and counted, never blocking a request.
 */
final class LineWriter implements AutoCloseable {

    static final int MAX_PENDING = 100_000;
    private static final long IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final ConcurrentLinkedQueue<String> pending = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicLong dropped = new AtomicLong();
    private final Thread thread;
    private volatile boolean closed;

    LineWriter() {
        thread = new Thread(this::run, "opbx-request-log");
        thread.setDaemon(true);
        thread.start();
    }

    void write(String line) {
        if (size.incrementAndGet() > MAX_PENDING) {
            size.decrementAndGet();
            dropped.incrementAndGet();
            return;
        }
        pending.add(line);
    }

    private void run() {
        StringBuilder batch = new StringBuilder(8192);
        while (!closed || !pending.isEmpty()) {
            String line = pending.poll();
            if (line == null) {
                flush(batch);
                LockSupport.parkNanos(IDLE_NANOS);
                continue;
            }
            size.decrementAndGet();
            batch.append(line).append('\n');
            if (batch.length() > 64 * 1024) {
                flush(batch);
            }
        }
        flush(batch);
    }

    private void flush(StringBuilder batch) {
        long lost = dropped.getAndSet(0);
        if (lost > 0) {
            batch.append("request log: ").append(lost).append(" line(s) dropped, standard error did not keep up\n");
        }
        if (batch.length() > 0) {
            // The current System.err at each flush (tests swap it to read the lines).
            PrintStream err = System.err;
            err.print(batch);
            err.flush();
            batch.setLength(0);
        }
    }

    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
