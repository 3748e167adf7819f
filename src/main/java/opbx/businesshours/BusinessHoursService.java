package opbx.businesshours;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import opbx.http.UniqueViolations;
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
import opbx.http.ValidationException;
import opbx.references.Links;
import opbx.references.ReferenceChecker;
import opbx.references.Target;
import opbx.resources.ResourceService;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;

/**
 * Business-hours schedules of the caller's organisation (control-plane spec §3.8): every write runs in one
 * transaction with its days, exceptions, link checks, call-flow check and audit row; the routing cache entry of the
 * schedule is deleted after commit (execution-plane spec §10.2).
 */
public final class BusinessHoursService implements ResourceService {

    private static final String TAKEN = "The name has already been taken.";
    private static final String NAME_INDEX = "business_hours_schedules_name_unique";
    private static final int DUPLICATE_ATTEMPTS = 3;

    private final DSLContext dsl;
    private final BusinessHoursRepository schedules;
    private final Links links;
    private final ReferenceChecker references;
    private final CallFlowGuard callFlows;
    private final AuditLog audit;
    private final CacheInvalidator cache;
    private final Clock clock;

    public BusinessHoursService(DSLContext dsl, BusinessHoursRepository schedules, Links links,
                                ReferenceChecker references, CallFlowGuard callFlows, AuditLog audit,
                                CacheInvalidator cache, Clock clock) {
        this.dsl = dsl;
        this.schedules = schedules;
        this.links = links;
        this.references = references;
        this.callFlows = callFlows;
        this.audit = audit;
        this.cache = cache;
        this.clock = clock;
    }

    public Page<Map<String, Object>> list(Caller caller, BusinessHoursRepository.ListFilter filter, PageRequest page) {
        long org = caller.organizationId();
        Instant now = clock.instant();
        return Page.of(schedules.list(dsl, org, filter, page).stream().map(schedule -> BusinessHoursJson.of(schedule, now)).toList(),
                schedules.count(dsl, org, filter, page), page);
    }

    @Override
    public Map<String, Object> show(Caller caller, long id) {
        return json(caller.organizationId(), id);
    }

    /** "open", "closed", or null when the organisation has no such (non-deleted) schedule. */
    public String currentStatus(DSLContext dsl, long organizationId, long scheduleId, Instant now) {
        return schedules.currentStatus(dsl, organizationId, scheduleId, now);
    }

    @Override
    public Map<String, Object> create(Caller caller, ObjectNode body, ClientInfo client) {
        long org = caller.organizationId();
        BusinessHoursInput input = BusinessHoursInput.read(body, null);
        long id = uniqueName(() -> dsl.transactionResult(trx -> {
            CallFlowGuard.Before before = callFlows.before(trx.dsl(), org);
            check(trx.dsl(), org, input, null);
            long created = schedules.insert(trx.dsl(), org, input.values);
            schedules.replaceDays(trx.dsl(), org, created, input.week);
            schedules.replaceExceptions(trx.dsl(), org, created, input.exceptions);
            callFlows.verify(trx.dsl(), org, BusinessHoursInput.OPEN, before);
            BusinessHours saved = schedules.find(trx.dsl(), org, created).orElseThrow();
            audit.record(trx.dsl(), event(caller, "business_hours.created", created, saved.name(),
                    Changes.created(BusinessHoursAudit.fields(saved)), client));
            return created;
        }), () -> ValidationException.of("name", TAKEN));
        cache.afterCommit(RoutingKeys.businessHours(org, id));
        return json(org, id);
    }

    @Override
    public Map<String, Object> update(Caller caller, long id, ObjectNode body, ClientInfo client) {
        long org = caller.organizationId();
        uniqueName(() -> dsl.transactionResult(trx -> {
            CallFlowGuard.Before before = callFlows.before(trx.dsl(), org);
            // Serialises concurrent updates of one schedule: the second reads what the first committed.
            if (!schedules.lock(trx.dsl(), org, id, false)) {
                throw notFound();
            }
            BusinessHours stored = schedules.find(trx.dsl(), org, id).orElseThrow(BusinessHoursService::notFound);
            BusinessHoursInput input = BusinessHoursInput.read(body, stored);
            check(trx.dsl(), org, input, stored);
            schedules.update(trx.dsl(), org, id, input.values);
            if (input.week != null) {
                schedules.replaceDays(trx.dsl(), org, id, input.week);
            }
            if (input.exceptions != null) {
                schedules.replaceExceptions(trx.dsl(), org, id, input.exceptions);
            }
            boolean openChanged = !stored.openAction().equals(input.values.openAction());
            boolean closedChanged = !stored.closedAction().equals(input.values.closedAction());
            // An inactive schedule routes as always open: activating one makes its closed action reachable.
            callFlows.verify(trx.dsl(), org, openChanged ? BusinessHoursInput.OPEN
                    : closedChanged ? BusinessHoursInput.CLOSED : "status", before);
            BusinessHours saved = schedules.find(trx.dsl(), org, id).orElseThrow();
            Changes changes = BusinessHoursAudit.changes(stored, saved);
            if (!changes.isEmpty()) {
                audit.record(trx.dsl(), event(caller, "business_hours.updated", id, stored.name(), changes.toMap(), client));
            }
            return id;
        }), () -> ValidationException.of("name", TAKEN));
        cache.afterCommit(RoutingKeys.businessHours(org, id));
        return json(org, id);
    }

