package opbx.calls;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import opbx.events.EventPublisher;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The call log of {@code /api/webhooks/cloudonix/call-initiated} (execution-plane spec §9.5): inserted in state
 * {@code initiated} (a no-op when it exists), with {@code call.initiated} published after commit. The CXML answer
 * matters more than the log, so a failure here is logged and the answer still goes out; the webhooks that follow
 * create the log anyway.
 */
public final class CallInitiation {

    private static final Logger log = LoggerFactory.getLogger(CallInitiation.class);

    private final DSLContext dsl;
    private final CallLogWriter writer;
    private final EventPublisher events;
    private final Clock clock;

    public CallInitiation(DSLContext dsl, CallLogWriter writer, EventPublisher events, Clock clock) {
        this.dsl = dsl;
        this.writer = writer;
        this.events = events;
        this.clock = clock;
    }

    public void record(long org, String callSid, CallOrigin origin) {
        if (callSid == null || callSid.length() > 255) {
            return;
        }
        Instant now = clock.instant();
        try {
            CallReport report = new CallReport(callSid, null, callSid, origin, now, List.of(), null, null, null, null,
                    null, null);
            CallLogWriter.Outcome outcome = dsl.transactionResult(trx -> writer.apply(trx.dsl(), org, report, now));
            outcome.events().forEach(event -> events.publish(org, event.type(), event.data()));
        } catch (RuntimeException e) {
            log.warn("call log of initiated call not written for organisation {}: {}", org, e.toString());
        }
    }
}
