package opbx.ringgroups;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
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
import opbx.http.Fields;
import opbx.http.Page;
import opbx.http.PageRequest;
import opbx.http.UniqueViolations;
import opbx.references.Links;
import opbx.references.ReferenceChecker;
import opbx.references.Target;
import opbx.resources.ResourceService;
import org.jooq.DSLContext;

/** Ring groups of the caller's organisation and their members (control-plane spec §3.4). */
public final class RingGroupService implements ResourceService {

    private static final String TAKEN = "The name has already been taken.";

    private final CallFlowGuard callFlows;
    private final DSLContext dsl;
    private final RingGroupRepository groups;
    private final Links links;
    private final ReferenceChecker references;
    private final AuditLog audit;
    private final CacheInvalidator cache;

    public RingGroupService(DSLContext dsl, RingGroupRepository groups, Links links, ReferenceChecker references,
                            AuditLog audit, CacheInvalidator cache, CallFlowGuard callFlows) {
        this.dsl = dsl;
        this.callFlows = callFlows;
        this.groups = groups;
        this.links = links;
        this.references = references;
        this.audit = audit;
        this.cache = cache;
    }

    public Page<Map<String, Object>> list(Caller caller, RingGroupRepository.ListFilter filter, PageRequest page) {
        long org = caller.organizationId();
        List<RingGroup> rows = groups.list(dsl, org, filter, page);
        Map<Long, List<RingGroupMember>> members = groups.members(dsl, org, rows.stream().map(RingGroup::id).toList());
        return Page.of(rows.stream().map(group -> RingGroupJson.of(group, members.getOrDefault(group.id(), List.of()))).toList(),
                groups.count(dsl, org, filter, page), page);
    }

    @Override
    public Map<String, Object> show(Caller caller, long id) {
        return json(dsl, caller.organizationId(), id);
    }

    @Override
    public Map<String, Object> create(Caller caller, ObjectNode body, ClientInfo client) {
        long org = caller.organizationId();
        RingGroupInput input = RingGroupInput.read(body, null);
        long id = uniqueName(() -> dsl.transactionResult(trx -> {
            CallFlowGuard.Before before = callFlows.before(trx.dsl(), org);
            checkLinks(trx.dsl(), org, input, null, Set.of());
            long created = groups.insert(trx.dsl(), org, input.values);
            groups.replaceMembers(trx.dsl(), org, created, input.newMembers());
            callFlows.verify(trx.dsl(), org, fallbackField(input.values, "members"), before);
            Map<String, Object> fields = fields(input.values);
            fields.put("members", memberIds(trx.dsl(), org, created));
            audit.record(trx.dsl(), event(caller, "ring_group.created", created, input.values.name(),
                    Changes.created(fields), client));
            return created;
        }));
        cache.afterCommit(RoutingKeys.ringGroup(org, id));
        return json(dsl, org, id);
    }

    @Override
    public Map<String, Object> update(Caller caller, long id, ObjectNode body, ClientInfo client) {
        long org = caller.organizationId();
        uniqueName(() -> dsl.transactionResult(trx -> {
            // Fallbacks and members are graph edges with foreign keys: the call-flow lock comes before any row lock.
            CallFlowGuard.Before before = callFlows.before(trx.dsl(), org);
            // Serialises concurrent updates of one group (§3.4): the second reads what the first committed.
            if (!groups.lock(trx.dsl(), org, id)) {
                throw notFound();
            }
            RingGroup stored = groups.find(trx.dsl(), org, id).orElseThrow(RingGroupService::notFound);
            List<Long> storedMembers = memberIds(trx.dsl(), org, id);
            RingGroupInput input = RingGroupInput.read(body, stored);
            checkLinks(trx.dsl(), org, input, stored, Set.copyOf(storedMembers));
            groups.update(trx.dsl(), org, id, input.values);
            boolean fallbackChanged = !Objects.equals(stored.fallbackAction(), input.values.fallbackAction())
                    || !Objects.equals(stored.fallbackId(stored.fallbackAction()), fallbackIdOrNull(input.values));
            Changes changes = changes(stored, input.values);
            if (input.members != null) {
                groups.replaceMembers(trx.dsl(), org, id, input.newMembers());
                changes.field("members", storedMembers, memberIds(trx.dsl(), org, id));
            }
            String other = input.members != null ? "members" : "status";
            callFlows.verify(trx.dsl(), org, fallbackChanged ? fallbackField(input.values, other) : other, before);
            if (!changes.isEmpty()) {
                audit.record(trx.dsl(), event(caller, "ring_group.updated", id, stored.name(), changes.toMap(), client));
            }
            return id;
        }));
        cache.afterCommit(RoutingKeys.ringGroup(org, id));
        return json(dsl, org, id);
    }

    @Override
    public void delete(Caller caller, long id, ClientInfo client) {
        long org = caller.organizationId();
        dsl.transaction(trx -> {
            // References have no foreign keys: the call-flow lock keeps a new one from slipping in meanwhile.
            callFlows.lock(trx.dsl(), org);
            if (!groups.lock(trx.dsl(), org, id)) {
                throw notFound();
            }
            RingGroup stored = groups.find(trx.dsl(), org, id).orElseThrow(RingGroupService::notFound);
            references.ensureUnreferenced(trx.dsl(), org, Target.RING_GROUP, id);
            groups.delete(trx.dsl(), org, id);
            audit.record(trx.dsl(), event(caller, "ring_group.deleted", id, stored.name(), Map.of(), client));
        });
        cache.afterCommit(RoutingKeys.ringGroup(org, id), RoutingKeys.ringGroupRotation(org, id));
    }

