package opbx.access;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The matrix in {@link Permission} against the table of control-plane spec §2.2, copied here row by row (owner,
 * pbx_admin, pbx_user, reporter). "self" and "own extension" rows are allowed at the route and narrowed by
 * {@link Policy}. Edit both together.
 */
class PermissionMatrixTest {

    private static final Map<Permission, String> SPEC = new LinkedHashMap<>();

    static {
        SPEC.put(Permission.AUTH_PROFILE, "✔ ✔ ✔ ✔");       // Auth, profile read/update, own password
        SPEC.put(Permission.OWN_PASSWORD, "✔ ✔ ✔ ✔");
        SPEC.put(Permission.ORGANIZATION_UPDATE, "✔ ✘ ✘ ✘"); // Update organisation (name, timezone)
        SPEC.put(Permission.USERS_LIST, "✔ ✔ ✘ ✘");
        SPEC.put(Permission.USERS_VIEW, "✔ ✔ self self");
        SPEC.put(Permission.USERS_CREATE, "✔ ✔ ✘ ✘");
        SPEC.put(Permission.USERS_UPDATE, "✔ ✔ self self");
        SPEC.put(Permission.USERS_DELETE, "✔ ✔ ✘ ✘");       // delete / restore
        SPEC.put(Permission.EXTENSIONS_READ, "✔ ✔ ✔ ✔");    // list, view, sync compare
        SPEC.put(Permission.EXTENSIONS_MANAGE, "✔ ✔ ✘ ✘");  // create, delete, restore, sync
        SPEC.put(Permission.EXTENSIONS_SECRETS, "✔ ✔ ✘ ✘"); // view SIP password, reset SIP password
        SPEC.put(Permission.EXTENSIONS_UPDATE, "✔ ✔ own ✘");
        SPEC.put(Permission.PBX_READ, "✔ ✔ ✔ ✔");
        SPEC.put(Permission.PBX_MANAGE, "✔ ✔ ✘ ✘");
        SPEC.put(Permission.IVR_VOICES, "✔ ✔ ✔ ✔");
        SPEC.put(Permission.CALLS_READ, "✔ ✔ ✔ ✔");
        SPEC.put(Permission.CDR_EXPORT, "✔ ✔ ✘ ✔");
        SPEC.put(Permission.SETTINGS_READ, "✔ ✔ ✘ ✘");
        SPEC.put(Permission.SETTINGS_MANAGE, "✔ ✘ ✘ ✘");
        SPEC.put(Permission.SETTINGS_SECRETS, "✔ ✘ ✘ ✘");
        SPEC.put(Permission.AUDIT_READ, "✔ ✔ ✘ ✘");
        SPEC.put(Permission.RECORDINGS_READ, "✔ ✔ ✔ ✔");
        SPEC.put(Permission.RECORDINGS_WRITE, "✔ ✔ ✘ ✘");
    }

    @Test
    void every_permission_allows_exactly_the_roles_of_the_spec_table() {
        Role[] columns = {Role.OWNER, Role.PBX_ADMIN, Role.PBX_USER, Role.REPORTER};
        for (Map.Entry<Permission, String> row : SPEC.entrySet()) {
            String[] cells = row.getValue().split(" ");
            Set<Role> expected = EnumSet.noneOf(Role.class);
            for (int i = 0; i < columns.length; i++) {
                if (!cells[i].equals("✘")) {
                    expected.add(columns[i]);
                }
            }
            Set<Role> actual = EnumSet.noneOf(Role.class);
            for (Role role : Role.values()) {
                if (row.getKey().allows(role)) {
                    actual.add(role);
                }
            }
            assertEquals(expected, actual, row.getKey() + " (" + row.getKey().action() + ")");
        }
    }

    @Test
    void every_permission_but_public_is_in_the_table() {
        for (Permission permission : Permission.values()) {
            assertEquals(permission != Permission.PUBLIC, SPEC.containsKey(permission), permission.name());
        }
    }

    @Test
    void the_sensitive_limiter_applies_to_the_spec_routes_only() {
        Set<Permission> sensitive = EnumSet.noneOf(Permission.class);
        for (Permission permission : Permission.values()) {
            if (permission.sensitive()) {
                sensitive.add(permission);
            }
        }
        assertEquals(EnumSet.of(Permission.OWN_PASSWORD, Permission.ORGANIZATION_UPDATE, Permission.EXTENSIONS_SECRETS,
                Permission.SETTINGS_SECRETS), sensitive);
    }
}
