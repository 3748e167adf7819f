package opbx.users;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;
import opbx.access.Role;
import opbx.auth.Passwords;
import opbx.http.Fields;

/**
 * Reads a user body (control-plane spec §3.1) over the stored record: absent fields keep their stored value, a
 * present null clears a nullable one (§0.5). Only the profile fields are read when {@code profileOnly}.
 */
final class UserInput {

    static final Set<String> STATUSES = Set.of("active", "inactive");

    final Fields fields;
    final UserRepository.Values values;
    /** The new password, or null when none was given ({@code null}/{@code ""} on update = unchanged). */
    final String password;

    private UserInput(Fields fields, UserRepository.Values values, String password) {
        this.fields = fields;
        this.values = values;
        this.password = password;
    }

    /** @param stored the current user, or null on create */
    static UserInput read(ObjectNode body, User stored) {
        boolean create = stored == null;
        Fields fields = new Fields(body);
        String name = fields.has("name") || create ? fields.string("name", true, 2, 255) : stored.name();
        String email = fields.has("email") || create ? fields.email("email", true) : stored.email();
        String password = fields.string("password", create, 0, 1024);
        if (password != null && !Passwords.meetsPolicy(password, email)) {
            fields.add("password", Passwords.POLICY_MESSAGE);
        }
        Role role = create || fields.has("role") ? role(fields, true) : stored.role();
        String status = fields.has("status") ? fields.oneOf("status", true, STATUSES) : create ? "active" : stored.status();
        UserRepository.Values values = new UserRepository.Values(name, email, role, status,
                nullable(fields, "phone", 50, create ? null : stored.phone()),
                nullable(fields, "street_address", 500, create ? null : stored.streetAddress()),
                nullable(fields, "city", 100, create ? null : stored.city()),
                nullable(fields, "state_province", 100, create ? null : stored.stateProvince()),
                nullable(fields, "postal_code", 20, create ? null : stored.postalCode()),
                nullable(fields, "country", 100, create ? null : stored.country()));
        return new UserInput(fields, values, password);
    }

    private static Role role(Fields fields, boolean required) {
        String value = fields.oneOf("role", required, Role.WIRE_VALUES);
        return value == null ? null : Role.parse(value).orElseThrow();
    }

    private static String nullable(Fields fields, String field, int max, String stored) {
        return fields.has(field) ? fields.string(field, false, 0, max) : stored;
    }
}
