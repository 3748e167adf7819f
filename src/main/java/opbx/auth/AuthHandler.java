package opbx.auth;

import static io.javalin.apibuilder.ApiBuilder.get;
import static io.javalin.apibuilder.ApiBuilder.path;
import static io.javalin.apibuilder.ApiBuilder.post;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import opbx.access.Caller;
import opbx.access.Permission;
import opbx.access.RequestLimits;
import opbx.http.ClientInfo;
import opbx.http.Feature;
import opbx.http.Fields;
import opbx.http.Requests;
import opbx.profile.ProfileService;

/** /api/v1/auth/*: login, logout, refresh, me, and signup behind its switch (control-plane spec §1.2, §1.3). */
public final class AuthHandler implements Feature {

    private final AuthService auth;
    private final SignupService signup;
    private final ProfileService profiles;
    private final RequestLimits limits;
    private final LoginGuard guard;
    private final Requests requests;
    private final List<String> trustedProxies;

    public AuthHandler(AuthService auth, SignupService signup, ProfileService profiles, RequestLimits limits,
                       LoginGuard guard, Requests requests, List<String> trustedProxies) {
        this.guard = guard;
        this.auth = auth;
        this.signup = signup;
        this.profiles = profiles;
        this.limits = limits;
        this.requests = requests;
        this.trustedProxies = trustedProxies;
    }

    @Override
    public void routes() {
        path("auth", () -> {
            post("login", this::login, Permission.PUBLIC);
            if (signup != null) {
                post("signup", this::signup, Permission.PUBLIC);
            }
            post("logout", this::logout, Permission.AUTH_PROFILE);
            post("refresh", this::refresh, Permission.AUTH_PROFILE);
            get("me", this::me, Permission.AUTH_PROFILE);
        });
    }

    private void login(Context ctx) {
        ClientInfo client = ClientInfo.of(ctx, trustedProxies);
        limits.login(ctx, client.ip());
        ObjectNode body = requests.jsonObject(ctx);
        Fields fields = new Fields(body);
        String email = fields.email("email", true);
        String password = fields.string("password", true, 0, 1024);
        fields.throwIfInvalid();
        Duration delay = guard.admit(ctx, email, client.ip());
        if (delay.isZero()) {
            answerLogin(ctx, email, password, client);
            return;
        }
        // Held back without holding a server thread: a campaign from many addresses must not exhaust the pool.
        ctx.future(() -> CompletableFuture.runAsync(() -> { },
                        CompletableFuture.delayedExecutor(delay.toMillis(), TimeUnit.MILLISECONDS))
                .thenRun(() -> answerLogin(ctx, email, password, client)));
    }

    private void answerLogin(Context ctx, String email, String password, ClientInfo client) {
        AuthService.Session session;
        try {
            session = auth.login(email, password, client);
        } catch (RuntimeException e) {
            guard.failed(email, client.ip());
            throw e;
        }
        guard.succeeded(email, client.ip());
        ctx.json(sessionJson(session.accessToken(), session.expiresIn(), profiles.profile(callerOf(session))));
    }

    private void signup(Context ctx) {
        ClientInfo client = ClientInfo.of(ctx, trustedProxies);
        limits.login(ctx, client.ip());
        AuthService.Session session = signup.signup(requests.jsonObject(ctx), client);
        ctx.status(201).json(sessionJson(session.accessToken(), session.expiresIn(), profiles.profile(callerOf(session))));
    }

    private void logout(Context ctx) {
        auth.logout(Caller.of(ctx), ClientInfo.of(ctx, trustedProxies));
        ctx.json(Map.of("message", "Successfully logged out."));
    }

    private void refresh(Context ctx) {
        String token = auth.refresh(Caller.of(ctx), ClientInfo.of(ctx, trustedProxies));
        ctx.json(sessionJson(token, auth.tokenTtlSeconds(), null));
    }

    private void me(Context ctx) {
        ctx.json(Map.of("user", profiles.profile(Caller.of(ctx))));
    }

    private static Caller callerOf(AuthService.Session session) {
        return new Caller(session.user().id(), session.user().organizationId(), session.user().role(),
                session.user().email(), session.user().name(), 0);
    }

    private static Map<String, Object> sessionJson(String token, long expiresIn, Map<String, Object> user) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("access_token", token);
        json.put("token_type", "Bearer");
        json.put("expires_in", expiresIn);
        if (user != null) {
            json.put("user", user);
        }
        return json;
    }
}
