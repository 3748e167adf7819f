package opbx.phonenumbers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
import opbx.references.Links;
import opbx.resources.ResourceService;
import org.jooq.DSLContext;

/** Phone numbers (DIDs) of the caller's organisation (control-plane spec §3.9); every write is routing-relevant. */
public final class PhoneNumberService implements ResourceService {

    private static final String TAKEN = "The phone number has already been taken.";

    private final CallFlowGuard callFlows;
    private final DSLContext dsl;
    private final PhoneNumberRepository numbers;
    private final PhoneNumberValidator validator;
    private final Map<RoutingType, TargetLoader> targets;
    private final AuditLog audit;
    private final CacheInvalidator cache;

    public PhoneNumberService(DSLContext dsl, PhoneNumberRepository numbers, Links links, Map<RoutingType, TargetLoader> targets,
                              AuditLog audit, CacheInvalidator cache, CallFlowGuard callFlows) {
        this.dsl = dsl;
        this.callFlows = callFlows;
        this.numbers = numbers;
        this.validator = new PhoneNumberValidator(numbers, links);
        this.targets = new EnumMap<>(targets);
        this.audit = audit;
        this.cache = cache;
        for (RoutingType type : RoutingType.values()) {
            if (!this.targets.containsKey(type)) {
                throw new IllegalArgumentException("no target loader for routing type " + type.wire());
            }
        }
    }

    public Page<Map<String, Object>> list(Caller caller, PhoneNumberRepository.ListFilter filter, PageRequest page) {
        List<PhoneNumber> rows = numbers.list(dsl, caller.organizationId(), filter, page);
        return Page.of(render(caller.organizationId(), rows), numbers.count(dsl, caller.organizationId(), filter, page), page);
    }

    @Override
    public Map<String, Object> show(Caller caller, long id) {
        return render(caller.organizationId(), List.of(find(caller, id))).get(0);
    }

    private PhoneNumber find(Caller caller, long id) {
        return numbers.find(dsl, caller.organizationId(), id).orElseThrow(() -> ApiException.notFound("Phone number"));
    }

    @Override
    public Map<String, Object> create(Caller caller, ObjectNode body, ClientInfo client) {
        long org = caller.organizationId();
        PhoneNumber created = unique(() -> dsl.transactionResult(trx -> {
            // Checked under the call-flow lock, so a concurrent delete of the target cannot slip in between.
            CallFlowGuard.Before before = callFlows.before(trx.dsl(), org);
            PhoneNumberValidator.Result input = validator.read(trx.dsl(), org, body, null);
            input.fields().throwIfInvalid();
            long id = numbers.insert(trx.dsl(), org, input.values());
            callFlows.verify(trx.dsl(), org, routingField(input.values()), before);
            audit.record(trx.dsl(), event(caller, "phone_number.created", id, input.values().phoneNumber(),
                    Changes.created(PhoneNumberJson.fields(input.values())), client));
            return numbers.find(trx.dsl(), org, id).orElseThrow();
        }));
        cache.afterCommit(RoutingKeys.did(org, created.phoneNumber()));
        return show(caller, created.id());
    }

    @Override
    public Map<String, Object> update(Caller caller, long id, ObjectNode body, ClientInfo client) {
        long org = caller.organizationId();
        PhoneNumber stored = find(caller, id);
        dsl.transaction(trx -> {
            CallFlowGuard.Before before = callFlows.before(trx.dsl(), org);
            numbers.lock(trx.dsl(), org, id);
            PhoneNumberValidator.Result input = validator.read(trx.dsl(), org, body, stored);
            input.fields().throwIfInvalid();
            PhoneNumberRepository.Values values = input.values();
            numbers.update(trx.dsl(), org, id, values);
            boolean routingChanged = !values.routingType().equals(stored.routingType())
                    || !java.util.Objects.equals(values.routingConfig(), stored.routingConfig());
            callFlows.verify(trx.dsl(), org, routingChanged ? routingField(values) : "status", before);
            Changes changes = new Changes()
                    .field("friendly_name", stored.friendlyName(), values.friendlyName())
                    .field("routing_type", stored.routingType(), values.routingType())
                    .field("routing_config", stored.routingConfig(), values.routingConfig())
                    .field("status", stored.status(), values.status());
            if (!changes.isEmpty()) {
                audit.record(trx.dsl(), event(caller, "phone_number.updated", id, stored.phoneNumber(), changes.toMap(), client));
            }
        });
        cache.afterCommit(RoutingKeys.did(org, stored.phoneNumber()));
        return show(caller, id);
    }

    /** The field a broken call flow is reported on: the routing key of the number's type. */
    private static String routingField(PhoneNumberRepository.Values values) {
        return RoutingType.parse(values.routingType()).map(type -> "routing_config." + type.configKey())
                .orElse("routing_type");
    }

    /** Nothing references a DID; call logs keep a null {@code did_id}. */
    @Override
    public void delete(Caller caller, long id, ClientInfo client) {
        long org = caller.organizationId();
        PhoneNumber stored = find(caller, id);
        dsl.transaction(trx -> {
            numbers.delete(trx.dsl(), org, id);
            audit.record(trx.dsl(), event(caller, "phone_number.deleted", id, stored.phoneNumber(), Map.of(), client));
        });
        cache.afterCommit(RoutingKeys.did(org, stored.phoneNumber()));
    }

    /** Each number with its embedded target; one query per routing type on the page. */
    private List<Map<String, Object>> render(long org, List<PhoneNumber> rows) {
        Map<RoutingType, List<Long>> idsByType = new EnumMap<>(RoutingType.class);
        for (PhoneNumber row : rows) {
            RoutingType.parse(row.routingType()).ifPresent(type -> {
                if (row.targetId() != null) {
                    idsByType.computeIfAbsent(type, key -> new ArrayList<>()).add(row.targetId());
                }
            });
        }
        Map<RoutingType, Map<Long, Map<String, Object>>> loaded = new HashMap<>();
        idsByType.forEach((type, ids) -> loaded.put(type, targets.get(type).load(dsl, org, ids)));
        List<Map<String, Object>> rendered = new ArrayList<>();
        for (PhoneNumber row : rows) {
            Map<String, Object> target = RoutingType.parse(row.routingType())
                    .map(type -> loaded.getOrDefault(type, Map.of()).get(row.targetId()))
                    .orElse(null);
            rendered.add(PhoneNumberJson.of(row, target));
        }
        return rendered;
    }

    private static AuditEvent event(Caller caller, String action, long id, String label, Map<String, Object> changes,
                                    ClientInfo client) {
        return new AuditEvent(caller.organizationId(), AuditEvent.Actor.of(caller), action, "phone_number",
                String.valueOf(id), label, changes, client);
    }

    /** Two organisations adding one number at once: the loser gets the same 422, never a 500. */
    private static <T> T unique(java.util.function.Supplier<T> write) {
        return UniqueViolations.as422("did_numbers_phone_number_key", "phone_number", TAKEN, write);
    }
}
