package opbx.settings;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The settings object and webhook URLs of control-plane spec §3.14; secrets only ever masked. */
final class SettingsJson {

    /** The webhook paths of execution-plane spec §1.1, the ones the original used. */
    static final String SESSION_UPDATE_PATH = "/api/webhooks/cloudonix/session-update";
    static final String CDR_PATH = "/api/webhooks/cloudonix/cdr";
    /** The voice application's URL path (execution-plane spec §1.1). */
    static final String VOICE_ROUTE_PATH = "/api/voice/route";

    private SettingsJson() {
    }

    static Map<String, Object> masked(SettingsRepository.Stored row, SettingsValues plain) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", row.id());
        json.put("organization_id", row.organizationId());
        json.put("domain_uuid", plain.domainUuid() == null ? null : plain.domainUuid().toString());
        json.put("domain_name", plain.domainName());
        json.put("domain_api_key", SecretMask.of(plain.domainApiKey()));
        json.put("domain_requests_api_key", SecretMask.of(plain.domainRequestsApiKey()));
        json.put("webhook_secret", SecretMask.of(plain.webhookSecret()));
        json.put("accept_unauthenticated_cdr", plain.acceptUnauthenticatedCdr());
        json.put("webhook_base_url", plain.webhookBaseUrl());
        json.put("no_answer_timeout", plain.noAnswerTimeout());
        json.put("recording_format", plain.recordingFormat());
        json.put("cloudonix_package", plain.cloudonixPackage());
        json.put("is_configured", plain.configured());
        json.put("has_webhook_auth", plain.domainRequestsApiKey() != null);
        json.put("voice_application_id", row.voiceApplicationId());
        json.put("last_pushed_at", row.lastPushedAt());
        json.put("last_push_error", row.lastPushError());
        json.put("created_at", row.createdAt());
        json.put("updated_at", row.updatedAt());
        return json;
    }

    /** {@code callback_url} and {@code cdr_url} under {@code base} (the organisation's, else the server's). */
    static Map<String, Object> urls(String base) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("callback_url", base + SESSION_UPDATE_PATH);
        json.put("cdr_url", base + CDR_PATH);
        return json;
    }

    /**
     * The form hints of a valid domain (§3.14 validate): each only when Cloudonix has it and it is a value the
     * settings accept.
     */
    static Map<String, Object> profileHints(JsonNode domain) {
        Map<String, Object> hints = new LinkedHashMap<>();
        JsonNode name = domain.path("domain");
        if (name.isTextual() && !name.asText().isBlank()) {
            hints.put("domain_name", name.asText());
        }
        JsonNode timeout = domain.path("profile").path("call-timeout");
        int seconds = timeout.isIntegralNumber() && timeout.canConvertToInt() ? timeout.intValue()
                : timeout.isTextual() ? parseInt(timeout.asText()) : -1;
        if (seconds >= 5 && seconds <= 120) {
            hints.put("no_answer_timeout", seconds);
        }
        String format = domain.path("profile").path("recording-media-type").asText("").toLowerCase(Locale.ROOT);
        if (SettingsInput.RECORDING_FORMATS.contains(format)) {
            hints.put("recording_format", format);
        }
        JsonNode plan = domain.path("tenant").path("billingPlan").path("package").path("name");
        if (plan.isTextual() && !plan.asText().isBlank()) {
            hints.put("cloudonix_package", plan.asText());
        }
        return hints;
    }

    private static int parseInt(String text) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
