package opbx.access;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** The four roles of control-plane spec §2.1, stored and sent as their lower-case names. */
public enum Role {
    OWNER, PBX_ADMIN, PBX_USER, REPORTER;

    public static final Set<String> WIRE_VALUES = Arrays.stream(values()).map(Role::wire).collect(Collectors.toUnmodifiableSet());

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Role> parse(String value) {
        return value != null && WIRE_VALUES.contains(value) ? Optional.of(valueOf(value.toUpperCase(Locale.ROOT))) : Optional.empty();
    }

    public static Role fromDatabase(String value) {
        return parse(value).orElseThrow(() -> new IllegalStateException("unknown role in database"));
    }
}
