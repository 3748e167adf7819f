package opbx.events;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import opbx.cache.RedisKeys;
import opbx.config.RedisTarget;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;

/**
 * This instance's one Redis subscription (execution-plane spec §12.1): a dedicated connection and thread, never the
 * pooled client, whose 100 ms timeout a blocking SUBSCRIBE would trip. It holds the channels of the organisations
 * with local listeners, subscribing and unsubscribing as they come and go, and hands each message to
 * {@code deliver}. A lost or refused connection is reopened with backoff (100 ms doubling to 5 s), forever, whatever
 * the failure, and every channel subscribed again; events published meanwhile are lost (delivery is at most once).
 *
 * <p>The connection also holds a channel of its own that nobody publishes to, so it never drops to zero channels,
 * where Jedis would leave its read loop while an unsubscribe and a subscribe cross.
 */
final class EventSubscriber implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EventSubscriber.class);
    private static final int CONNECT_TIMEOUT_MS = 2000;
    private static final long FIRST_BACKOFF_MS = 100;
    private static final long MAX_BACKOFF_MS = 5000;
    private static final long WARN_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final RedisTarget target;
    private final BiConsumer<Long, String> deliver;
    private final String ownChannel = RedisKeys.global("events", "instance", UUID.randomUUID().toString());
    private final Map<String, Long> organizationOfChannel = new ConcurrentHashMap<>();

    // Guarded by this.
    private final Set<Long> wanted = new HashSet<>();
    private final Set<Long> requested = new HashSet<>();
    private final Set<Long> confirmed = new HashSet<>();
    private Listener ready;
    private Jedis connection;
    private Thread thread;
    private boolean closed;
    private long lastWarning = System.nanoTime() - 2 * WARN_EVERY_NANOS;
    private final AtomicLong reconnects = new AtomicLong();

    EventSubscriber(RedisTarget target, BiConsumer<Long, String> deliver) {
        this.target = target;
        this.deliver = deliver;
    }

    /** Starts receiving the organisation's events (the thread and connection start with the first one). */
    synchronized void add(long organizationId) {
        if (closed) {
            return;
        }
        organizationOfChannel.put(RedisEventPublisher.channel(organizationId), organizationId);
        wanted.add(organizationId);
        if (thread == null) {
            thread = new Thread(this::run, "opbx-events-subscriber");
            thread.setDaemon(true);
            thread.start();
        }
        notifyAll();
        reconcile();
    }

    synchronized void remove(long organizationId) {
        wanted.remove(organizationId);
        reconcile();
    }

    /**
     * Waits until Redis has confirmed the organisation's subscription, at most {@code timeoutMillis}; a stream that
     * starts after this sees every event published after it started. False when it timed out (Redis away).
     */
    synchronized boolean awaitSubscribed(long organizationId, long timeoutMillis) {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (!closed && !confirmed.contains(organizationId)) {
            long left = until - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return !closed;
    }

    /** A PING on the connection, so one that died silently is noticed and reopened. */
    synchronized void ping() {
        if (ready != null) {
            try {
                ready.ping();
            } catch (RuntimeException e) {
                dropConnection();
            }
        }
    }

    @Override
    public void close() {
        Thread running;
        synchronized (this) {
            closed = true;
            dropConnection();
            notifyAll();
            running = thread;
        }
        if (running != null) {
            running.interrupt();
            try {
                running.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        long backoff = FIRST_BACKOFF_MS;
        while (true) {
            Jedis jedis = null;
            Listener listener = new Listener();
            try {
                synchronized (this) {
                    if (closed) {
                        return;
                    }
                }
                // Inside the try: Jedis connects in its constructor, and a Redis that is still down must cost one
                // more attempt after the backoff, never this thread.
                jedis = new Jedis(new HostAndPort(target.host(), target.port()), clientConfig());
                synchronized (this) {
                    if (closed) {
                        jedis.close();
                        return;
                    }
                    connection = jedis;
                }
                jedis.subscribe(listener, ownChannel);
                backoff = FIRST_BACKOFF_MS;
            } catch (RuntimeException e) {
                if (listener.established) {
                    backoff = FIRST_BACKOFF_MS;
                }
                reconnects.incrementAndGet();
                warn("event subscription to Redis at " + target.describe() + " lost (" + e + "); retrying");
            } finally {
                synchronized (this) {
                    if (ready == listener) {
                        ready = null;
                    }
                    requested.clear();
                    confirmed.clear();
                    if (jedis != null && connection == jedis) {
                        connection = null;
                    }
                }
                if (jedis != null) {
                    try {
                        jedis.close();
                    } catch (RuntimeException e) {
                        log.debug("closing a lost event connection: {}", e.toString());
                    }
                }
            }
            if (!pause(backoff)) {
                return;
            }
            backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
        }
    }

    /**
     * {@code idle} (no stream on this instance, no connection needed), {@code subscribed}, or {@code reconnecting}
     * (a stream is open and the connection is down or not yet back), for health and {@code /metrics}.
     */
    synchronized String state() {
        if (thread == null || wanted.isEmpty()) {
            return "idle";
        }
        return ready != null ? "subscribed" : "reconnecting";
    }

    /** Failed connections or lost subscriptions since start: a growing count is a Redis outage being ridden out. */
    long reconnects() {
        return reconnects.get();
    }

    /** Waits before the next attempt; false when closed meanwhile. */
    private synchronized boolean pause(long millis) {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (!closed) {
            long left = until - System.nanoTime();
            if (left <= 0) {
                return true;
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                return false; // only close() interrupts this thread
            }
        }
        return false;
    }

    /** Sends SUBSCRIBE / UNSUBSCRIBE for the difference between what is wanted and what was asked for. */
    private void reconcile() {
        if (ready == null) {
            return;
        }
        Set<Long> toAdd = new HashSet<>(wanted);
        toAdd.removeAll(requested);
        Set<Long> toRemove = new HashSet<>(requested);
        toRemove.removeAll(wanted);
        try {
            if (!toAdd.isEmpty()) {
                ready.subscribe(channels(toAdd));
                requested.addAll(toAdd);
            }
            if (!toRemove.isEmpty()) {
                ready.unsubscribe(channels(toRemove));
                requested.removeAll(toRemove);
                confirmed.removeAll(toRemove);
            }
        } catch (RuntimeException e) {
            dropConnection();
        }
    }

    /** Closes the socket under the blocked reader, which then fails and reconnects (or stops, when closed). */
    private void dropConnection() {
        ready = null;
        requested.clear();
        confirmed.clear();
        if (connection != null) {
            try {
                connection.disconnect();
            } catch (RuntimeException e) {
                log.debug("closing the event subscription: {}", e.toString());
            }
        }
    }

    private static String[] channels(Set<Long> organizations) {
        return organizations.stream().map(RedisEventPublisher::channel).toArray(String[]::new);
    }

    private synchronized void warn(String message) {
        if (closed) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastWarning >= WARN_EVERY_NANOS) {
            lastWarning = now;
            log.warn(message);
        } else {
            log.debug(message);
        }
    }

    private DefaultJedisClientConfig clientConfig() {
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(CONNECT_TIMEOUT_MS)
                .socketTimeoutMillis(CONNECT_TIMEOUT_MS)
                .database(target.database())
                .ssl(target.ssl())
                .clientName("opbx-events");
        if (target.password() != null) {
            config.user(target.user()).password(target.password());
        }
        return config.build();
    }

    private final class Listener extends JedisPubSub {

        /** The connection got as far as its first subscription: the next failure starts the backoff afresh. */
        private volatile boolean established;

        @Override
        public void onSubscribe(String channel, int subscribedChannels) {
            synchronized (EventSubscriber.this) {
                if (ownChannel.equals(channel)) {
                    established = true;
                    if (closed) {
                        unsubscribe();
                        return;
                    }
                    ready = this;
                    requested.clear();
                    confirmed.clear();
                    reconcile();
                } else if (ready == this) {
                    Long organizationId = organizationOfChannel.get(channel);
                    if (organizationId != null && requested.contains(organizationId)) {
                        confirmed.add(organizationId);
                        EventSubscriber.this.notifyAll();
                    }
                }
            }
        }

        @Override
        public void onMessage(String channel, String message) {
            Long organizationId = organizationOfChannel.get(channel);
            if (organizationId == null) {
                return;
            }
            try {
                deliver.accept(organizationId, message);
            } catch (RuntimeException e) {
                log.warn("delivering an event of organisation {} failed", organizationId, e);
            }
        }
    }
}
