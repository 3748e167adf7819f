package opbx.voice.model;

/**
 * What routing needs of an organisation (cached as {@code opbx:{o}:org}, never secrets).
 *
 * @param voiceLimit per-minute voice limit from {@code settings.rate_limits.voice}, null = the default
 */
public record OrgInfo(long id, String status, boolean deleted, String timezone, String defaultCountry, Integer voiceLimit,
                      String webhookBaseUrl, String domainName, String domainUuid) {

    public boolean active() {
        return "active".equals(status) && !deleted;
    }
}
