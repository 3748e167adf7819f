package opbx.settings;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import opbx.cloudonix.CloudonixCredentials;
import opbx.secrets.Secrets;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Cloudonix account of an organisation, as the features that call Cloudonix need it (control-plane spec §6.1,
 * §6.4): the domain uuid and the decrypted domain API key, or why there is none. The key is decrypted only for the
 * call that uses it and never leaves the returned credentials.
 */
public final class CloudonixAccounts {

    private static final Logger log = LoggerFactory.getLogger(CloudonixAccounts.class);

    /** The credentials, or the §6.4 reason they are missing ({@code missing_settings}, {@code incomplete_settings}). */
    public record Account(CloudonixCredentials credentials, String reason, boolean hasDomainUuid, boolean hasDomainApiKey) {

        public boolean configured() {
            return credentials != null;
        }

        /** The §6.4 {@code details} of an unconfigured account: reason, plus what is there when incomplete. */
        public Map<String, Object> details() {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("reason", reason);
            if ("incomplete_settings".equals(reason)) {
                details.put("has_domain_uuid", hasDomainUuid);
                details.put("has_domain_api_key", hasDomainApiKey);
            }
            return details;
        }
    }

    private final DSLContext dsl;
    private final SettingsRepository settings;
    private final Secrets secrets;

    public CloudonixAccounts(DSLContext dsl, SettingsRepository settings, Secrets secrets) {
        this.dsl = dsl;
        this.settings = settings;
        this.secrets = secrets;
    }

    public Account of(long organizationId) {
        Optional<SettingsRepository.Stored> stored = settings.find(dsl, organizationId);
        if (stored.isEmpty()) {
            return new Account(null, "missing_settings", false, false);
        }
        SettingsRepository.Columns columns = stored.get().columns();
        boolean hasUuid = columns.domainUuid() != null;
        boolean hasKey = columns.domainApiKey() != null && !columns.domainApiKey().isBlank();
        if (!hasUuid && !hasKey) {
            return new Account(null, "missing_settings", false, false);
        }
        if (!hasUuid || !hasKey) {
            return new Account(null, "incomplete_settings", hasUuid, hasKey);
        }
        String key;
        try {
            key = secrets.decrypt(columns.domainApiKey(), "cloudonix_settings", "domain_api_key", organizationId);
        } catch (Secrets.UndecryptableException e) {
            // A key the configured app keys cannot open (a rotation gone wrong) is as good as none: say so, never 500.
            log.warn("Cloudonix API key of organisation {} cannot be decrypted with the configured app keys", organizationId);
            return new Account(null, "incomplete_settings", true, false);
        }
        return new Account(new CloudonixCredentials(organizationId, columns.domainUuid().toString(), key), null, true,
                true);
    }
}