    /**
     * The rules that need the database, checked in the write's transaction: the unique name, the fallback target and
     * the member extensions under the link rule (§0.5): {@code active} only for links the request sets or changes.
     * Throws the one 422 with every failure, the shape errors of the input included.
     */
    private void checkLinks(DSLContext trx, long org, RingGroupInput input, RingGroup stored, Set<Long> storedMembers) {
        Fields fields = input.fields;
        RingGroupRepository.Values values = input.values;
        Long self = stored == null ? null : stored.id();
        if (values.name() != null && groups.nameTaken(trx, org, values.name(), self)) {
            fields.add("name", TAKEN);
        }
        String action = values.fallbackAction();
        String field = action == null ? null : RingGroupInput.FALLBACK_FIELDS.get(action);
        if (field != null && !fields.failed(field) && !fields.failed("fallback_action")) {
            long target = fallbackId(values);
            boolean changed = stored == null || !action.equals(stored.fallbackAction())
                    || !Objects.equals(stored.fallbackId(action), target);
            boolean valid = switch (action) {
                case "extension" -> links.extension(trx, org, target, changed, List.of());
                case "ring_group" -> !Objects.equals(self, target) && links.ringGroup(trx, org, target, changed);
                case "ivr_menu" -> links.ivrMenu(trx, org, target, changed);
                case "ai_assistant" -> links.extension(trx, org, target, changed, List.of("ai_assistant"));
                default -> true;
            };
            if (!valid) {
                fields.add(field, "The selected " + Fields.label(field) + " is invalid.");
            }
        }
        if (input.members != null) {
            Map<Long, RingGroupRepository.MemberCandidate> candidates = groups.memberCandidates(trx, org,
                    input.members.stream().map(RingGroupInput.Member::extensionId).toList());
            for (RingGroupInput.Member member : input.members) {
                RingGroupRepository.MemberCandidate candidate = candidates.get(member.extensionId());
                boolean valid = candidate != null && "user".equals(candidate.type())
                        && (storedMembers.contains(member.extensionId()) || "active".equals(candidate.status()));
                if (!valid) {
                    fields.add(member.path(), "The selected " + member.path() + " is invalid.");
                }
            }
        }
        fields.throwIfInvalid();
    }

    /** The field a broken call flow is reported on when the fallback is what changed; hangup has no id field. */
    private static String fallbackField(RingGroupRepository.Values values, String otherwise) {
        return "hangup".equals(values.fallbackAction()) ? otherwise : "fallback_" + values.fallbackAction() + "_id";
    }

    private static Long fallbackIdOrNull(RingGroupRepository.Values values) {
        return "hangup".equals(values.fallbackAction()) ? null : fallbackId(values);
    }

    private static long fallbackId(RingGroupRepository.Values values) {
        return switch (values.fallbackAction()) {
            case "extension" -> values.fallbackExtensionId();
            case "ring_group" -> values.fallbackRingGroupId();
            case "ivr_menu" -> values.fallbackIvrMenuId();
            default -> values.fallbackAiAssistantId();
        };
    }

    private Map<String, Object> json(DSLContext dsl, long org, long id) {
        RingGroup group = groups.find(dsl, org, id).orElseThrow(RingGroupService::notFound);
        return RingGroupJson.of(group, groups.members(dsl, org, List.of(id)).getOrDefault(id, List.of()));
    }

    /** The member extension ids in ring order (priority, then id), as the audit log lists them (§5). */
    private List<Long> memberIds(DSLContext trx, long org, long id) {
        return groups.members(trx, org, List.of(id)).getOrDefault(id, List.of()).stream()
                .map(RingGroupMember::extensionId)
                .toList();
    }

    private static Changes changes(RingGroup stored, RingGroupRepository.Values values) {
        return new Changes()
                .field("name", stored.name(), values.name())
                .field("description", stored.description(), values.description())
                .field("strategy", stored.strategy(), values.strategy())
                .field("timeout", stored.timeout(), values.timeout())
                .field("ring_turns", stored.ringTurns(), values.ringTurns())
                .field("fallback_action", stored.fallbackAction(), values.fallbackAction())
                .field("fallback_extension_id", stored.fallbackExtensionId(), values.fallbackExtensionId())
                .field("fallback_ring_group_id", stored.fallbackRingGroupId(), values.fallbackRingGroupId())
                .field("fallback_ivr_menu_id", stored.fallbackIvrMenuId(), values.fallbackIvrMenuId())
                .field("fallback_ai_assistant_id", stored.fallbackAiAssistantId(), values.fallbackAiAssistantId())
                .field("status", stored.status(), values.status());
    }

    private static Map<String, Object> fields(RingGroupRepository.Values values) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("name", values.name());
        fields.put("description", values.description());
        fields.put("strategy", values.strategy());
        fields.put("timeout", values.timeout());
        fields.put("ring_turns", values.ringTurns());
        fields.put("fallback_action", values.fallbackAction());
        fields.put("fallback_extension_id", values.fallbackExtensionId());
        fields.put("fallback_ring_group_id", values.fallbackRingGroupId());
        fields.put("fallback_ivr_menu_id", values.fallbackIvrMenuId());
        fields.put("fallback_ai_assistant_id", values.fallbackAiAssistantId());
        fields.put("status", values.status());
        return fields;
    }

    private static AuditEvent event(Caller caller, String action, long id, String label, Map<String, Object> changes,
                                    ClientInfo client) {
        return new AuditEvent(caller.organizationId(), AuditEvent.Actor.of(caller), action, "ring_group",
                String.valueOf(id), label, changes, client);
    }

    private static ApiException notFound() {
        return ApiException.notFound("Ring group");
    }

    /** A concurrent write that took the name between our check and the commit is the same 422 (§3.4). */
    private static <T> T uniqueName(Supplier<T> write) {
        return UniqueViolations.as422("ring_groups_name_unique", "name", TAKEN, write);
    }
}
