package opbx.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import opbx.access.Caller;
import opbx.auth.AuthService;
import opbx.config.RedisTarget;
import opbx.http.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event streams open on this instance (execution-plane spec §12.2): it admits them against the per-organisation
 * limit, keeps the Redis subscription to exactly the organisations that have one, fans every message out to the
 * organisation's streams, and at each heartbeat sends {@code : ping}, keeps the stream's slot alive and checks its
 * token again, ending the stream when the token, its user or its organisation is no longer good (control-plane spec
 * §1.1). Threads start with the first stream.
 */
final class EventHub implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EventHub.class);
    /** How long a new stream waits for Redis to confirm its organisation's subscription before it starts anyway. */
    private static final long SUBSCRIBE_WAIT_MS = 1000;
    private static final int SENDER_THREADS = 2;

    private final AuthService auth;
    private final ObjectMapper mapper;
    private final StreamSlots slots;
    private final EventSubscriber subscriber;
    private final int heartbeatSeconds;
    private final Map<Long, Set<EventStream>> streams = new ConcurrentHashMap<>();
    private final ExecutorService sender = Executors.newFixedThreadPool(SENDER_THREADS, daemon("opbx-events-send"));
    private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(daemon("opbx-events-heartbeat"));
    private boolean heartbeatStarted;
    private volatile boolean closed;

    EventHub(AuthService auth, ObjectMapper mapper, StreamSlots slots, RedisTarget redis, int heartbeatSeconds) {
        this.auth = auth;
        this.mapper = mapper;
        this.slots = slots;
        this.heartbeatSeconds = heartbeatSeconds;
        this.subscriber = new EventSubscriber(redis, this::deliver);
    }

    /**
     * A stream for the caller if the organisation has fewer than its limit open across all instances; empty when it
     * has them all. Nothing is written before {@link #start}.
     */
    Optional<EventStream> admit(Caller caller, String credentials, Set<String> types, OutputStream out) {
        if (closed) {
            throw ApiException.serviceUnavailable();
        }
        EventStream stream = new EventStream(caller.organizationId(), credentials, types, out, sender, this::closed,
                SseFrames.RETRY);
        return slots.acquire(stream.organizationId(), stream.id()) ? Optional.of(stream) : Optional.empty();
    }

    /**
     * Starts the admitted stream: subscribes to its organisation's channel, then writes. Once the first frame is out,
     * every event published to the organisation reaches it (Redis permitting).
     */
    void start(EventStream stream) {
        long organizationId = stream.organizationId();
        synchronized (this) {
            Set<EventStream> organization = streams.computeIfAbsent(organizationId, id -> ConcurrentHashMap.newKeySet());
            organization.add(stream);
            if (organization.size() == 1) {
                subscriber.add(organizationId);
            }
            if (!heartbeatStarted) {
                heartbeatStarted = true;
                heartbeat.scheduleAtFixedRate(this::beat, heartbeatSeconds, heartbeatSeconds, TimeUnit.SECONDS);
            }
        }
        if (!subscriber.awaitSubscribed(organizationId, SUBSCRIBE_WAIT_MS)) {
            log.debug("events of organisation {} not subscribed yet: the stream starts anyway", organizationId);
        }
        stream.start();
    }

    String subscriptionState() {
        return subscriber.state();
    }

    long subscriptionReconnects() {
        return subscriber.reconnects();
    }

    int limit() {
        return slots.limit();
    }

    int heartbeatSeconds() {
        return heartbeatSeconds;
    }

    /** A message from the organisation's channel, to each of its streams that wants the type. */
    private void deliver(long organizationId, String message) {
        Set<EventStream> listeners = streams.get(organizationId);
        if (listeners == null || listeners.isEmpty()) {
            return;
        }
        String frame;
        String type;
        try {
            JsonNode envelope = mapper.readTree(message);
            type = envelope.path("type").asText();
            frame = SseFrames.event(envelope.path("id").asText(), type, mapper.writeValueAsString(envelope));
        } catch (JsonProcessingException e) {
            log.warn("an event of organisation {} is not JSON: dropped", organizationId);
            return;
        }
        for (EventStream stream : listeners) {
            if (stream.wants(type)) {
                stream.send(frame);
            }
        }
    }

    /** The heartbeat of every stream (§12.2): check the token again, keep the slot, send the ping. */
    private void beat() {
        subscriber.ping();
        for (Set<EventStream> organization : streams.values()) {
            for (EventStream stream : List.copyOf(organization)) {
                try {
                    beat(stream);
                } catch (RuntimeException e) {
                    log.warn("heartbeat of an event stream failed", e);
                }
            }
        }
    }

    private void beat(EventStream stream) {
        try {
            auth.authenticate(stream.credentials());
        } catch (ApiException e) {
            stream.close();
            return;
        } catch (RuntimeException e) {
            // The database is away: keep the stream and check again at the next heartbeat.
            log.debug("event stream token not checked: {}", e.toString());
        }
        slots.refresh(stream.organizationId(), stream.id());
        stream.send(SseFrames.PING);
    }

    /** A stream ended: forget it, give back its slot, and drop the subscription with the organisation's last one. */
    private void closed(EventStream stream) {
        long organizationId = stream.organizationId();
        synchronized (this) {
            Set<EventStream> organization = streams.get(organizationId);
            if (organization != null && organization.remove(stream) && organization.isEmpty()) {
                streams.remove(organizationId);
                subscriber.remove(organizationId);
            }
        }
        slots.release(organizationId, stream.id());
    }

    /** Ends every stream, then the subscription and the threads. */
    @Override
    public void close() {
        closed = true;
        for (Set<EventStream> organization : streams.values()) {
            List.copyOf(organization).forEach(EventStream::close);
        }
        heartbeat.shutdownNow();
        sender.shutdown();
        subscriber.close();
        try {
            sender.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
