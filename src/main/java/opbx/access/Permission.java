package opbx.access;

import static opbx.access.Permission.Limit.NONE;
import static opbx.access.Permission.Limit.SENSITIVE;

import io.javalin.security.RouteRole;
import java.util.EnumSet;
import java.util.Set;

/**
 * The permission matrix of control-plane spec §2.2, one row per action, in the spec's order, with its columns
 * owner / pbx_admin / pbx_user / reporter. Every {@code /api/v1} route is registered with exactly one of these (as
 * its Javalin route role); {@link AccessControl} compares it with the caller's role before the handler runs, and a
 * route without one is refused (and fails {@code PermissionCoverageTest}). Row-level rules ("self", the role
 * hierarchy, one's own extension) are {@link Policy}'s.
 */
public enum Permission implements RouteRole {
    //                                                        owner  admin  user   reporter
    /** Login and signup: no token. */
    PUBLIC("Public (login, signup)",                          true,  true,  true,  true,  NONE),
    AUTH_PROFILE("Auth, profile read/update",                 true,  true,  true,  true,  NONE),
    OWN_PASSWORD("Own password",                              true,  true,  true,  true,  SENSITIVE),
    ORGANIZATION_UPDATE("Update organisation",                true,  false, false, false, SENSITIVE),
    USERS_LIST("Users: list",                                 true,  true,  false, false, NONE),
    /** pbx_user and reporter: self only ({@link Policy}). */
    USERS_VIEW("Users: view",                                 true,  true,  true,  true,  NONE),
    USERS_CREATE("Users: create",                             true,  true,  false, false, NONE),
    /** pbx_user and reporter: self, profile fields only ({@link Policy}). */
    USERS_UPDATE("Users: update",                             true,  true,  true,  true,  NONE),
    USERS_DELETE("Users: delete / restore",                   true,  true,  false, false, NONE),
    EXTENSIONS_READ("Extensions: list, view, sync compare",   true,  true,  true,  true,  NONE),
    EXTENSIONS_MANAGE("Extensions: create, delete, restore, sync", true, true, false, false, NONE),
    EXTENSIONS_SECRETS("Extensions: view / reset SIP password", true, true, false, false, SENSITIVE),
    /** pbx_user: own extension, voicemail and configuration only ({@link Policy}). */
    EXTENSIONS_UPDATE("Extensions: update",                   true,  true,  true,  false, NONE),
    PBX_READ("Rooms, groups, menus, hours, numbers, whitelist: list, view", true, true, true, true, NONE),
    PBX_MANAGE("... create, update, delete, duplicate, restore", true, true, false, false, NONE),
    IVR_VOICES("IVR voices",                                  true,  true,  true,  true,  NONE),
    CALLS_READ("Call logs, CDRs, statistics, live calls, events", true, true, true, true, NONE),
    CDR_EXPORT("CDR CSV export",                              true,  true,  false, true,  NONE),
    SETTINGS_READ("Cloudonix settings: GET, outbound trunks", true,  true,  false, false, NONE),
    SETTINGS_MANAGE("Cloudonix settings: PUT, validate",      true,  false, false, false, NONE),
    SETTINGS_SECRETS("Cloudonix settings: generate key, reveal", true, false, false, false, SENSITIVE),
    AUDIT_READ("Audit log",                                   true,  true,  false, false, NONE),
    RECORDINGS_READ("Recordings: list",                       true,  true,  true,  true,  NONE),
    RECORDINGS_WRITE("Recordings: writes",                    true,  true,  false, false, NONE);

    /** Which extra limiter of control-plane spec §0.8 a route counts against, besides {@code api}. */
    public enum Limit { NONE, SENSITIVE }

    private final String action;
    private final Set<Role> allowed;
    private final Limit limit;

    Permission(String action, boolean owner, boolean pbxAdmin, boolean pbxUser, boolean reporter, Limit limit) {
        this.action = action;
        this.allowed = EnumSet.noneOf(Role.class);
        if (owner) {
            allowed.add(Role.OWNER);
        }
        if (pbxAdmin) {
            allowed.add(Role.PBX_ADMIN);
        }
        if (pbxUser) {
            allowed.add(Role.PBX_USER);
        }
        if (reporter) {
            allowed.add(Role.REPORTER);
        }
        this.limit = limit;
    }

    public boolean allows(Role role) {
        return allowed.contains(role);
    }

    public boolean isPublic() {
        return this == PUBLIC;
    }

    public boolean sensitive() {
        return limit == SENSITIVE;
    }

    public String action() {
        return action;
    }
}
