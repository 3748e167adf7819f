package opbx.voice.model;

/**
 * What routing needs of an organisation (cached as {@code opbx:{o}:org}, never secrets).
 *
 * @param voiceLimit               per-minute voice limit from {@code settings.rate_limits.voice}, null = the default
 * @param webhookLimit             per-minute webhook limit from {@code settings.rate_limits.webhook}, null = the default
 * @param acceptUnauthenticatedCdr the opt-in of execution-plane spec §1.3 step 3
 */
public record OrgInfo(long id, String status, boolean deleted, String timezone, String defaultCountry, Integer voiceLimit,
                      String webhookBaseUrl, String domainName, String domainUuid, Integer webhookLimit,
                      boolean acceptUnauthenticatedCdr) {

    public boolean active() {
        return "active".equals(status) && !deleted;
    }

    /** Deleted organisations are refused by the webhooks; suspended ones still report calls that were up (§1.3). */
    public boolean deletedOrGone() {
        return deleted || "deleted".equals(status);
    }
}
