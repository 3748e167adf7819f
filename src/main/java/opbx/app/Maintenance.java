package opbx.app;

import static opbx.db.gen.Tables.AUDIT_LOG;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import opbx.auth.TokenRepository;
import opbx.cache.Redis;
import opbx.cache.RedisKeys;
import opbx.db.CrossTenantQuery;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.params.SetParams;

/**
 * The daily housekeeping of control-plane spec §1.1 and §5: expired tokens are purged and audit rows older than
 * {@code OPBX_AUDIT_RETENTION_DAYS} pruned. A Redis lock held for the day makes one instance of N do it.
 */
public final class Maintenance implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Maintenance.class);
    private static final Duration PERIOD = Duration.ofDays(1);

    private final DSLContext dsl;
    private final Redis redis;
    private final TokenRepository tokens;
    private final int auditRetentionDays;
    private final Clock clock;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "opbx-maintenance");
        thread.setDaemon(true);
        return thread;
    });

    public Maintenance(DSLContext dsl, Redis redis, TokenRepository tokens, int auditRetentionDays, Clock clock) {
        this.clock = clock;
        this.dsl = dsl;
        this.redis = redis;
        this.tokens = tokens;
        this.auditRetentionDays = auditRetentionDays;
    }

    /** First run a minute after start, then daily. */
    public void schedule() {
        scheduler.scheduleAtFixedRate(this::runIfLockTaken, 60, PERIOD.toSeconds(), TimeUnit.SECONDS);
    }

    void runIfLockTaken() {
        try {
            String taken = redis.client().set(RedisKeys.global("lock", "maintenance"), "1",
                    SetParams.setParams().nx().ex(PERIOD.toSeconds() - 60));
            if ("OK".equals(taken)) {
                run();
            }
        } catch (RuntimeException e) {
            log.warn("daily maintenance skipped: {}", e.toString());
        }
    }

    /** Returns the number of rows removed. */
    public int run() {
        int purged = tokens.purgeExpired(dsl);
        int pruned = 0;
        if (auditRetentionDays > 0) {
            pruned = CrossTenantQuery.MAINTENANCE.dsl(dsl)
                    .deleteFrom(AUDIT_LOG)
                    .where(AUDIT_LOG.OCCURRED_AT.lt(OffsetDateTime.now(clock).minusDays(auditRetentionDays)))
                    .execute();
        }
        log.info("daily maintenance: {} expired token(s) purged, {} audit row(s) pruned", purged, pruned);
        return purged + pruned;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
