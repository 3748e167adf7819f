package opbx.extensions;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import opbx.access.Caller;
import opbx.access.Role;
import opbx.audit.AuditEvent;
import opbx.audit.AuditLog;
import opbx.audit.Changes;
import opbx.cache.CacheInvalidator;
import opbx.cache.RoutingKeys;
import opbx.callflows.CallFlowGuard;
import opbx.http.ApiException;
import opbx.http.ClientInfo;
import opbx.http.Page;
import opbx.http.PageRequest;
import opbx.http.UniqueViolations;
import opbx.references.Links;
import opbx.references.ReferenceChecker;
import opbx.references.Target;
import opbx.secrets.Secrets;
import opbx.whitelist.OutboundPolicy;
import org.jooq.DSLContext;

/** Extensions of the caller's organisation (control-plane spec §3.2): every write is routing-relevant and audited. */
public final class ExtensionService {

    private static final String TABLE = "extensions";
    private static final String TAKEN = "The extension number has already been taken.";
    private static final String FORWARD = "configuration.forward_to";
    static final String FORWARD_NOT_PERMITTED = "The forward to number is not allowed by the outbound whitelist.";
    static final String FORWARD_USER_ONLY =
            "You may forward only to an extension or to a number the outbound whitelist allows.";

    private final DSLContext dsl;
    private final ExtensionRepository extensions;
    private final ExtensionValidator validator;
    private final Secrets secrets;
    private final SipPasswords sipPasswords;
    private final SubscriberSync subscribers;
    private final ReferenceChecker references;
    private final AuditLog audit;
    private final CacheInvalidator cache;
    private final CallFlowGuard callFlows;
    private final OutboundPolicy outbound;
    private final String sipServer;

    public ExtensionService(DSLContext dsl, ExtensionRepository extensions, Links links, Secrets secrets,
                            SubscriberSync subscribers, ReferenceChecker references, AuditLog audit, CacheInvalidator cache,
                            CallFlowGuard callFlows, OutboundPolicy outbound, String sipServer) {
        this.dsl = dsl;
        this.outbound = outbound;
        this.callFlows = callFlows;
        this.extensions = extensions;
        this.validator = new ExtensionValidator(links, extensions);
        this.secrets = secrets;
        this.sipPasswords = new SipPasswords();
        this.subscribers = subscribers;
        this.references = references;
        this.audit = audit;
        this.cache = cache;
        this.sipServer = sipServer;
    }

    /** Lists never carry SIP passwords, whoever asks. */
    public Page<Map<String, Object>> list(Caller caller, ExtensionRepository.ListFilter filter, PageRequest page) {
        String domain = extensions.domainName(dsl, caller.organizationId()).orElse(null);
        List<Map<String, Object>> rows = extensions.list(dsl, caller.organizationId(), filter, page).stream()
                .map(extension -> ExtensionJson.full(extension, sipServer, domain, null))
                .toList();
        return Page.of(rows, extensions.count(dsl, caller.organizationId(), filter, page), page);
    }

    public Map<String, Object> show(Caller caller, long id) {
        return Map.of("extension", json(caller, find(caller, id)));
    }

    public Extension find(Caller caller, long id) {
        return extensions.find(dsl, caller.organizationId(), id).orElseThrow(() -> ApiException.notFound("Extension"));
    }

    /** What a write committed: the row id and the values it was checked and written with. */
    private record Written(long id, Extension stored, ExtensionRepository.Values values) {
    }

    /**
     * Validation, targets included, runs inside the transaction after the call-flow lock, so a concurrent delete of
     * a target cannot slip in between the check and the write.
     */
    public Map<String, Object> create(Caller caller, ObjectNode body, ClientInfo client) {
        long org = caller.organizationId();
        String sipPassword = sipPasswords.generate();
        Written written = uniqueNumber(() -> dsl.transactionResult(trx -> {
            CallFlowGuard.Before before = callFlows.before(trx.dsl(), org);
            ExtensionValidator.Result input = validator.read(trx.dsl(), org, body, null);
            checkForward(trx.dsl(), caller, input, null);
            input.fields().throwIfInvalid();
            ExtensionRepository.Values values = values(input, null, org);
            long created = extensions.insert(trx.dsl(), org, values, secrets.encrypt(sipPassword, TABLE, "sip_password", org));
            verifyCallFlow(trx.dsl(), org, values.type(), values.configuration(), before, "type");
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("extension_number", values.extensionNumber());
            fields.put("type", values.type());
            fields.put("status", values.status());
            fields.put("user_id", values.userId());
            fields.put("voicemail_enabled", values.voicemailEnabled());
            fields.put("configuration", values.configuration());
            audit.record(trx.dsl(), event(caller, "extension.created", created, values.extensionNumber(),
                    Changes.created(fields), client));
            return new Written(created, null, values);
        }));
        invalidate(org, written.id(), written.values().extensionNumber());
        Optional<Map<String, Object>> warning = "user".equals(written.values().type())
                ? subscribers.afterWrite(org, written.id(), "created", false) : Optional.empty();
        return wrap("Extension created successfully.", json(caller, find(caller, written.id())), warning);
    }

