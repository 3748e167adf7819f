package opbx.settings;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import opbx.access.Caller;
import opbx.cloudonix.CloudonixClient;
import opbx.cloudonix.CloudonixCredentials;
import opbx.cloudonix.CloudonixResult;
import opbx.cloudonix.Pace;
import opbx.http.Fields;
import opbx.secrets.Secrets;
import org.jooq.DSLContext;

/**
 * POST /settings/cloudonix/validate (control-plane spec §3.14): Cloudonix reads the domain with the given credentials
 * and the answer becomes form hints. Nothing is stored. The mask of the stored key stands for the stored key, so the
 * SPA can validate what its form shows.
 */
public final class CredentialsCheck {

    static final String INVALID = "Invalid Cloudonix credentials. Please check your domain UUID and API key.";

    private final DSLContext dsl;
    private final SettingsRepository settings;
    private final Secrets secrets;
    private final CloudonixClient cloudonix;

    public CredentialsCheck(DSLContext dsl, SettingsRepository settings, Secrets secrets, CloudonixClient cloudonix) {
        this.dsl = dsl;
        this.settings = settings;
        this.secrets = secrets;
        this.cloudonix = cloudonix;
    }

    public Map<String, Object> validate(Caller caller, ObjectNode body) {
        long org = caller.organizationId();
        Fields fields = new Fields(body);
        UUID domainUuid = SettingsInput.uuid(fields, "domain_uuid");
        if (domainUuid == null && !fields.failed("domain_uuid")) {
            fields.add("domain_uuid", "The domain uuid field is required.");
        }
        String key = fields.string("domain_api_key", true, 0, 255);
        fields.throwIfInvalid();
        String storedKey = settings.find(dsl, org)
                .map(row -> row.columns().domainApiKey())
                .map(cipher -> secrets.decrypt(cipher, SettingsService.TABLE, "domain_api_key", org))
                .orElse(null);
        if (SecretMask.isMaskOf(key, storedKey)) {
            key = storedKey;
        }
        CloudonixResult domain = cloudonix.getDomain(new CloudonixCredentials(org, domainUuid.toString(), key),
                Pace.INTERACTIVE);
        Map<String, Object> json = new LinkedHashMap<>();
        if (domain.ok()) {
            json.put("valid", true);
            json.put("message", "Cloudonix credentials are valid.");
            json.put("profile_settings", SettingsJson.profileHints(domain.body()));
        } else if (domain.hasStatus(401) || domain.hasStatus(403) || domain.hasStatus(404)) {
            json.put("valid", false);
            json.put("message", INVALID);
        } else {
            throw SettingsService.unavailable();
        }
        return json;
    }
}
