package opbx.voice;

import java.time.Instant;
import opbx.voice.model.OrgInfo;

/**
 * One routing request: the organisation's configuration (read once, at its current version), the base of callback
 * URLs (§0.5), the call, the instant the decision is made for (read once), and whether it is a dry run that must
 * write nothing (no pointer, state or summary).
 */
public record RoutingContext(RoutingConfig config, String base, String callSid, Instant now, boolean dryRun,
                             CallTrace trace) {

    public RoutingContext(RoutingConfig config, String base, String callSid, Instant now, boolean dryRun) {
        this(config, base, callSid, now, dryRun, new CallTrace());
    }

    public OrgInfo organization() {
        return config.organization();
    }

    public long org() {
        return config.org();
    }
}
