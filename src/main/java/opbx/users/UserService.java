package opbx.users;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import opbx.access.Caller;
import opbx.access.Policy;
import opbx.access.Role;
import opbx.audit.AuditEvent;
import opbx.audit.AuditLog;
import opbx.audit.Changes;
import opbx.auth.Passwords;
import opbx.auth.TokenRepository;
import opbx.cache.CacheInvalidator;
import opbx.cache.RoutingKeys;
import opbx.http.ApiException;
import opbx.http.ClientInfo;
import opbx.http.Page;
import opbx.http.PageRequest;
import opbx.http.UniqueViolations;
import opbx.http.ValidationException;
import org.jooq.DSLContext;

/** Users of the caller's organisation (control-plane spec §3.1) under the rules of §2.2. */
public final class UserService {

    private static final String TAKEN = "The email has already been taken.";

    private final DSLContext dsl;
    private final UserRepository users;
    private final TokenRepository tokens;
    private final Passwords passwords;
    private final AuditLog audit;
    private final CacheInvalidator cache;

    public UserService(DSLContext dsl, UserRepository users, TokenRepository tokens, Passwords passwords, AuditLog audit,
                       CacheInvalidator cache) {
        this.dsl = dsl;
        this.users = users;
        this.tokens = tokens;
        this.passwords = passwords;
        this.audit = audit;
        this.cache = cache;
    }

    public Page<Map<String, Object>> list(Caller caller, UserRepository.ListFilter filter, PageRequest page) {
        List<User> rows = users.list(dsl, caller.organizationId(), filter, page);
        Map<Long, UserExtension> extensions = users.extensionsOf(dsl, caller.organizationId(), rows.stream().map(User::id).toList());
        return Page.of(rows.stream().map(user -> UserJson.of(user, extensions.get(user.id()))).toList(),
                users.count(dsl, caller.organizationId(), filter, page), page);
    }

    public Map<String, Object> show(Caller caller, long id) {
        User user = find(caller, id);
        Policy.checkView(caller, id);
        return json(user);
    }

    /** The user object with its extension. */
    public Map<String, Object> json(User user) {
        return UserJson.of(user, users.extensionsOf(dsl, user.organizationId(), List.of(user.id())).get(user.id()));
    }

    public User find(Caller caller, long id) {
        return users.find(dsl, caller.organizationId(), id).orElseThrow(() -> ApiException.notFound("User"));
    }

    public Map<String, Object> create(Caller caller, ObjectNode body, ClientInfo client) {
        UserInput input = UserInput.read(body, null);
        if (input.values.role() != null && !input.fields.failed("role")) {
            checkAssign(caller, input.values.role(), input);
        }
        if (input.values.email() != null && users.emailTaken(dsl, input.values.email(), null)) {
            input.fields.add("email", TAKEN);
        }
        input.fields.throwIfInvalid();
        String hash = passwords.hash(input.password);
        long id = uniqueEmail(() -> dsl.transactionResult(trx -> {
            long created = users.insert(trx.dsl(), caller.organizationId(), input.values, hash);
            audit.record(trx.dsl(), event(caller, "user.created", created, input.values.email(),
                    Changes.created(fields(input.values)), client));
            return created;
        }));
        return json(find(caller, id));
    }

