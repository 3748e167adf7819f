package opbx.voice;

import java.time.Instant;
import opbx.cache.RedisWrites;
import opbx.voice.model.OrgInfo;

/**
 * One routing request: the organisation's configuration (read once, at its current version), the base of callback
 * URLs (§0.5), the call, the instant the decision is made for (read once), where the call's state is kept (Redis, or
 * the dry run's scratch store), whether it is a dry run (no summary, no event), what the decision reached, and the
 * Redis writes it leaves for after the answer.
 */
public record RoutingContext(RoutingConfig config, String base, String callSid, Instant now, CallState state,
                             boolean dryRun, CallTrace trace, RedisWrites writes) {

    RoutingContext(RoutingConfig config, String base, String callSid, Instant now, CallState state, boolean dryRun) {
        this(config, base, callSid, now, state, dryRun, new CallTrace(), new RedisWrites());
    }

    /** The same call at its next request: same state, a fresh trace and nothing left to write. */
    RoutingContext next() {
        return new RoutingContext(config, base, callSid, now, state, dryRun);
    }

    public OrgInfo organization() {
        return config.organization();
    }

    public long org() {
        return config.org();
    }
}
