package opbx.cache;

import opbx.config.RedisTarget;
import java.time.Duration;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisPooled;

/**
 * The one Redis client of the process. Timeouts are short on purpose: Redis is a cache and a coordinator, and the
 * execution plane must fall back to PostgreSQL quickly rather than wait on it (execution-plane spec §10.3).
 */
public final class Redis implements AutoCloseable {

    /** Socket timeout of a Redis command (execution-plane spec §10.3). */
    public static final int COMMAND_TIMEOUT_MS = 100;
    private static final int CONNECT_TIMEOUT_MS = 200;
    private static final int POOL_SIZE = 256;

    private final JedisPooled client;
    private final RedisTarget target;

    public Redis(RedisTarget target) {
        this.target = target;
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(CONNECT_TIMEOUT_MS)
                .socketTimeoutMillis(COMMAND_TIMEOUT_MS)
                .database(target.database())
                .ssl(target.ssl())
                .clientName("opbx");
        if (target.password() != null) {
            config.user(target.user()).password(target.password());
        }
        // As many connections as request threads (Jetty's 250 at most): a busy instance waits on Redis, never on the pool.
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(POOL_SIZE);
        pool.setMaxIdle(POOL_SIZE);
        pool.setMinIdle(8);
        pool.setMaxWait(Duration.ofMillis(CONNECT_TIMEOUT_MS));
        this.client = new JedisPooled(pool, new HostAndPort(target.host(), target.port()), config.build());
    }

    public JedisPooled client() {
        return client;
    }

    /**
     * True when Redis answers a PING now. Never throws. One retry, because after a Redis restart the first pooled
     * connection borrowed is a dead one; the pool discards it and the retry gets a fresh connection.
     */
    public boolean ping() {
        for (int attempt = 0; attempt < 2; attempt++) {
            try {
                return "PONG".equals(client.ping());
            } catch (RuntimeException e) {
                // fall through to the retry
            }
        }
        return false;
    }

    public String describe() {
        return target.describe();
    }

    @Override
    public void close() {
        client.close();
    }
}
