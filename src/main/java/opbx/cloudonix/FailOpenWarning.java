package opbx.cloudonix;

import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/** One warning a minute at most when Redis is away and a protection is skipped, so an outage does not flood the log. */
final class FailOpenWarning {

    private static final long INTERVAL_NANOS = 60_000_000_000L;

    private final Logger log;
    private final String what;
    private final AtomicLong last = new AtomicLong(System.nanoTime() - 2 * INTERVAL_NANOS);

    FailOpenWarning(Logger log, String what) {
        this.log = log;
        this.what = what;
    }

    void warn(RuntimeException cause) {
        long now = System.nanoTime();
        long previous = last.get();
        if (now - previous >= INTERVAL_NANOS && last.compareAndSet(previous, now)) {
            log.warn("{} not enforced: Redis unreachable ({}); letting Cloudonix calls through", what, cause.toString());
        }
    }
}
