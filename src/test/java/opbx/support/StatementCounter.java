package opbx.support;

import java.util.concurrent.atomic.AtomicLong;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;

/**
 * Counts the SQL statements the test servers run on their request threads, so a test can prove a warm routing decision
 * runs none. Background work (the configuration version sync, maintenance, event heartbeats) runs on threads of its
 * own and is not counted: it runs whether or not a call comes in.
 */
public final class StatementCounter implements ExecuteListener {

    private final AtomicLong count = new AtomicLong();

    @Override
    public void executeStart(ExecuteContext ctx) {
        if (Thread.currentThread().getName().startsWith("JettyServerThreadPool")) {
            count.incrementAndGet();
        }
    }

    public long count() {
        return count.get();
    }
}
