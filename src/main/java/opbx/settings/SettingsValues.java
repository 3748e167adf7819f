package opbx.settings;

import java.util.UUID;

/**
 * The editable Cloudonix settings of one organisation with the secrets in clear (control-plane spec §3.14). Lives
 * only in memory for the length of a request: the repository stores the secrets encrypted (§4.3).
 */
record SettingsValues(UUID domainUuid, String domainName, String domainApiKey, String domainRequestsApiKey,
                      String webhookSecret, boolean acceptUnauthenticatedCdr, String webhookBaseUrl,
                      int noAnswerTimeout, String recordingFormat, String cloudonixPackage) {

    static final int DEFAULT_NO_ANSWER_TIMEOUT = 60;
    static final String DEFAULT_RECORDING_FORMAT = "mp3";

    /** What an organisation without a settings row starts from: the column defaults of §4.2. */
    static SettingsValues defaults() {
        return new SettingsValues(null, null, null, null, null, false, null, DEFAULT_NO_ANSWER_TIMEOUT,
                DEFAULT_RECORDING_FORMAT, null);
    }

    /** Configured = domain uuid and API key set: what the Cloudonix calls need. */
    boolean configured() {
        return domainUuid != null && domainApiKey != null;
    }
}
