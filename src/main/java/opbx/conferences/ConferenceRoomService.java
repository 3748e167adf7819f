package opbx.conferences;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
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
import opbx.references.ReferenceChecker;
import opbx.references.Target;
import opbx.resources.ResourceService;
import org.jooq.DSLContext;

/**
 * Conference rooms of the caller's organisation (control-plane spec §3.3). Every write is audited in its transaction
 * (§5) and, rooms being routing-relevant, deletes the room's routing cache key after commit (§0.5).
 */
public final class ConferenceRoomService implements ResourceService {

    static final String RESOURCE = "Conference room";
    private static final String TAKEN = "The name has already been taken.";
    private static final String NAME_INDEX = "conference_rooms_name_unique";

    private final CallFlowGuard callFlows;
    private final DSLContext dsl;
    private final ConferenceRoomRepository rooms;
    private final AuditLog audit;
    private final CacheInvalidator cache;
    private final ReferenceChecker references;

    public ConferenceRoomService(DSLContext dsl, ConferenceRoomRepository rooms, AuditLog audit, CacheInvalidator cache,
                                 ReferenceChecker references, CallFlowGuard callFlows) {
        this.dsl = dsl;
        this.callFlows = callFlows;
        this.rooms = rooms;
        this.audit = audit;
        this.cache = cache;
        this.references = references;
    }

    public Page<Map<String, Object>> list(Caller caller, ConferenceRoomRepository.ListFilter filter, PageRequest page) {
        List<Map<String, Object>> data = rooms.list(dsl, caller.organizationId(), filter, page).stream()
                .map(room -> ConferenceRoomJson.of(room, mayReadPins(caller)))
                .toList();
        return Page.of(data, rooms.count(dsl, caller.organizationId(), filter, page), page);
    }

    @Override
    public Map<String, Object> show(Caller caller, long id) {
        return ConferenceRoomJson.of(rooms.find(dsl, caller.organizationId(), id)
                .orElseThrow(ConferenceRoomService::notFound), mayReadPins(caller));
    }

    @Override
    public Map<String, Object> create(Caller caller, ObjectNode body, ClientInfo client) {
        long org = caller.organizationId();
        ConferenceRoomInput input = ConferenceRoomInput.read(body, null);
        ConferenceRoom room = uniqueName(() -> dsl.transactionResult(trx -> {
            checkName(trx.dsl(), org, input, null);
            input.fields.throwIfInvalid();
            long id = rooms.insert(trx.dsl(), org, input.values);
            audit.record(trx.dsl(), event(caller, "conference_room.created", id, input.values.name(),
                    Changes.created(ConferenceRoomJson.fields(input.values)), client));
            return rooms.find(trx.dsl(), org, id).orElseThrow();
        }));
        cache.afterCommit(RoutingKeys.conferenceRoom(org, room.id()));
        return ConferenceRoomJson.of(room, mayReadPins(caller));
    }

    /** PUT and PATCH alike: a partial update over the stored row, read and locked in the write's transaction. */
    @Override
    public Map<String, Object> update(Caller caller, long id, ObjectNode body, ClientInfo client) {
        long org = caller.organizationId();
        ConferenceRoom room = uniqueName(() -> dsl.transactionResult(trx -> {
            // Closing a room a DID leads to breaks that call flow: the call-flow lock comes before the row lock.
            CallFlowGuard.Before before = callFlows.before(trx.dsl(), org);
            ConferenceRoom stored = rooms.findForUpdate(trx.dsl(), org, id)
                    .orElseThrow(ConferenceRoomService::notFound);
            ConferenceRoomInput input = ConferenceRoomInput.read(body, stored.values());
            if (input.values.name() != null && !input.values.name().equalsIgnoreCase(stored.values().name())) {
                checkName(trx.dsl(), org, input, id);
            }
            input.fields.throwIfInvalid();
            rooms.update(trx.dsl(), org, id, input.values);
            if (!java.util.Objects.equals(stored.values().status(), input.values.status())) {
                callFlows.verify(trx.dsl(), org, "status", before);
            }
            Changes changes = changes(stored.values(), input.values);
            if (!changes.isEmpty()) {
                audit.record(trx.dsl(), event(caller, "conference_room.updated", id, stored.values().name(),
                        changes.toMap(), client));
            }
            return rooms.find(trx.dsl(), org, id).orElseThrow();
        }));
        cache.afterCommit(RoutingKeys.conferenceRoom(org, id));
        return ConferenceRoomJson.of(room, mayReadPins(caller));
    }

    /** Hard delete after the reference check of §3.15, run with the room's row locked. */
    @Override
    public void delete(Caller caller, long id, ClientInfo client) {
        long org = caller.organizationId();
        dsl.transaction(trx -> {
            // References have no foreign keys: the call-flow lock keeps a new one from slipping in meanwhile.
            callFlows.lock(trx.dsl(), org);
            ConferenceRoom stored = rooms.findForUpdate(trx.dsl(), org, id)
                    .orElseThrow(ConferenceRoomService::notFound);
            references.ensureUnreferenced(trx.dsl(), org, Target.CONFERENCE_ROOM, id);
            rooms.delete(trx.dsl(), org, id);
            audit.record(trx.dsl(), event(caller, "conference_room.deleted", id, stored.values().name(),
                    Map.of(), client));
        });
        cache.afterCommit(RoutingKeys.conferenceRoom(org, id));
    }

    /** PINs are shown to those who manage rooms; pbx_user and reporter see that a PIN is required, not the PIN. */
    private static boolean mayReadPins(Caller caller) {
        return caller.role() == Role.OWNER || caller.role() == Role.PBX_ADMIN;
    }

    private void checkName(DSLContext trx, long org, ConferenceRoomInput input, Long exceptId) {
        if (input.values.name() != null && rooms.nameTaken(trx, org, input.values.name(), exceptId)) {
            input.fields.add("name", TAKEN);
        }
    }

    /** Only the fields that changed; {@code pin} and {@code host_pin} as {@code {"changed":true}} (§5). */
    static Changes changes(ConferenceRoomRepository.Values stored, ConferenceRoomRepository.Values updated) {
        Changes changes = new Changes();
        Map<String, Object> after = ConferenceRoomJson.fields(updated);
        ConferenceRoomJson.fields(stored).forEach((field, before) -> changes.field(field, before, after.get(field)));
        return changes;
    }

    private static AuditEvent event(Caller caller, String action, long id, String label, Map<String, Object> changes,
                                    ClientInfo client) {
        return new AuditEvent(caller.organizationId(), AuditEvent.Actor.of(caller), action, "conference_room",
                String.valueOf(id), label, changes, client);
    }

    static ApiException notFound() {
        return ApiException.notFound(RESOURCE);
    }

    /** A concurrent write that took the name between our check and the commit is the same 422. */
    private static <T> T uniqueName(Supplier<T> write) {
        return UniqueViolations.as422(NAME_INDEX, "name", TAKEN, write);
    }
}
