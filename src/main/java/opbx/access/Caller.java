package opbx.access;

import io.javalin.http.Context;
import opbx.http.RequestOrganization;

/**
 * Who is making an authenticated request, read from the database on every request (control-plane spec §1.1), so a
 * role change applies at once. The organisation id comes from the token only (§2.3).
 */
public record Caller(long userId, long organizationId, Role role, String email, String name, long tokenId) {

    private static final String ATTRIBUTE = "opbx.caller";

    public void attachTo(Context ctx) {
        ctx.attribute(ATTRIBUTE, this);
        RequestOrganization.set(ctx, organizationId);
    }

    /** The caller of an authenticated route; {@link AccessControl} guarantees one is attached. */
    public static Caller of(Context ctx) {
        Caller caller = ctx.attribute(ATTRIBUTE);
        if (caller == null) {
            throw new IllegalStateException("no caller on an authenticated route");
        }
        return caller;
    }
}
