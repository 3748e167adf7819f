package opbx.profile;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import opbx.access.Caller;
import opbx.audit.AuditEvent;
import opbx.audit.AuditLog;
import opbx.audit.Changes;
import opbx.auth.Passwords;
import opbx.auth.TokenRepository;
import opbx.cache.CacheInvalidator;
import opbx.cache.RoutingKeys;
import opbx.http.ApiException;
import opbx.http.ClientInfo;
import opbx.http.Fields;
import opbx.organizations.Organization;
import opbx.organizations.OrganizationRepository;
import opbx.users.User;
import opbx.users.UserRepository;
import opbx.users.UserService;
import org.jooq.DSLContext;

/** The caller's own profile, password and organisation (control-plane spec §1.4). */
public final class ProfileService {

    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

    private final DSLContext dsl;
    private final UserService users;
    private final UserRepository userRows;
    private final OrganizationRepository organizations;
    private final TokenRepository tokens;
    private final Passwords passwords;
    private final AuditLog audit;
    private final CacheInvalidator cache;

    public ProfileService(DSLContext dsl, UserService users, UserRepository userRows, OrganizationRepository organizations,
                          TokenRepository tokens, Passwords passwords, AuditLog audit, CacheInvalidator cache) {
        this.dsl = dsl;
        this.users = users;
        this.userRows = userRows;
        this.organizations = organizations;
        this.tokens = tokens;
        this.passwords = passwords;
        this.audit = audit;
        this.cache = cache;
    }

    /** The user object with its organisation and extension. */
    public Map<String, Object> profile(Caller caller) {
        return withOrganization(caller, users.json(users.find(caller, caller.userId())));
    }

    public Map<String, Object> withOrganization(Caller caller, Map<String, Object> user) {
        Map<String, Object> json = new LinkedHashMap<>(user);
        json.put("organization", organization(caller).summary());
        return json;
    }

    /** PUT /profile: the profile fields of §1.4; an unchanged role is ignored, any other role is 403. */
    public Map<String, Object> update(Caller caller, ObjectNode body, ClientInfo client) {
        User stored = users.find(caller, caller.userId());
        if (body.hasNonNull("role") && !stored.role().wire().equals(body.get("role").asText().trim())) {
            throw new ApiException(403, "FORBIDDEN", "You cannot change your own role.");
        }
        ObjectNode profileFields = body.deepCopy();
        profileFields.retain("name", "email", "current_password", "phone", "street_address", "city", "state_province",
                "postal_code", "country");
        return withOrganization(caller, users.update(caller, caller.userId(), profileFields, client));
    }

    /** PUT /profile/password: on success every token of the caller is revoked, the current one included. */
    public void changePassword(Caller caller, ObjectNode body, ClientInfo client) {
        User user = users.find(caller, caller.userId());
        Fields fields = new Fields(body);
        String current = fields.string("current_password", true, 0, 1024);
        String next = fields.string("new_password", true, 0, 1024);
        if (current != null && !passwords.matches(current, user.passwordHash())) {
            fields.add("current_password", "The current password is incorrect.");
        }
        if (next != null) {
            if (!Passwords.meetsPolicy(next, user.email())) {
                fields.add("new_password", Passwords.POLICY_MESSAGE);
            } else if (next.equals(current)) {
                fields.add("new_password", "The new password must be different from the current password.");
            } else if (!next.equals(body.path("new_password_confirmation").asText(null))) {
                fields.add("new_password", "The new password confirmation does not match.");
            }
        }
        fields.throwIfInvalid();
        String hash = passwords.hash(next);
        dsl.transaction(trx -> {
            userRows.updatePassword(trx.dsl(), caller.organizationId(), caller.userId(), hash);
            tokens.deleteAllOfUser(trx.dsl(), caller.organizationId(), caller.userId());
            audit.record(trx.dsl(), new AuditEvent(caller.organizationId(), AuditEvent.Actor.of(caller),
                    "auth.password_changed", "user", String.valueOf(caller.userId()), caller.email(),
                    new Changes().secret("password").toMap(), client));
        });
    }

    /** PUT /profile/organization (owner): name, timezone, default country. Routing-relevant: the org cache entry. */
    public Map<String, Object> updateOrganization(Caller caller, ObjectNode body, ClientInfo client) {
        Organization stored = organization(caller);
        Fields fields = new Fields(body);
        String name = fields.has("name") ? fields.string("name", true, 2, 255) : stored.name();
        String timezone = fields.has("timezone") ? fields.timezone("timezone", true) : stored.timezone();
        String country = fields.has("default_country") ? country(fields) : stored.defaultCountry();
        fields.throwIfInvalid();
        dsl.transaction(trx -> {
            organizations.updateProfile(trx.dsl(), caller.organizationId(), name, timezone, country);
            audit.record(trx.dsl(), new AuditEvent(caller.organizationId(), AuditEvent.Actor.of(caller),
                    "organization.updated", "organization", String.valueOf(caller.organizationId()), name,
                    new Changes()
                            .field("name", stored.name(), name)
                            .field("timezone", stored.timezone(), timezone)
                            .field("default_country", stored.defaultCountry(), country)
                            .toMap(), client));
        });
        cache.afterCommit(RoutingKeys.organization(caller.organizationId()));
        Organization updated = organization(caller);
        Map<String, Object> json = updated.summary();
        json.put("updated_at", updated.updatedAt());
        return json;
    }

    private Organization organization(Caller caller) {
        return organizations.find(dsl, caller.organizationId()).orElseThrow(() -> ApiException.notFound("Organization"));
    }

    private static String country(Fields fields) {
        String value = fields.string("default_country", true, 2, 2);
        if (value == null) {
            return null;
        }
        String upper = value.toUpperCase(Locale.ROOT);
        if (!COUNTRIES.contains(upper)) {
            fields.add("default_country", "The selected default country is invalid.");
            return null;
        }
        return upper;
    }
}
