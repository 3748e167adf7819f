package opbx.settings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import opbx.cloudonix.CloudonixClient;
import opbx.cloudonix.CloudonixCredentials;
import opbx.cloudonix.CloudonixResult;
import opbx.cloudonix.Pace;
import org.jooq.DSLContext;

/**
 * Pushes saved settings to the organisation's Cloudonix domain (control-plane spec §6.1): the domain profile, then the
 * voice application (updated, or created when there is none or Cloudonix lost it), then that application as the
 * domain default. The first failure stops the sequence and becomes the §6.4 warning. Runs after the save committed, so
 * nothing here can undo it; the outcome is recorded on the row.
 */
final class SettingsPush {

    static final String WARNING = "Cloudonix settings saved locally but not pushed to Cloudonix";

    private final DSLContext dsl;
    private final SettingsRepository settings;
    private final CloudonixClient cloudonix;
    private final Clock clock;

    SettingsPush(DSLContext dsl, SettingsRepository settings, CloudonixClient cloudonix, Clock clock) {
        this.dsl = dsl;
        this.settings = settings;
        this.cloudonix = cloudonix;
        this.clock = clock;
    }

    /**
     * @param values             the committed settings, configured, secrets in clear
     * @param voiceApplicationId the stored application id; null when none was created yet
     * @param base               the base of the URLs Cloudonix calls (the organisation's {@code webhook_base_url}, else {@code OPBX_PUBLIC_URL})
     * @return the {@code cloudonix_warning} of a failed push; empty when everything was pushed
     */
    Optional<Map<String, Object>> push(long org, SettingsValues values, String voiceApplicationId, String base) {
        CloudonixCredentials credentials = new CloudonixCredentials(org, values.domainUuid().toString(),
                values.domainApiKey());
        CloudonixResult profile = cloudonix.updateDomainProfile(credentials, profile(values, base), Pace.INTERACTIVE);
        if (!profile.ok()) {
            return failed(org, profile.error(), profile.details());
        }
        String url = base + SettingsJson.VOICE_ROUTE_PATH;
        String applicationId = voiceApplicationId;
        if (applicationId != null) {
            CloudonixResult updated = cloudonix.updateApplication(credentials, applicationId, url, Pace.INTERACTIVE);
            if (updated.hasStatus(404)) {
                applicationId = null;
            } else if (!updated.ok()) {
                return failed(org, updated.error(), updated.details());
            }
        }
        if (applicationId == null) {
            CloudonixResult created = cloudonix.createApplication(credentials, CloudonixClient.newApplicationName(), url,
                    Pace.INTERACTIVE);
            if (!created.ok()) {
                return failed(org, created.error(), created.details());
            }
            applicationId = text(created.body().path("id"));
            if (applicationId == null) {
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("reason", CloudonixResult.Reason.UNEXPECTED_RESPONSE.code());
                details.put("operation", created.operation());
                details.put("status", created.status().orElse(0));
                return failed(org, "Cloudonix created the voice application without an id", details);
            }
            settings.recordApplication(dsl, org, applicationId, text(created.body().path("uuid")),
                    text(created.body().path("name")));
        }
        CloudonixResult byDefault = cloudonix.setDefaultApplication(credentials, applicationId, Pace.INTERACTIVE);
        if (!byDefault.ok()) {
            return failed(org, byDefault.error(), byDefault.details());
        }
        settings.recordPush(dsl, org, OffsetDateTime.now(clock), null);
        return Optional.empty();
    }

    /**
     * The warning of a save that has no public URL to push: no {@code webhook_base_url} and no {@code OPBX_PUBLIC_URL},
     * so the only base would be this machine's loopback, which Cloudonix cannot call. Nothing is pushed.
     */
    Optional<Map<String, Object>> noPublicUrl(long org) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("reason", "no_public_url");
        details.put("operation", "push");
        return failed(org, "No public URL: set OPBX_PUBLIC_URL or the webhook base URL so Cloudonix can reach this server",
                details);
    }

    /** The profile keys of §6.1; the authorization key only when a requests key is set. */
    private static ObjectNode profile(SettingsValues values, String base) {
        ObjectNode profile = JsonNodeFactory.instance.objectNode()
                .put("call-timeout", values.noAnswerTimeout())
                .put("recording-media-type", values.recordingFormat())
                .put("session-update-endpoint", base + SettingsJson.SESSION_UPDATE_PATH)
                .put("cdr-endpoint", base + SettingsJson.CDR_PATH);
        if (values.domainRequestsApiKey() != null) {
            profile.put("authorization-api-key", values.domainRequestsApiKey());
        }
        return profile;
    }

    private Optional<Map<String, Object>> failed(long org, String error, Map<String, Object> details) {
        settings.recordPush(dsl, org, null, details.get("operation") + ": " + error);
        Map<String, Object> warning = new LinkedHashMap<>();
        warning.put("message", WARNING);
        warning.put("error", error);
        warning.put("details", details);
        return Optional.of(warning);
    }

    /** Cloudonix ids are numbers, uuids and names text; both are stored as text. */
    private static String text(JsonNode value) {
        return value.isNumber() || value.isTextual() && !value.asText().isBlank() ? value.asText() : null;
    }
}