    /** The stored row is read under its lock, so two concurrent partial updates never revert each other. */
    public Map<String, Object> update(Caller caller, long id, ObjectNode body, ClientInfo client) {
        long org = caller.organizationId();
        find(caller, id);
        Written written = dsl.transactionResult(trx -> {
            CallFlowGuard.Before before = callFlows.before(trx.dsl(), org);
            extensions.lock(trx.dsl(), org, id);
            Extension stored = extensions.find(trx.dsl(), org, id).orElseThrow(() -> ApiException.notFound("Extension"));
            ObjectNode accepted = caller.role() == Role.PBX_USER ? ownExtensionOnly(caller, stored, body) : body;
            ExtensionValidator.Result input = validator.read(trx.dsl(), org, accepted, stored);
            checkForward(trx.dsl(), caller, input, stored);
            input.fields().throwIfInvalid();
            ExtensionRepository.Values values = values(input, stored, org);
            Changes changes = new Changes()
                    .field("type", stored.type(), values.type())
                    .field("status", stored.status(), values.status())
                    .field("user_id", stored.userId(), values.userId())
                    .field("voicemail_enabled", stored.voicemailEnabled(), values.voicemailEnabled())
                    .field("configuration", stored.configuration(), values.configuration())
                    .field("service_url", stored.serviceUrl(), values.serviceUrl())
                    .field("service_params", stored.serviceParams(), values.serviceParams());
            if (input.serviceTokenChanged()) {
                changes.secret("service_token");
            }
            extensions.update(trx.dsl(), org, id, values);
            if (changes.has("type") || changes.has("configuration")) {
                verifyCallFlow(trx.dsl(), org, values.type(), values.configuration(), before, "type");
            } else if (changes.has("status")) {
                callFlows.verify(trx.dsl(), org, "status", before);
            }
            if (!changes.isEmpty()) {
                audit.record(trx.dsl(), event(caller, "extension.updated", id, stored.extensionNumber(), changes.toMap(), client));
            }
            return new Written(id, stored, values);
        });
        Extension stored = written.stored();
        invalidate(org, id, stored.extensionNumber());
        Optional<Map<String, Object>> warning = stored.isUserType() || "user".equals(written.values().type())
                ? subscribers.afterWrite(org, id, "updated", stored.isUserType()) : Optional.empty();
        return wrap("Extension updated successfully.", json(caller, find(caller, id)), warning);
    }

    /** Soft delete after the reference check; the number becomes reusable. */
    public void delete(Caller caller, long id, ClientInfo client) {
        long org = caller.organizationId();
        Extension stored = find(caller, id);
        dsl.transaction(trx -> {
            // References have no foreign keys: the call-flow lock keeps a new one from slipping in meanwhile.
            callFlows.lock(trx.dsl(), org);
            extensions.lock(trx.dsl(), org, id);
            references.ensureUnreferenced(trx.dsl(), org, Target.EXTENSION, id);
            extensions.setDeleted(trx.dsl(), org, id, true);
            audit.record(trx.dsl(), event(caller, "extension.deleted", id, stored.extensionNumber(), Map.of(), client));
        });
        invalidate(org, id, stored.extensionNumber());
        if (stored.isUserType()) {
            // 204 has no body for a warning: a failure stays on the row for POST /extensions/sync to retry.
            subscribers.afterWrite(org, id, "deleted", true);
        }
    }

