package opbx.access;

import java.util.EnumSet;
import java.util.Set;
import opbx.http.ApiException;
import opbx.http.ValidationException;

/**
 * The row-level rules of control-plane spec §2.2 that the permission table cannot express: self-only access, the
 * role hierarchy and the last owner. Services call it with the target in hand.
 */
public final class Policy {

    private Policy() {
    }

    /** Roles an actor may assign through the API; nobody assigns owner (only the CLI does). */
    public static Set<Role> assignableBy(Role actor) {
        return switch (actor) {
            case OWNER -> EnumSet.of(Role.PBX_ADMIN, Role.PBX_USER, Role.REPORTER);
            case PBX_ADMIN -> EnumSet.of(Role.PBX_USER, Role.REPORTER);
            default -> EnumSet.noneOf(Role.class);
        };
    }

    /** Owner and pbx_admin see every user of the organisation; the others only themselves (403, not 404). */
    public static void checkView(Caller caller, long targetUserId) {
        if (caller.userId() != targetUserId && !managesUsers(caller.role())) {
            throw ApiException.forbidden();
        }
    }

    /**
     * Whether the caller may change (update, delete, restore) another user with the target's role: owner any;
     * pbx_admin only pbx_user and reporter targets; the others nobody.
     */
    public static void checkManage(Caller caller, Role targetRole) {
        boolean allowed = switch (caller.role()) {
            case OWNER -> true;
            case PBX_ADMIN -> targetRole == Role.PBX_USER || targetRole == Role.REPORTER;
            default -> false;
        };
        if (!allowed) {
            throw ApiException.forbidden();
        }
    }

    /** A role being set on a user: 422 on {@code role} when the caller may not assign it. */
    public static void checkAssign(Caller caller, Role role) {
        if (!assignableBy(caller.role()).contains(role)) {
            throw ValidationException.of("role", "You are not allowed to assign the " + role.wire() + " role.");
        }
    }

    public static void checkNotSelfDelete(Caller caller, long targetUserId) {
        if (caller.userId() == targetUserId) {
            throw new ApiException(403, "FORBIDDEN", "You cannot delete your own account.");
        }
    }

    public static ApiException lastOwner() {
        return new ApiException(409, "CONFLICT", "Cannot delete the last owner in the organization.");
    }

    private static boolean managesUsers(Role role) {
        return role == Role.OWNER || role == Role.PBX_ADMIN;
    }
}