    public Map<String, Object> update(Caller caller, long id, ObjectNode body, ClientInfo client) {
        User stored = find(caller, id);
        boolean self = caller.userId() == id;
        if (self) {
            checkSelfUpdate(body, stored);
        } else {
            Policy.checkManage(caller, stored.role());
        }
        UserInput input = UserInput.read(body, stored);
        if (!self && input.values.role() != null && input.values.role() != stored.role() && !input.fields.failed("role")) {
            checkAssign(caller, input.values.role(), input);
        }
        boolean emailChanges = input.values.email() != null && !input.values.email().equalsIgnoreCase(stored.email());
        if (emailChanges && users.emailTaken(dsl, input.values.email(), id)) {
            input.fields.add("email", TAKEN);
        }
        if (emailChanges && self) {
            checkCurrentPassword(body, stored, input);
        }
        input.fields.throwIfInvalid();
        UserRepository.Values values = input.values;
        boolean leavesOwnership = stored.role() == Role.OWNER && stored.active()
                && (values.role() != Role.OWNER || !"active".equals(values.status()));
        String hash = input.password == null ? null : passwords.hash(input.password);
        uniqueEmail(() -> dsl.transactionResult(trx -> {
            if (leavesOwnership && users.countActiveOwners(trx.dsl(), caller.organizationId()) <= 1) {
                throw Policy.lastOwner();
            }
            users.update(trx.dsl(), caller.organizationId(), id, values);
            Changes changes = changes(stored, values);
            if (hash != null) {
                users.updatePassword(trx.dsl(), caller.organizationId(), id, hash);
                changes.secret("password");
            }
            if (hash != null || !"active".equals(values.status())) {
                tokens.deleteAllOfUser(trx.dsl(), caller.organizationId(), id);
            } else if (emailChanges) {
                // The login changed: sessions opened under the old one end (the caller's own request keeps its token).
                tokens.deleteAllOfUserExcept(trx.dsl(), caller.organizationId(), id, self ? caller.tokenId() : 0);
            }
            recordUpdate(trx.dsl(), caller, stored, changes, client);
            return id;
        }));
        return json(find(caller, id));
    }

    public void delete(Caller caller, long id, ClientInfo client) {
        User stored = find(caller, id);
        Policy.checkNotSelfDelete(caller, id);
        Policy.checkManage(caller, stored.role());
        List<UserRepository.Unassigned> unassigned = dsl.transactionResult(trx -> {
            if (stored.role() == Role.OWNER && stored.active() && users.countActiveOwners(trx.dsl(), caller.organizationId()) <= 1) {
                throw Policy.lastOwner();
            }
            users.setDeleted(trx.dsl(), caller.organizationId(), id, true);
            tokens.deleteAllOfUser(trx.dsl(), caller.organizationId(), id);
            List<UserRepository.Unassigned> extensions = users.unassignExtensions(trx.dsl(), caller.organizationId(), id);
            for (UserRepository.Unassigned extension : extensions) {
                audit.record(trx.dsl(), new AuditEvent(caller.organizationId(), AuditEvent.Actor.of(caller),
                        "extension.updated", "extension", String.valueOf(extension.id()), extension.extensionNumber(),
                        new Changes().field("user_id", id, null).toMap(), client));
            }
            audit.record(trx.dsl(), event(caller, "user.deleted", id, stored.email(), Map.of(), client));
            return extensions;
        });
        // The unassigned extensions route differently now (execution-plane spec §10.2).
        cache.afterCommit(unassigned.stream()
                .flatMap(extension -> Stream.of(
                        RoutingKeys.extensionById(caller.organizationId(), extension.id()),
                        RoutingKeys.extensionByNumber(caller.organizationId(), extension.extensionNumber())))
                .toArray(String[]::new));
    }

    public Map<String, Object> restore(Caller caller, long id, ClientInfo client) {
        User stored = users.findDeleted(dsl, caller.organizationId(), id).orElseThrow(() -> ApiException.notFound("User"));
        Policy.checkManage(caller, stored.role());
        if (users.emailTaken(dsl, stored.email(), id)) {
            throw new ApiException(409, "CONFLICT", "The email is now used by another user.");
        }
        uniqueEmail(() -> dsl.transactionResult(trx -> {
            users.setDeleted(trx.dsl(), caller.organizationId(), id, false);
            audit.record(trx.dsl(), event(caller, "user.restored", id, stored.email(), Map.of(), client));
            return id;
        }));
        return json(find(caller, id));
    }

