package opbx.profile;

import static io.javalin.apibuilder.ApiBuilder.get;
import static io.javalin.apibuilder.ApiBuilder.patch;
import static io.javalin.apibuilder.ApiBuilder.path;
import static io.javalin.apibuilder.ApiBuilder.put;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import opbx.access.Caller;
import opbx.access.Permission;
import opbx.http.ClientInfo;
import opbx.access.RequestLimits;
import opbx.http.Feature;
import opbx.http.Requests;

/** /api/v1/profile, /profile/password, /profile/organization (control-plane spec §1.4). */
public final class ProfileHandler implements Feature {

    private final ProfileService profiles;
    private final Requests requests;
    private final List<String> trustedProxies;
    private final RequestLimits limits;

    public ProfileHandler(ProfileService profiles, Requests requests, List<String> trustedProxies, RequestLimits limits) {
        this.profiles = profiles;
        this.limits = limits;
        this.requests = requests;
        this.trustedProxies = trustedProxies;
    }

    @Override
    public void routes() {
        path("profile", () -> {
            get(this::show, Permission.AUTH_PROFILE);
            put(this::update, Permission.AUTH_PROFILE);
            patch(this::update, Permission.AUTH_PROFILE);
            put("password", this::password, Permission.OWN_PASSWORD);
            put("organization", this::organization, Permission.ORGANIZATION_UPDATE);
            patch("organization", this::organization, Permission.ORGANIZATION_UPDATE);
        });
    }

    private void show(Context ctx) {
        ctx.json(Map.of("user", profiles.profile(Caller.of(ctx))));
    }

    private void update(Context ctx) {
        ObjectNode body = requests.jsonObject(ctx);
        if (body.has("current_password")) {
            // The current password is tested here (an e-mail change): as slow to guess as through PUT /password.
            limits.sensitive(ctx, Caller.of(ctx));
        }
        Map<String, Object> user = profiles.update(Caller.of(ctx), body, client(ctx));
        ctx.json(Map.of("message", "Profile updated successfully.", "user", user));
    }

    private void password(Context ctx) {
        profiles.changePassword(Caller.of(ctx), requests.jsonObject(ctx), client(ctx));
        ctx.json(Map.of("message", "Password updated successfully. Please log in again with your new password."));
    }

    private void organization(Context ctx) {
        Map<String, Object> organization = profiles.updateOrganization(Caller.of(ctx), requests.jsonObject(ctx), client(ctx));
        ctx.json(Map.of("message", "Organization updated successfully.", "organization", organization));
    }

    private ClientInfo client(Context ctx) {
        return ClientInfo.of(ctx, trustedProxies);
    }
}