    /** Reference check (DIDs), then a soft delete: the children stay and the name becomes reusable (§3.8, §3.15). */
    @Override
    public void delete(Caller caller, long id, ClientInfo client) {
        long org = caller.organizationId();
        dsl.transaction(trx -> {
            callFlows.lock(trx.dsl(), org);
            if (!schedules.lock(trx.dsl(), org, id, false)) {
                throw notFound();
            }
            BusinessHours stored = schedules.find(trx.dsl(), org, id).orElseThrow(BusinessHoursService::notFound);
            references.ensureUnreferenced(trx.dsl(), org, Target.BUSINESS_HOURS, id);
            schedules.setDeleted(trx.dsl(), org, id, true);
            audit.record(trx.dsl(), event(caller, "business_hours.deleted", id, stored.name(), Map.of(), client));
        });
        cache.afterCommit(RoutingKeys.businessHours(org, id));
    }

    /** 409 when the name was reused meanwhile; the link rule is re-applied to the schedule's own actions (§3.15). */
    public Map<String, Object> restore(Caller caller, long id, ClientInfo client) {
        long org = caller.organizationId();
        uniqueName(() -> dsl.transactionResult(trx -> {
            CallFlowGuard.Before before = callFlows.before(trx.dsl(), org);
            if (!schedules.lock(trx.dsl(), org, id, true)) {
                throw notFound();
            }
            BusinessHours stored = schedules.findDeleted(trx.dsl(), org, id).orElseThrow(BusinessHoursService::notFound);
            if (schedules.nameTaken(trx.dsl(), org, stored.name(), id)) {
                throw nameReused();
            }
            Fields fields = new Fields(JsonNodeFactory.instance.objectNode());
            checkAction(trx.dsl(), org, fields, BusinessHoursInput.OPEN, stored.openAction(), true);
            checkAction(trx.dsl(), org, fields, BusinessHoursInput.CLOSED, stored.closedAction(), true);
            fields.throwIfInvalid();
            schedules.setDeleted(trx.dsl(), org, id, false);
            callFlows.verify(trx.dsl(), org, BusinessHoursInput.OPEN, before);
            audit.record(trx.dsl(), event(caller, "business_hours.restored", id, stored.name(), Map.of(), client));
            return id;
        }), BusinessHoursService::nameReused);
        cache.afterCommit(RoutingKeys.businessHours(org, id));
        return json(org, id);
    }