    /** Through {@code /users/{self}} only the profile fields change (§2.2). */
    /**
     * Changing one's own login e-mail takes the current password, as a password change does: a token left on an
     * unattended screen must not be enough to take the account over through "forgot password" on a new address.
     */
    private void checkCurrentPassword(ObjectNode body, User stored, UserInput input) {
        String current = body.path("current_password").isTextual() ? body.get("current_password").asText() : null;
        if (current == null || current.isEmpty()) {
            input.fields.add("current_password", "The current password is required to change the e-mail address.");
        } else if (!passwords.matches(current, stored.passwordHash())) {
            input.fields.add("current_password", "The current password is incorrect.");
        }
    }

    private static void checkSelfUpdate(ObjectNode body, User stored) {
        if (body.hasNonNull("password") && !body.get("password").asText().isBlank()) {
            throw new ApiException(403, "FORBIDDEN", "Use the profile page to change your own password.");
        }
        if (body.hasNonNull("role") && !stored.role().wire().equals(body.get("role").asText().trim())) {
            throw new ApiException(403, "FORBIDDEN", "You cannot change your own role.");
        }
        if (body.hasNonNull("status") && !stored.status().equals(body.get("status").asText().trim())) {
            throw new ApiException(403, "FORBIDDEN", "You cannot change your own status.");
        }
    }

    private static void checkAssign(Caller caller, Role role, UserInput input) {
        try {
            Policy.checkAssign(caller, role);
        } catch (ValidationException e) {
            e.errors().forEach((field, messages) -> messages.forEach(message -> input.fields.add(field, message)));
        }
    }

    /** The audit rows of an update: {@code user.updated}, plus role and status events when those changed. */
    void recordUpdate(DSLContext trx, Caller caller, User stored, Changes changes, ClientInfo client) {
        if (changes.isEmpty()) {
            return;
        }
        audit.record(trx, event(caller, "user.updated", stored.id(), stored.email(), changes.toMap(), client));
        if (changes.has("role")) {
            audit.record(trx, event(caller, "user.role_changed", stored.id(), stored.email(),
                    Map.of("role", changes.toMap().get("role")), client));
        }
        if (changes.has("status")) {
            audit.record(trx, event(caller, "user.status_changed", stored.id(), stored.email(),
                    Map.of("status", changes.toMap().get("status")), client));
        }
        if (changes.has("password")) {
            audit.record(trx, event(caller, "user.password_set", stored.id(), stored.email(), Map.of(), client));
        }
    }

    static Changes changes(User stored, UserRepository.Values values) {
        return new Changes()
                .field("name", stored.name(), values.name())
                .field("email", stored.email(), values.email())
                .field("role", stored.role().wire(), values.role().wire())
                .field("status", stored.status(), values.status())
                .field("phone", stored.phone(), values.phone())
                .field("street_address", stored.streetAddress(), values.streetAddress())
                .field("city", stored.city(), values.city())
                .field("state_province", stored.stateProvince(), values.stateProvince())
                .field("postal_code", stored.postalCode(), values.postalCode())
                .field("country", stored.country(), values.country());
    }

    private static Map<String, Object> fields(UserRepository.Values values) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("name", values.name());
        fields.put("email", values.email());
        fields.put("role", values.role().wire());
        fields.put("status", values.status());
        fields.put("phone", values.phone());
        fields.put("street_address", values.streetAddress());
        fields.put("city", values.city());
        fields.put("state_province", values.stateProvince());
        fields.put("postal_code", values.postalCode());
        fields.put("country", values.country());
        return fields;
    }

    static AuditEvent event(Caller caller, String action, long userId, String label, Map<String, Object> changes,
                            ClientInfo client) {
        return new AuditEvent(caller.organizationId(), AuditEvent.Actor.of(caller), action, "user",
                String.valueOf(userId), label, changes, client);
    }

    /** A concurrent write that took the e-mail between our check and the commit is the same 422. */
    static <T> T uniqueEmail(java.util.function.Supplier<T> write) {
        return UniqueViolations.as422("users_email_unique", "email", TAKEN, write);
    }
}
