package opbx.support;

import java.util.concurrent.atomic.AtomicLong;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;

/** Counts the SQL statements the test server runs, so a test can prove a warm routing decision runs none. */
public final class StatementCounter implements ExecuteListener {

    private final AtomicLong count = new AtomicLong();

    @Override
    public void executeStart(ExecuteContext ctx) {
        count.incrementAndGet();
    }

    public long count() {
        return count.get();
    }
}
