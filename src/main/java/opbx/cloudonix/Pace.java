package opbx.cloudonix;

import java.time.Duration;

/**
 * How long a call may wait for a token of its domain's pacing bucket (control-plane spec §6.2) before it fails with
 * reason {@code rate_limited}, without sending anything.
 */
public enum Pace {

    /** A request someone is waiting on: at most 2 s. */
    INTERACTIVE(Duration.ofSeconds(2)),

    /**
     * Bulk sync "waits"; the cap only keeps a thread from being parked forever when other callers keep draining the
     * same domain's bucket (10 requests per 10 s would pass 30 times over in 30 s).
     */
    BULK(Duration.ofSeconds(30));

    private final Duration maxWait;

    Pace(Duration maxWait) {
        this.maxWait = maxWait;
    }

    public Duration maxWait() {
        return maxWait;
    }
}
