package opbx.access;

import io.javalin.http.Context;
import io.javalin.security.RouteRole;
import opbx.auth.AuthService;
import opbx.http.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where a control-plane request meets the permission matrix (control-plane spec §2.2): it runs before
 * every matched {@code /api/v1} route, reads the route's {@link Permission}, authenticates the bearer token (user and
 * organisation status included), applies the rate limits and compares the permission with the caller's role. A route
 * registered without a permission is refused, never opened.
 */
public final class AccessControl {

    private static final Logger log = LoggerFactory.getLogger(AccessControl.class);

    private final AuthService auth;
    private final RequestLimits limits;

    public AccessControl(AuthService auth, RequestLimits limits) {
        this.auth = auth;
        this.limits = limits;
    }

    public void check(Context ctx) {
        Permission permission = permissionOf(ctx);
        if (permission == null) {
            log.error("route {} {} has no permission: refused", ctx.method(), ctx.path());
            throw ApiException.forbidden();
        }
        if (permission.isPublic()) {
            return;
        }
        Caller caller = auth.authenticate(credentials(ctx));
        caller.attachTo(ctx);
        limits.authenticated(ctx, caller, permission);
        if (!permission.allows(caller.role())) {
            throw ApiException.forbidden();
        }
    }

    /** Route options beside the one {@link Permission}. */
    public enum Option implements RouteRole {
        /**
         * The token may also come as the {@code token} query parameter, for browsers' EventSource, which cannot set
         * headers (execution-plane spec §12.2). The header wins when both are sent.
         */
        TOKEN_IN_QUERY
    }

    /** The {@code Authorization} value of the request, or the {@code token} parameter as one where the route allows it. */
    public static String credentials(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null && ctx.routeRoles().contains(Option.TOKEN_IN_QUERY)) {
            String token = ctx.queryParam("token");
            return token == null || token.isBlank() ? null : "Bearer " + token.trim();
        }
        return header;
    }

    /** The route's one permission, or null when it has none (or, wrongly, several). */
    static Permission permissionOf(Context ctx) {
        Permission found = null;
        for (RouteRole role : ctx.routeRoles()) {
            if (role instanceof Permission permission) {
                if (found != null) {
                    return null;
                }
                found = permission;
            }
        }
        return found;
    }
}
