package opbx.voice;

import java.time.Instant;
import opbx.cache.RedisWrites;
import opbx.voice.model.OrgInfo;

/**
 * One routing request: the organisation's configuration (read once, at its current version), the base of callback
 * URLs (§0.5), the call, the instant the decision is made for (read once), whether it is a dry run that must write
 * nothing (no pointer, state or summary), and the Redis writes the decision leaves for after the answer.
 */
public record RoutingContext(RoutingConfig config, String base, String callSid, Instant now, boolean dryRun,
                             CallTrace trace, RedisWrites writes) {

    public RoutingContext(RoutingConfig config, String base, String callSid, Instant now, boolean dryRun) {
        this(config, base, callSid, now, dryRun, new CallTrace(), new RedisWrites());
    }

    public OrgInfo organization() {
        return config.organization();
    }

    public long org() {
        return config.org();
    }
}
