package opbx.settings;

import static io.javalin.apibuilder.ApiBuilder.get;
import static io.javalin.apibuilder.ApiBuilder.patch;
import static io.javalin.apibuilder.ApiBuilder.path;
import static io.javalin.apibuilder.ApiBuilder.post;
import static io.javalin.apibuilder.ApiBuilder.put;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.util.List;
import opbx.access.Caller;
import opbx.access.Permission;
import opbx.access.RequestLimits;
import opbx.config.CallbackBase;
import opbx.http.ClientInfo;
import opbx.http.Feature;
import opbx.http.Requests;

/**
 * /api/v1/settings/cloudonix (control-plane spec §3.14). {@code reveal} and {@code generate-requests-key} carry
 * {@link Permission#SETTINGS_SECRETS}, which also counts them against the sensitive limiter (§0.8).
 */
public final class SettingsHandler implements Feature {

    private final SettingsService settings;
    private final CredentialsCheck credentials;
    private final OutboundTrunks trunks;
    private final Requests requests;
    private final List<String> trustedProxies;
    private final CallbackBase callbackBase;
    private final RequestLimits limits;

    /** @param callbackBase where the webhook URLs start when the organisation sets no base; never the request's host */
    public SettingsHandler(SettingsService settings, CredentialsCheck credentials, OutboundTrunks trunks,
                           Requests requests, List<String> trustedProxies, CallbackBase callbackBase,
                           RequestLimits limits) {
        this.limits = limits;
        this.settings = settings;
        this.credentials = credentials;
        this.trunks = trunks;
        this.requests = requests;
        this.trustedProxies = trustedProxies;
        this.callbackBase = callbackBase;
    }

    @Override
    public void routes() {
        path("settings/cloudonix", () -> {
            get(ctx -> ctx.json(settings.show(Caller.of(ctx), callbackBase)), Permission.SETTINGS_READ);
            put(this::update, Permission.SETTINGS_MANAGE);
            patch(this::update, Permission.SETTINGS_MANAGE);
            post("validate", ctx -> ctx.json(credentials.validate(Caller.of(ctx), requests.jsonObject(ctx))),
                    Permission.SETTINGS_MANAGE);
            post("generate-requests-key", ctx -> ctx.json(settings.generateRequestsKey()), Permission.SETTINGS_SECRETS);
            post("reveal", ctx -> ctx.json(settings.reveal(Caller.of(ctx), requests.jsonObject(ctx), client(ctx))),
                    Permission.SETTINGS_SECRETS);
            get("outbound-trunks", ctx -> ctx.json(trunks.list(Caller.of(ctx))), Permission.SETTINGS_READ);
        });
    }

    private void update(Context ctx) {
        ObjectNode body = requests.jsonObject(ctx);
        if (setsSecret(body, "domain_requests_api_key") || setsSecret(body, "webhook_secret")) {
            // A new key is checked for uniqueness across organisations: at the sensitive rate, never the API's 300.
            limits.sensitive(ctx, Caller.of(ctx));
        }
        ctx.json(settings.update(Caller.of(ctx), body, client(ctx), callbackBase));
    }

    /** A new value for a secret: text that is not the mask the SPA sends back for "unchanged". */
    private static boolean setsSecret(ObjectNode body, String field) {
        return body.path(field).isTextual() && !SecretMask.looksMasked(body.get(field).asText());
    }

    private ClientInfo client(Context ctx) {
        return ClientInfo.of(ctx, trustedProxies);
    }
}
