package opbx.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import opbx.access.Caller;
import opbx.audit.AuditEvent;
import opbx.audit.AuditLog;
import opbx.http.ApiException;
import opbx.http.ClientInfo;
import opbx.organizations.Organization;
import opbx.organizations.OrganizationRepository;
import opbx.users.User;
import opbx.users.UserRepository;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Login, token checks, logout and refresh (control-plane spec §1.1-1.3). */
public final class AuthService {

    private static final Logger log = LoggerFactory.getLogger(AuthService.class);
    private static final Duration TOUCH_INTERVAL = Duration.ofMinutes(1);

    private final DSLContext dsl;
    private final UserRepository users;
    private final TokenRepository tokens;
    private final OrganizationRepository organizations;
    private final Passwords passwords;
    private final AuditLog audit;
    private final Duration tokenTtl;
    private final Clock clock;

    public AuthService(DSLContext dsl, UserRepository users, TokenRepository tokens, OrganizationRepository organizations,
                       Passwords passwords, AuditLog audit, Duration tokenTtl, Clock clock) {
        this.dsl = dsl;
        this.users = users;
        this.tokens = tokens;
        this.organizations = organizations;
        this.passwords = passwords;
        this.audit = audit;
        this.tokenTtl = tokenTtl;
        this.clock = clock;
    }

    /** A fresh token and whom it belongs to. */
    public record Session(String accessToken, long expiresIn, User user, Organization organization) {
    }

    public static ApiException invalidCredentials() {
        return new ApiException(401, "INVALID_CREDENTIALS", "Invalid credentials.");
    }

    /** Checks the credentials and opens the user's only session: every other token of the user is revoked. */
    public Session login(String email, String password, ClientInfo client) {
        User user = users.findByEmailForLogin(dsl, email).orElse(null);
        if (user == null) {
            passwords.verifyDecoy(password);
            log.info("[{}] login failed for an unknown e-mail", client.requestId());
            throw invalidCredentials();
        }
        if (!passwords.matches(password, user.passwordHash())) {
            recordFailure(user, "bad_password", client);
            throw invalidCredentials();
        }
        if (!"active".equals(user.status())) {
            recordFailure(user, "account_inactive", client);
            throw new ApiException(403, "ACCOUNT_INACTIVE", "Your account is not active. Please contact support.");
        }
        Organization organization = organizations.find(dsl, user.organizationId()).orElseThrow();
        if (!organization.active()) {
            recordFailure(user, "organization_inactive", client);
            throw new ApiException(403, "ORGANIZATION_INACTIVE", "Your organization is not active. Please contact support.");
        }
        String token = dsl.transactionResult(trx -> {
            tokens.deleteAllOfUser(trx.dsl(), user.organizationId(), user.id());
            String issued = issue(trx.dsl(), user.organizationId(), user.id(), client);
            users.markLoggedIn(trx.dsl(), user.organizationId(), user.id());
            audit.record(trx.dsl(), event(user, "auth.login_succeeded", Map.of(), client));
            return issued;
        });
        return new Session(token, tokenTtl.toSeconds(), user, organization);
    }

    /** Issues a token in the given transaction; returns its plain form, which is never stored. */
    public String issue(DSLContext trx, long organizationId, long userId, ClientInfo client) {
        String secret = Tokens.newSecret();
        long id = tokens.insert(trx, organizationId, userId, Tokens.sha256Hex(secret),
                client == null ? null : client.ip(), client == null ? null : client.userAgent(),
                OffsetDateTime.now(clock).plus(tokenTtl));
        return Tokens.format(id, secret);
    }

    public long tokenTtlSeconds() {
        return tokenTtl.toSeconds();
    }

    /**
     * The caller behind an {@code Authorization} header, checked against the database on every request: token,
     * expiry, user and organisation status (§1.1).
     */
    public Caller authenticate(String authorization) {
        String bearer = bearer(authorization);
        Tokens.Presented presented = Tokens.parse(bearer).orElseThrow(ApiException::unauthenticated);
        TokenRepository.TokenOwner owner = tokens.findForAuthentication(dsl, presented.id())
                .orElseThrow(ApiException::unauthenticated);
        if (!Tokens.sameHash(Tokens.sha256Hex(presented.secret()), owner.tokenHash())
                || !owner.expiresAt().isAfter(OffsetDateTime.now(clock))) {
            throw ApiException.unauthenticated();
        }
        if (!owner.userActive()) {
            tokens.delete(dsl, owner.organizationId(), owner.tokenId());
            throw new ApiException(401, "ACCOUNT_INACTIVE", "Your account is not active.");
        }
        if (!owner.organizationActive()) {
            throw new ApiException(401, "ORGANIZATION_INACTIVE", "Your organization is not active.");
        }
        if (owner.lastUsedAt() == null || owner.lastUsedAt().isBefore(OffsetDateTime.now(clock).minus(TOUCH_INTERVAL))) {
            tokens.touch(dsl, owner.organizationId(), owner.tokenId());
        }
        return new Caller(owner.userId(), owner.organizationId(), owner.role(), owner.email(), owner.name(), owner.tokenId());
    }

    public void logout(Caller caller, ClientInfo client) {
        dsl.transaction(trx -> {
            tokens.delete(trx.dsl(), caller.organizationId(), caller.tokenId());
            audit.record(trx.dsl(), new AuditEvent(caller.organizationId(), AuditEvent.Actor.of(caller), "auth.logout",
                    "user", String.valueOf(caller.userId()), caller.email(), Map.of(), client));
        });
    }

    /** Replaces the current token with a new one. */
    public String refresh(Caller caller, ClientInfo client) {
        return dsl.transactionResult(trx -> {
            tokens.delete(trx.dsl(), caller.organizationId(), caller.tokenId());
            return issue(trx.dsl(), caller.organizationId(), caller.userId(), client);
        });
    }

    private void recordFailure(User user, String reason, ClientInfo client) {
        dsl.transaction(trx -> audit.record(trx.dsl(), event(user, "auth.login_failed", Map.of("reason", reason), client)));
    }

    private static AuditEvent event(User user, String action, Map<String, Object> changes, ClientInfo client) {
        return new AuditEvent(user.organizationId(),
                new AuditEvent.Actor("user", user.id(), user.email(), user.role().wire()),
                action, "user", String.valueOf(user.id()), user.email(), changes, client);
    }

    private static String bearer(String authorization) {
        if (authorization == null) {
            return null;
        }
        String value = authorization.trim();
        if (value.length() < 7 || !value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return value.substring(7).trim();
    }
}
