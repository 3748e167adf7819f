package opbx.audit;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Builds the {@code changes} of an audit row (control-plane spec §5): for updates only the fields that changed, as
 * {@code {"from":old,"to":new}}; secret fields as {@code {"changed":true}} without values.
 */
public final class Changes {

    private static final Set<String> SECRET_FIELDS = Set.of(
            "password", "sip_password", "service_token", "domain_api_key", "domain_requests_api_key", "webhook_secret",
            "pin", "host_pin");

    private final Map<String, Object> changes = new LinkedHashMap<>();

    public Changes field(String name, Object from, Object to) {
        if (!Objects.equals(from, to)) {
            changes.put(name, SECRET_FIELDS.contains(name) ? Map.of("changed", true) : fromTo(from, to));
        }
        return this;
    }

    /** A secret that was set, whatever its values. */
    public Changes secret(String name) {
        changes.put(name, Map.of("changed", true));
        return this;
    }

    public boolean has(String name) {
        return changes.containsKey(name);
    }

    public boolean isEmpty() {
        return changes.isEmpty();
    }

    public Map<String, Object> toMap() {
        return changes;
    }

    /** A create: the initial non-secret fields under {@code to}. */
    public static Map<String, Object> created(Map<String, Object> fields) {
        Map<String, Object> to = new LinkedHashMap<>();
        fields.forEach((name, value) -> {
            if (!SECRET_FIELDS.contains(name)) {
                to.put(name, value);
            }
        });
        return Map.of("to", to);
    }

    private static Map<String, Object> fromTo(Object from, Object to) {
        Map<String, Object> change = new LinkedHashMap<>();
        change.put("from", from);
        change.put("to", to);
        return change;
    }
}