    public Map<String, Object> restore(Caller caller, long id, ClientInfo client) {
        long org = caller.organizationId();
        Extension stored = uniqueNumber(() -> dsl.transactionResult(trx -> {
            CallFlowGuard.Before before = callFlows.before(trx.dsl(), org);
            extensions.lock(trx.dsl(), org, id);
            Extension deleted = extensions.findDeleted(trx.dsl(), org, id).orElseThrow(() -> ApiException.notFound("Extension"));
            if (extensions.numberTaken(trx.dsl(), org, deleted.extensionNumber(), id)) {
                throw new ApiException(409, "CONFLICT", "The extension number is now used by another extension.");
            }
            // Restoring re-applies the link rule to the extension's own links (§3.15): a target gone meanwhile is a 422.
            validator.relinkCheck(trx.dsl(), org, deleted).throwIfInvalid();
            extensions.setDeleted(trx.dsl(), org, id, false);
            if (deleted.userId() != null && deleted.user() == null) {
                extensions.clearUser(trx.dsl(), org, id);
            }
            // Back in the graph, its target or forward may close a loop that formed while it was away (§3.17).
            verifyCallFlow(trx.dsl(), org, deleted.type(), deleted.configuration(), before, "id");
            audit.record(trx.dsl(), event(caller, "extension.restored", id, deleted.extensionNumber(), Map.of(), client));
            return deleted;
        }));
        invalidate(org, id, stored.extensionNumber());
        // Re-created in Cloudonix with its stored password (§3.2).
        Optional<Map<String, Object>> warning = stored.isUserType()
                ? subscribers.afterWrite(org, id, "restored", false) : Optional.empty();
        return wrap("Extension restored successfully.", json(caller, find(caller, id)), warning);
    }

    /** GET /extensions/{id}/password (owner, pbx_admin). */
    public Map<String, Object> password(Caller caller, long id, ClientInfo client) {
        Extension extension = userExtension(caller, id);
        String password = decryptSip(extension);
        dsl.transaction(trx -> audit.record(trx.dsl(), event(caller, "extension.password_viewed", id,
                extension.extensionNumber(), Map.of(), client)));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("extension_id", extension.id());
        json.put("extension_number", extension.extensionNumber());
        json.put("password", password);
        json.put("sip_config", ExtensionJson.full(extension, sipServer, domain(caller), password).get("sip_config"));
        return json;
    }

    /** PUT /extensions/{id}/reset-password (owner, pbx_admin): a new generated password. */
    public Map<String, Object> resetPassword(Caller caller, long id, ClientInfo client) {
        long org = caller.organizationId();
        Extension extension = userExtension(caller, id);
        String password = sipPasswords.generate();
        dsl.transaction(trx -> {
            extensions.lock(trx.dsl(), org, id);
            extensions.updateSipPassword(trx.dsl(), org, id, secrets.encrypt(password, TABLE, "sip_password", org));
            audit.record(trx.dsl(), event(caller, "extension.password_reset", id, extension.extensionNumber(),
                    new Changes().secret("sip_password").toMap(), client));
        });
        invalidate(org, id, extension.extensionNumber());
        Optional<Map<String, Object>> warning = subscribers.afterWrite(org, id, "updated", true);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("message", "Extension password reset successfully.");
        json.put("new_password", password);
        json.put("extension", json(caller, find(caller, id)));
        warning.ifPresent(w -> json.put("cloudonix_warning", w));
        return json;
    }

    /**
     * An extension's configured target or forward is an automatic call-flow edge: refuse it when it closes a loop or
     * leaves a call with nowhere to go (§3.17), naming the configuration key that creates the edge, else
     * {@code otherField}.
     */
    private void verifyCallFlow(DSLContext trx, long org, String type, ObjectNode configuration, CallFlowGuard.Before before,
                                String otherField) {
        String key = switch (type) {
            case "ring_group" -> "ring_group_id";
            case "conference" -> "conference_room_id";
            case "ivr" -> "ivr_menu_id";
            case "forward", "user" -> configuration.has("forward_to") ? "forward_to" : null;
            default -> null;
        };
        callFlows.verify(trx, org, key != null ? "configuration." + key : otherField, before);
    }

    /**
     * A new or changed forward passes the outbound policy when it is saved, not only when a call follows it: an
     * external number must be one the whitelist allows (for every role, so a bad forward is caught before a call),
     * and a pbx_user may point their own extension only at an extension or such a number, never at a SIP URI that
     * could reach a paid gateway. An unchanged forward is not re-judged, so unrelated edits keep working.
     */
    private void checkForward(DSLContext trx, Caller caller, ExtensionValidator.Result input, Extension stored) {
        String target = input.configuration() == null ? null : input.configuration().path("forward_to").asText(null);
        if (target == null || input.fields().failed(FORWARD)) {
            return;
        }
        String before = stored == null ? null : stored.configuration().path("forward_to").asText(null);
        if (target.equals(before)) {
            return;
        }
        if (OutboundPolicy.isExternalNumber(target)) {
            if (outbound.rules(trx, caller.organizationId()).route(target).isEmpty()) {
                input.fields().add(FORWARD, FORWARD_NOT_PERMITTED);
            }
        } else if (caller.role() == Role.PBX_USER && !target.matches("[0-9]{3,5}")) {
            input.fields().add(FORWARD, FORWARD_USER_ONLY);
        }
    }