    /** A copy of everything under the first free name of "X (Copy)", "X (Copy 2)", "X (Copy 3)"... (§3.8). */
    public Map<String, Object> duplicate(Caller caller, long id, ClientInfo client) {
        long org = caller.organizationId();
        for (int attempt = 1; ; attempt++) {
            try {
                long copy = dsl.transactionResult(trx -> duplicate(trx.dsl(), caller, id, client));
                cache.afterCommit(RoutingKeys.businessHours(org, copy));
                return json(org, copy);
            } catch (DataAccessException e) {
                // A concurrent write took the chosen name: choose again.
                if (!nameClash(e) || attempt >= DUPLICATE_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private long duplicate(DSLContext trx, Caller caller, long id, ClientInfo client) {
        long org = caller.organizationId();
        CallFlowGuard.Before before = callFlows.before(trx, org);
        if (!schedules.lock(trx, org, id, false)) {
            throw notFound();
        }
        BusinessHours source = schedules.find(trx, org, id).orElseThrow(BusinessHoursService::notFound);
        // The copy keeps the source's links: they exist (deletes of targets are reference-checked), and, being
        // unchanged links, are not re-checked for active (§0.5).
        Fields fields = new Fields(JsonNodeFactory.instance.objectNode());
        checkAction(trx, org, fields, BusinessHoursInput.OPEN, source.openAction(), false);
        checkAction(trx, org, fields, BusinessHoursInput.CLOSED, source.closedAction(), false);
        fields.throwIfInvalid();
        String name = copyName(trx, org, source.name());
        long created = schedules.insert(trx, org, new BusinessHoursRepository.Values(name, source.status(),
                source.timezone(), source.openAction(), source.closedAction()));
        schedules.replaceDays(trx, org, created, week(source));
        schedules.replaceExceptions(trx, org, created, exceptions(source));
        callFlows.verify(trx, org, BusinessHoursInput.OPEN, before);
        BusinessHours saved = schedules.find(trx, org, created).orElseThrow();
        Map<String, Object> changes = new LinkedHashMap<>();
        changes.put("source_id", String.valueOf(id));
        changes.putAll(Changes.created(BusinessHoursAudit.fields(saved)));
        audit.record(trx, event(caller, "business_hours.duplicated", created, name, changes, client));
        return created;
    }

    private String copyName(DSLContext trx, long org, String name) {
        Set<String> taken = schedules.namesStartingWith(trx, org, name + " (Copy");
        String candidate = name + " (Copy)";
        for (int n = 2; taken.contains(candidate.toLowerCase(Locale.ROOT)); n++) {
            candidate = name + " (Copy " + n + ")";
        }
        return candidate;
    }

    /**
     * The rules that need the database, in the write's transaction: the unique name and the action targets under the
     * link rule (§0.5: {@code active} only for a link the request sets or changes). Throws the one 422 with every
     * failure, the shape errors of the input included.
     */
    private void check(DSLContext trx, long org, BusinessHoursInput input, BusinessHours stored) {
        Fields fields = input.fields;
        BusinessHoursRepository.Values values = input.values;
        if (values.name() != null && !fields.failed("name")
                && schedules.nameTaken(trx, org, values.name(), stored == null ? null : stored.id())) {
            fields.add("name", TAKEN);
        }
        checkAction(trx, org, fields, BusinessHoursInput.OPEN, values.openAction(),
                stored == null || !stored.openAction().equals(values.openAction()));
        checkAction(trx, org, fields, BusinessHoursInput.CLOSED, values.closedAction(),
                stored == null || !stored.closedAction().equals(values.closedAction()));
        fields.throwIfInvalid();
    }

    /** A target in the organisation, not deleted, and active when {@code requireActive}; else 422 on its id. */
    private void checkAction(DSLContext trx, long org, Fields fields, String field, BusinessHours.Action action,
                             boolean requireActive) {
        if (action == null) {
            return;
        }
        long target = action.targetRowId();
        boolean valid = switch (action.type()) {
            case "extension" -> links.extension(trx, org, target, requireActive, List.of());
            case "ring_group" -> links.ringGroup(trx, org, target, requireActive);
            case "conference_room" -> links.conferenceRoom(trx, org, target, requireActive);
            default -> links.ivrMenu(trx, org, target, requireActive);
        };
        if (!valid) {
            String path = field + ".target_id";
            fields.add(path, "The selected " + Fields.label(path) + " is invalid.");
        }
    }

    private static Map<DayOfWeek, ScheduleData.Day> week(BusinessHours schedule) {
        Map<DayOfWeek, ScheduleData.Day> week = new EnumMap<>(DayOfWeek.class);
        schedule.toScheduleData().week().forEach(week::put);
        return week;
    }

    private static List<BusinessHoursRepository.NewException> exceptions(BusinessHours schedule) {
        List<BusinessHoursRepository.NewException> exceptions = new ArrayList<>();
        for (BusinessHours.DateException exception : schedule.exceptions()) {
            exceptions.add(new BusinessHoursRepository.NewException(exception.date(), exception.name(), exception.type(),
                    exception.recurrence(), exception.ranges().stream()
                            .map(range -> new ScheduleData.TimeRange(range.start(), range.end()))
                            .toList()));
        }
        return exceptions;
    }

    private Map<String, Object> json(long org, long id) {
        BusinessHours schedule = schedules.find(dsl, org, id).orElseThrow(BusinessHoursService::notFound);
        return BusinessHoursJson.of(schedule, clock.instant());
    }

    private static AuditEvent event(Caller caller, String action, long id, String label, Map<String, Object> changes,
                                    ClientInfo client) {
        return new AuditEvent(caller.organizationId(), AuditEvent.Actor.of(caller), action, "business_hours",
                String.valueOf(id), label, changes, client);
    }

    private static ApiException notFound() {
        return ApiException.notFound("Business hours schedule");
    }

    private static ApiException nameReused() {
        return new ApiException(409, "CONFLICT", "The name is now used by another business hours schedule.");
    }

    private static boolean nameClash(DataAccessException e) {
        return UniqueViolations.of(e, NAME_INDEX);
    }

    /** A concurrent write that took the name between our check and the commit answers like the check would have. */
    private static <T> T uniqueName(Supplier<T> write, Supplier<ApiException> clash) {
        try {
            return write.get();
        } catch (DataAccessException e) {
            if (nameClash(e)) {
                throw clash.get();
            }
            throw e;
        }
    }
}
