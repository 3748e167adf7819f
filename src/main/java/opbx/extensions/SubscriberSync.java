package opbx.extensions;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps Cloudonix subscribers in step with user extensions (control-plane spec §3.2, §6.4). This version reports a
 * {@code missing_settings} warning when the organisation has no Cloudonix settings, as the original did; the REST
 * client that performs the calls arrives with the Cloudonix integration, behind this same class.
 */
public class SubscriberSync {

    /** The {@code cloudonix_warning} of a write, if any; never throws, never fails the write. */
    public Optional<Map<String, Object>> afterWrite(boolean configured, String operation, String verb, String extensionNumber) {
        if (configured) {
            return Optional.empty();
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("reason", "missing_settings");
        details.put("operation", operation);
        details.put("extension_number", extensionNumber);
        Map<String, Object> warning = new LinkedHashMap<>();
        warning.put("message", "Extension " + verb + " locally but Cloudonix sync failed");
        warning.put("error", "Cloudonix settings not configured for your organization.");
        warning.put("details", details);
        return Optional.of(warning);
    }
}
