package opbx.settings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import opbx.cloudonix.CloudonixClient;
import opbx.cloudonix.CloudonixCredentials;
import opbx.cloudonix.CloudonixResult;
import opbx.cloudonix.Pace;
import org.jooq.DSLContext;

/**
 * Pushes saved settings to the organisation's Cloudonix domain (control-plane spec §6.1), each step as Cloudonix
 * documents it: the domain profile ({@code PUT}, profile only); the voice application (looked up by its stored id,
 * then updated with {@code type}, {@code url} and {@code method}, or created when there is none or Cloudonix lost it);
 * that application as the domain's default ({@code PATCH}), then the domain read back to confirm it took. A failed
 * step does not stop the ones that do not depend on it (a profile Cloudonix refused does not keep calls from being
 * routed); the warning lists every step's outcome. Runs after the save committed, so nothing here can undo it; the
 * outcome is recorded on the row.
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

    /** One step's outcome: its operation, and the failure's error and details when it failed. */
    private record Step(String operation, String error, Map<String, Object> details) {

        static Step done(String operation) {
            return new Step(operation, null, null);
        }

        static Step failed(CloudonixResult result) {
            return new Step(result.operation(), result.error(), result.details());
        }

        static Step failed(String operation, CloudonixResult.Reason reason, int status, String error) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("reason", reason.code());
            details.put("operation", operation);
            details.put("status", status);
            return new Step(operation, error, details);
        }

        static Step skipped(String operation, String because) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("reason", "skipped");
            details.put("operation", operation);
            return new Step(operation, "not attempted: " + because, details);
        }

        boolean ok() {
            return error == null;
        }

        Map<String, Object> json() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("operation", operation);
            json.put("ok", ok());
            if (!ok()) {
                json.put("error", error);
            }
            return json;
        }
    }

    /**
     * @param values             the committed settings, configured, secrets in clear
     * @param voiceApplicationId the stored application id; null when none was created yet
     * @param base               the base of the URLs Cloudonix calls (the organisation's {@code webhook_base_url}, else {@code OPBX_PUBLIC_URL})
     * @return the {@code cloudonix_warning} of a push with a failed step; empty when everything was pushed
     */
    Optional<Map<String, Object>> push(long org, SettingsValues values, String voiceApplicationId, String base) {
        CloudonixCredentials credentials = new CloudonixCredentials(org, values.domainUuid().toString(),
                values.domainApiKey());
        List<Step> steps = new ArrayList<>();
        CloudonixResult profile = cloudonix.updateDomainProfile(credentials, profile(values, base), Pace.INTERACTIVE);
        steps.add(profile.ok() ? Step.done(profile.operation()) : Step.failed(profile));

        String url = base + SettingsJson.VOICE_ROUTE_PATH;
        String applicationId = null;
        Step application = null;
        if (voiceApplicationId != null) {
            CloudonixResult known = cloudonix.getApplication(credentials, voiceApplicationId, Pace.INTERACTIVE);
            if (!known.ok()) {
                application = Step.failed(known);
            } else if (known.found()) {
                CloudonixResult updated = cloudonix.updateApplication(credentials, voiceApplicationId, url, Pace.INTERACTIVE);
                application = updated.ok() ? Step.done(updated.operation()) : Step.failed(updated);
                applicationId = updated.ok() ? voiceApplicationId : null;
            }
        }
        if (application == null) {
            CloudonixResult created = cloudonix.createApplication(credentials, CloudonixClient.newApplicationName(), url,
                    Pace.INTERACTIVE);
            String id = created.ok() ? text(created.body().path("id")) : null;
            if (!created.ok()) {
                application = Step.failed(created);
            } else if (id == null) {
                application = Step.failed(created.operation(), CloudonixResult.Reason.UNEXPECTED_RESPONSE,
                        created.status().orElse(0), "Cloudonix created the voice application without an id");
            } else {
                settings.recordApplication(dsl, org, id, text(created.body().path("uuid")), text(created.body().path("name")));
                application = Step.done(created.operation());
                applicationId = id;
            }
        }
        steps.add(application);

        if (applicationId == null) {
            steps.add(Step.skipped("set_default_application", "no voice application"));
        } else {
            steps.add(makeDefault(credentials, applicationId));
        }

        Optional<Step> failed = steps.stream().filter(step -> !step.ok()).findFirst();
        if (failed.isEmpty()) {
            settings.recordPush(dsl, org, OffsetDateTime.now(clock), null);
            return Optional.empty();
        }
        return failed(org, failed.get().error(), failed.get().details(), steps);
    }

    /** PATCH the default application, then read the domain back: a default that did not take is a failure. */
    private Step makeDefault(CloudonixCredentials credentials, String applicationId) {
        CloudonixResult set = cloudonix.setDefaultApplication(credentials, applicationId, Pace.INTERACTIVE);
        if (!set.ok()) {
            return Step.failed(set);
        }
        CloudonixResult domain = cloudonix.getDomain(credentials, Pace.INTERACTIVE);
        if (!domain.ok()) {
            return Step.failed(domain);
        }
        String actual = CloudonixClient.defaultApplicationOf(domain.body());
        if (!applicationId.equals(actual)) {
            return Step.failed("set_default_application", CloudonixResult.Reason.UNEXPECTED_RESPONSE,
                    domain.status().orElse(0), "Cloudonix accepted the default application but the domain reads "
                            + (actual == null ? "none" : actual) + " instead of " + applicationId
                            + ": calls to the domain will not reach OpBX");
        }
        return Step.done("set_default_application");
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
                details, List.of());
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

    private Optional<Map<String, Object>> failed(long org, String error, Map<String, Object> details, List<Step> steps) {
        settings.recordPush(dsl, org, null, details.get("operation") + ": " + error);
        Map<String, Object> warning = new LinkedHashMap<>();
        warning.put("message", WARNING);
        warning.put("error", error);
        warning.put("details", details);
        if (!steps.isEmpty()) {
            warning.put("steps", steps.stream().map(Step::json).toList());
        }
        return Optional.of(warning);
    }

    /** Cloudonix ids are numbers, uuids and names text; both are stored as text. */
    private static String text(JsonNode value) {
        return value.isNumber() || value.isTextual() && !value.asText().isBlank() ? value.asText() : null;
    }
}
