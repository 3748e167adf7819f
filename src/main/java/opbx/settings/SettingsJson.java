package opbx.settings;

import java.util.LinkedHashMap;
import java.util.Map;

/** The settings object and webhook URLs of control-plane spec §3.14; secrets only ever masked. */
final class SettingsJson {

    /** The webhook paths of execution-plane spec §1.1, the ones the original used. */
    static final String SESSION_UPDATE_PATH = "/api/webhooks/cloudonix/session-update";
    static final String CDR_PATH = "/api/webhooks/cloudonix/cdr";

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

    /**
     * {@code callback_url} and {@code cdr_url}: the base is the organisation's {@code webhook_base_url} (trailing
     * {@code /} removed), else the given fallback ({@code OPBX_PUBLIC_URL}, else the request's scheme and host), the
     * order of execution-plane spec §0.5.
     */
    static Map<String, Object> urls(String webhookBaseUrl, String fallbackBaseUrl) {
        String base = webhookBaseUrl != null ? webhookBaseUrl : fallbackBaseUrl;
        base = base.replaceAll("/+$", "");
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("callback_url", base + SESSION_UPDATE_PATH);
        json.put("cdr_url", base + CDR_PATH);
        return json;
    }
}
