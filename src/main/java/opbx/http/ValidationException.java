package opbx.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * 422 with every failing field (control-plane spec §0.6). Field keys are dotted paths
 * ({@code members.0.extension_id}); each field has one or more messages.
 */
public final class ValidationException extends ApiException {

    private final Map<String, List<String>> errors;

    public ValidationException(Map<String, List<String>> errors) {
        super(422, "VALIDATION_FAILED", summary(errors));
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("a validation error needs at least one field");
        }
        this.errors = new LinkedHashMap<>(errors);
    }

    public static ValidationException of(String field, String message) {
        return new ValidationException(Map.of(field, List.of(message)));
    }

    public Map<String, List<String>> errors() {
        return errors;
    }

    /** The first message, plus " (and N more error[s])" when there are others. */
    private static String summary(Map<String, List<String>> errors) {
        List<String> messages = errors.values().stream().flatMap(List::stream).toList();
        if (messages.isEmpty()) {
            return "The given data was invalid.";
        }
        int more = messages.size() - 1;
        return messages.get(0) + (more == 0 ? "" : " (and " + more + " more error" + (more == 1 ? ")" : "s)"));
    }
}
