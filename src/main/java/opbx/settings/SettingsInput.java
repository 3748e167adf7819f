package opbx.settings;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import opbx.http.Fields;

/**
 * Reads a PUT/PATCH body of the Cloudonix settings (control-plane spec §3.14) over the stored values: only sent keys
 * change, an explicit null clears (a column with a default goes back to it), and a secret equal to the mask of the
 * stored one means "unchanged".
 */
final class SettingsInput {

    static final Set<String> RECORDING_FORMATS = Set.of("wav", "mp3");
    private static final Set<String> URL_SCHEMES = Set.of("http", "https");
    private static final Pattern UUID_FORM =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    final Fields fields;
    final SettingsValues values;

    private SettingsInput(Fields fields, SettingsValues values) {
        this.fields = fields;
        this.values = values;
    }

    static SettingsInput read(ObjectNode body, SettingsValues stored) {
        Fields fields = new Fields(body);
        SettingsValues values = new SettingsValues(
                fields.has("domain_uuid") ? uuid(fields, "domain_uuid") : stored.domainUuid(),
                fields.has("domain_name") ? fields.string("domain_name", false, 0, 255) : stored.domainName(),
                secret(fields, "domain_api_key", stored.domainApiKey(), 1),
                secret(fields, "domain_requests_api_key", stored.domainRequestsApiKey(), 16),
                secret(fields, "webhook_secret", stored.webhookSecret(), 16),
                flag(fields, "accept_unauthenticated_cdr", stored.acceptUnauthenticatedCdr()),
                fields.has("webhook_base_url") ? fields.url("webhook_base_url", 255, URL_SCHEMES) : stored.webhookBaseUrl(),
                noAnswerTimeout(fields, stored.noAnswerTimeout()),
                recordingFormat(fields, stored.recordingFormat()),
                fields.has("cloudonix_package") ? fields.string("cloudonix_package", false, 0, 255)
                        : stored.cloudonixPackage());
        return new SettingsInput(fields, values);
    }

    /** A UUID in its canonical 8-4-4-4-12 form; null when absent, null or invalid (the latter reported). */
    static UUID uuid(Fields fields, String field) {
        String value = fields.string(field, false, 0, 255);
        if (value == null) {
            return null;
        }
        if (!UUID_FORM.matcher(value).matches()) {
            fields.add(field, "The " + Fields.label(field) + " must be a valid UUID.");
            return null;
        }
        return UUID.fromString(value.toLowerCase(Locale.ROOT));
    }

    /**
     * A secret of {@code min}..255 characters: absent keeps the stored one, the mask of the stored one keeps it too,
     * null or {@code ""} clears it.
     */
    static String secret(Fields fields, String field, String stored, int min) {
        if (!fields.has(field)) {
            return stored;
        }
        String value = fields.string(field, false, 0, Integer.MAX_VALUE);
        if (value == null) {
            return fields.failed(field) ? stored : null;
        }
        if (SecretMask.isMaskOf(value, stored)) {
            return stored;
        }
        int length = value.codePointCount(0, value.length());
        if (length > 255) {
            fields.add(field, "The " + Fields.label(field) + " must not be greater than 255 characters.");
        } else if (length < min) {
            fields.add(field, "The " + Fields.label(field) + " must be at least " + min + " characters.");
        }
        return fields.failed(field) ? stored : value;
    }

    private static boolean flag(Fields fields, String field, boolean stored) {
        if (!fields.has(field)) {
            return stored;
        }
        Boolean value = fields.bool(field, false);
        return value != null ? value : !fields.failed(field) ? false : stored;
    }

    private static int noAnswerTimeout(Fields fields, int stored) {
        if (!fields.has("no_answer_timeout")) {
            return stored;
        }
        Long value = fields.integer("no_answer_timeout", false, 5, 120);
        return value != null ? value.intValue()
                : fields.failed("no_answer_timeout") ? stored : SettingsValues.DEFAULT_NO_ANSWER_TIMEOUT;
    }

    private static String recordingFormat(Fields fields, String stored) {
        if (!fields.has("recording_format")) {
            return stored;
        }
        String value = fields.oneOf("recording_format", false, RECORDING_FORMATS);
        return value != null ? value
                : fields.failed("recording_format") ? stored : SettingsValues.DEFAULT_RECORDING_FORMAT;
    }
}