    /** A pbx_user changes only voicemail and configuration of their own extension (§2.2). */
    private static ObjectNode ownExtensionOnly(Caller caller, Extension stored, ObjectNode body) {
        if (!Objects.equals(stored.userId(), caller.userId())) {
            throw ApiException.forbidden();
        }
        String message = "You may only change voicemail and configuration of your own extension.";
        for (String locked : ExtensionValidator.OWNER_LOCKED) {
            String sent = !body.has(locked) ? null : body.get(locked).isNull() ? "" : body.get(locked).asText().trim();
            if (sent != null && !sent.equals(storedValue(stored, locked))) {
                throw new ApiException(403, "FORBIDDEN", message);
            }
        }
        ObjectNode accepted = body.deepCopy();
        accepted.retain("voicemail_enabled", "configuration");
        return accepted;
    }

    private static String storedValue(Extension stored, String field) {
        return switch (field) {
            case "type" -> stored.type();
            case "user_id" -> stored.userId() == null ? "" : String.valueOf(stored.userId());
            case "status" -> stored.status();
            default -> stored.extensionNumber();
        };
    }

    private ExtensionRepository.Values values(ExtensionValidator.Result input, Extension stored, long org) {
        String token = input.serviceTokenChanged()
                ? (input.serviceToken() == null ? null : secrets.encrypt(input.serviceToken(), TABLE, "service_token", org))
                : stored == null ? null : stored.encryptedServiceToken();
        boolean aiAssistant = "ai_assistant".equals(input.type());
        return new ExtensionRepository.Values(input.userId(), input.extensionNumber(), input.type(), input.status(),
                input.voicemailEnabled(), input.configuration(), aiAssistant ? input.serviceUrl() : null,
                aiAssistant ? token : null, aiAssistant ? input.serviceParams() : null);
    }

    private Extension userExtension(Caller caller, long id) {
        Extension extension = find(caller, id);
        if (!extension.isUserType()) {
            throw new ApiException(400, "NOT_APPLICABLE", "Only user extensions have SIP passwords.");
        }
        return extension;
    }

    /** The full object; the SIP password only for owners and pbx_admins (§3.2). */
    private Map<String, Object> json(Caller caller, Extension extension) {
        boolean mayReadPassword = caller.role() == Role.OWNER || caller.role() == Role.PBX_ADMIN;
        String password = mayReadPassword && extension.isUserType() ? decryptSip(extension) : null;
        return ExtensionJson.full(extension, sipServer, domain(caller), password);
    }

    private String domain(Caller caller) {
        return extensions.domainName(dsl, caller.organizationId()).orElse(null);
    }

    private String decryptSip(Extension extension) {
        return secrets.decrypt(extension.encryptedSipPassword(), TABLE, "sip_password", extension.organizationId());
    }

    private static Map<String, Object> wrap(String message, Map<String, Object> extension, Optional<Map<String, Object>> warning) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("message", message);
        json.put("extension", extension);
        warning.ifPresent(w -> json.put("cloudonix_warning", w));
        return json;
    }

    /** Both routing keys of the extension, after commit (execution-plane spec §10.2). */
    private void invalidate(long org, long id, String number) {
        cache.afterCommit(RoutingKeys.extensionById(org, id), RoutingKeys.extensionByNumber(org, number));
    }

    private static AuditEvent event(Caller caller, String action, long id, String number, Map<String, Object> changes,
                                    ClientInfo client) {
        return new AuditEvent(caller.organizationId(), AuditEvent.Actor.of(caller), action, "extension", String.valueOf(id),
                number, changes, client);
    }

    /** Two concurrent creates of one number: the loser gets the same 422 as a sequential one, never a 500. */
    private static <T> T uniqueNumber(java.util.function.Supplier<T> write) {
        return UniqueViolations.as422("extensions_number_unique", "extension_number", TAKEN, write);
    }
}
