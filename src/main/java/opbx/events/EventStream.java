package opbx.events;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * One open {@code text/event-stream} response (execution-plane spec §12.2). Frames are queued and written by the
 * shared sender pool, one stream at a time in order, so a client that reads slowly holds up only itself; one that
 * stops reading is dropped once {@link #MAX_PENDING} frames wait (it reloads after reconnecting: delivery is at most
 * once). {@link #done()} completes when the stream ends, which ends the HTTP response.
 */
final class EventStream {

    static final int MAX_PENDING = 1000;

    private final String id = UUID.randomUUID().toString();
    private final long organizationId;
    private final String credentials;
    private final Set<String> types;
    private final OutputStream out;
    private final Executor sender;
    private final Consumer<EventStream> onClose;
    private final CompletableFuture<Void> done = new CompletableFuture<>();

    // Guarded by this.
    private final ArrayDeque<String> pending = new ArrayDeque<>();
    private boolean started;
    private boolean draining;
    private boolean closed;

    /**
     * @param credentials the {@code Authorization} value it was opened with, checked again at every heartbeat
     * @param types       the event types wanted; empty = all
     * @param first       the first frame, written before any event
     */
    EventStream(long organizationId, String credentials, Set<String> types, OutputStream out, Executor sender,
                Consumer<EventStream> onClose, String first) {
        this.organizationId = organizationId;
        this.credentials = credentials;
        this.types = Set.copyOf(types);
        this.out = out;
        this.sender = sender;
        this.onClose = onClose;
        pending.add(first);
        // Javalin cancels the future when the client goes away or the request fails.
        done.whenComplete((ignored, failure) -> close());
    }

    String id() {
        return id;
    }

    long organizationId() {
        return organizationId;
    }

    String credentials() {
        return credentials;
    }

    CompletableFuture<Void> done() {
        return done;
    }

    boolean wants(String type) {
        return types.isEmpty() || types.contains(type);
    }

    /** Starts writing: what was queued before (the first frame, then any event) goes out in order. */
    void start() {
        synchronized (this) {
            started = true;
            if (closed || pending.isEmpty() || draining) {
                return;
            }
            draining = true;
        }
        schedule();
    }

    /** Queues a frame (an event, or a comment line) for writing. */
    void send(String frame) {
        boolean overflow = false;
        boolean schedule = false;
        synchronized (this) {
            if (closed) {
                return;
            }
            if (pending.size() >= MAX_PENDING) {
                overflow = true;
            } else {
                pending.add(frame);
                if (started && !draining) {
                    draining = true;
                    schedule = true;
                }
            }
        }
        if (overflow) {
            close();
        } else if (schedule) {
            schedule();
        }
    }

    /** Ends the stream (token revoked, server stopping, client gone, client not reading). Runs once. */
    void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            pending.clear();
        }
        done.complete(null);
        onClose.accept(this);
    }

    private void schedule() {
        try {
            sender.execute(this::drain);
        } catch (RejectedExecutionException e) {
            close();
        }
    }

    private void drain() {
        while (true) {
            String frame;
            synchronized (this) {
                frame = closed ? null : pending.poll();
                if (frame == null) {
                    draining = false;
                    return;
                }
            }
            try {
                out.write(frame.getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException | RuntimeException e) {
                close();
                return;
            }
        }
    }
}
