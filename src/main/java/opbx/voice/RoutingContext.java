package opbx.voice;

import java.time.Instant;
import opbx.voice.model.OrgInfo;

/**
 * One routing request: the organisation, the base of callback URLs (§0.5), the call, the instant the decision is made
 * for (read once), and whether it is a dry run that must write nothing (no pointer, state or summary).
 */
public record RoutingContext(OrgInfo organization, String base, String callSid, Instant now, boolean dryRun, CallTrace trace) {

    public RoutingContext(OrgInfo organization, String base, String callSid, Instant now, boolean dryRun) {
        this(organization, base, callSid, now, dryRun, new CallTrace());
    }

    public long org() {
        return organization.id();
    }
}
