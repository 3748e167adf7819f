package opbx.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ValidationBodyTest {

    @Test
    void a_422_body_lists_every_field_and_summarises_the_first() {
        Map<String, List<String>> errors = new LinkedHashMap<>();
        errors.put("email", List.of("The email field is required."));
        errors.put("password", List.of("The password field is required."));

        Map<String, Object> body = ErrorMapper.body(new ValidationException(errors), "req-1");

        assertEquals("The email field is required. (and 1 more error)", body.get("message"));
        assertEquals(errors, body.get("errors"));
        @SuppressWarnings("unchecked")
        Map<String, Object> error = (Map<String, Object>) body.get("error");
        assertEquals("VALIDATION_FAILED", error.get("code"));
        assertEquals("req-1", error.get("request_id"));
        assertEquals(List.of(
                Map.of("field", "email", "message", "The email field is required."),
                Map.of("field", "password", "message", "The password field is required.")), error.get("details"));
        assertEquals("req-1", body.get("request_id"));
    }

    @Test
    void the_summary_counts_errors_in_the_plural() {
        Map<String, List<String>> errors = new LinkedHashMap<>();
        errors.put("a", List.of("A.", "A2."));
        errors.put("b", List.of("B."));

        assertEquals("A. (and 2 more errors)", new ValidationException(errors).getMessage());
    }
}
