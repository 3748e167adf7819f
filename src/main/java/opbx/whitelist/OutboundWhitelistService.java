package opbx.whitelist;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import opbx.access.Caller;
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
import opbx.resources.ResourceService;
import org.jooq.DSLContext;

/**
 * The outbound whitelist of the caller's organisation (control-plane spec §3.7). Every write is audited in its
 * transaction (§5) and, outbound routing reading the whole list, deletes the organisation's whitelist cache key after
 * commit (execution-plane spec §10.2).
 */
public final class OutboundWhitelistService implements ResourceService {

    static final String RESOURCE = "Outbound whitelist entry";
    private static final String TAKEN = "An entry for this country and prefix already exists.";
    private static final String DESTINATION_INDEX = "outbound_whitelists_destination_unique";

    private final DSLContext dsl;
    private final OutboundWhitelistRepository entries;
    private final AuditLog audit;
    private final CacheInvalidator cache;
    private final CallFlowGuard callFlows;

    public OutboundWhitelistService(DSLContext dsl, OutboundWhitelistRepository entries, AuditLog audit,
                                    CacheInvalidator cache, CallFlowGuard callFlows) {
        this.dsl = dsl;
        this.entries = entries;
        this.audit = audit;
        this.cache = cache;
        this.callFlows = callFlows;
    }

    /** An entry written, and what the write broke in the call flows (a forward that no entry allows any more). */
    private record Written(WhitelistEntry entry, List<String> broken) {
    }

    public Page<Map<String, Object>> list(Caller caller, PageRequest page) {
        List<Map<String, Object>> data = entries.list(dsl, caller.organizationId(), page).stream()
                .map(WhitelistEntry::toJson)
                .toList();
        return Page.of(data, entries.count(dsl, caller.organizationId(), page), page);
    }

    @Override
    public Map<String, Object> show(Caller caller, long id) {
        return entries.find(dsl, caller.organizationId(), id)
                .orElseThrow(OutboundWhitelistService::notFound)
                .toJson();
    }

    @Override
    public Map<String, Object> create(Caller caller, ObjectNode body, ClientInfo client) {
        return createAnswer(caller, body, client).data();
    }

    @Override
    public Answer createAnswer(Caller caller, ObjectNode body, ClientInfo client) {
        long org = caller.organizationId();
        WhitelistInput input = WhitelistInput.read(body, null);
        Written written = uniqueDestination(() -> dsl.transactionResult(trx -> {
            CallFlowGuard.Before before = callFlows.before(trx.dsl(), org);
            checkDestination(trx.dsl(), org, input, null);
            input.fields.throwIfInvalid();
            long id = entries.insert(trx.dsl(), org, input.values);
            audit.record(trx.dsl(), event(caller, "outbound_whitelist.created", id, input.values.name(),
                    Changes.created(WhitelistEntry.fields(input.values)), client));
            return new Written(entries.find(trx.dsl(), org, id).orElseThrow(), callFlows.warnings(trx.dsl(), org, before));
        }));
        cache.afterCommit(RoutingKeys.outboundWhitelist(org));
        return new Answer(written.entry().toJson(), warning(written.broken()));
    }

    /** PUT and PATCH alike: a partial update over the stored row, read and locked in the write's transaction. */
    @Override
    public Map<String, Object> update(Caller caller, long id, ObjectNode body, ClientInfo client) {
        return updateAnswer(caller, id, body, client).data();
    }

    /**
     * An entry narrowed or moved may leave a forward with no entry to dial through: never refused (the admin may be
     * closing a destination to fraud), but the answer says which call flows now end in "not permitted".
     */
    @Override
    public Answer updateAnswer(Caller caller, long id, ObjectNode body, ClientInfo client) {
        long org = caller.organizationId();
        Written written = uniqueDestination(() -> dsl.transactionResult(trx -> {
            CallFlowGuard.Before before = callFlows.before(trx.dsl(), org);
            WhitelistEntry stored = entries.findForUpdate(trx.dsl(), org, id)
                    .orElseThrow(OutboundWhitelistService::notFound);
            WhitelistInput input = WhitelistInput.read(body, stored.values());
            checkDestination(trx.dsl(), org, input, id);
            input.fields.throwIfInvalid();
            entries.update(trx.dsl(), org, id, input.values);
            Changes changes = new Changes();
            Map<String, Object> after = WhitelistEntry.fields(input.values);
            WhitelistEntry.fields(stored.values()).forEach((field, old) -> changes.field(field, old, after.get(field)));
            if (!changes.isEmpty()) {
                audit.record(trx.dsl(), event(caller, "outbound_whitelist.updated", id, stored.values().name(),
                        changes.toMap(), client));
            }
            return new Written(entries.find(trx.dsl(), org, id).orElseThrow(), callFlows.warnings(trx.dsl(), org, before));
        }));
        cache.afterCommit(RoutingKeys.outboundWhitelist(org));
        return new Answer(written.entry().toJson(), warning(written.broken()));
    }

    /** Nothing references a whitelist entry (§3.15): a plain hard delete. */
    @Override
    public void delete(Caller caller, long id, ClientInfo client) {
        deleteAnswer(caller, id, client);
    }

    /** Never refused, like an update; what it broke is the answer's warning. */
    @Override
    public String deleteAnswer(Caller caller, long id, ClientInfo client) {
        long org = caller.organizationId();
        List<String> broken = dsl.transactionResult(trx -> {
            CallFlowGuard.Before before = callFlows.before(trx.dsl(), org);
            WhitelistEntry stored = entries.findForUpdate(trx.dsl(), org, id)
                    .orElseThrow(OutboundWhitelistService::notFound);
            entries.delete(trx.dsl(), org, id);
            audit.record(trx.dsl(), event(caller, "outbound_whitelist.deleted", id, stored.values().name(), Map.of(),
                    client));
            return callFlows.warnings(trx.dsl(), org, before);
        });
        cache.afterCommit(RoutingKeys.outboundWhitelist(org));
        return warning(broken);
    }

    private static String warning(List<String> broken) {
        return broken.isEmpty() ? null
                : "Saved, but calls now end without reaching anyone: " + String.join("; ", broken) + ".";
    }

    /** Checked only when country and prefix are both valid, so a bad value is reported once, for what it is. */
    private void checkDestination(DSLContext trx, long org, WhitelistInput input, Long exceptId) {
        if (input.values.destinationCountry() == null || input.fields.failed("destination_prefix")) {
            return;
        }
        if (entries.destinationTaken(trx, org, input.values.destinationCountry(), input.values.destinationPrefix(),
                exceptId)) {
            input.fields.add("destination_country", TAKEN);
        }
    }

    private static AuditEvent event(Caller caller, String action, long id, String label, Map<String, Object> changes,
                                    ClientInfo client) {
        return new AuditEvent(caller.organizationId(), AuditEvent.Actor.of(caller), action, "outbound_whitelist",
                String.valueOf(id), label, changes, client);
    }

    static ApiException notFound() {
        return ApiException.notFound(RESOURCE);
    }

    /** A concurrent write that took the destination between our check and the commit is the same 422. */
    private static <T> T uniqueDestination(Supplier<T> write) {
        return UniqueViolations.as422(DESTINATION_INDEX, "destination_country", TAKEN, write);
    }
}
