package opbx.ivr;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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

/** IVR menus of the caller's organisation and their options (control-plane spec §3.5). */
public final class IvrMenuService implements ResourceService {

    private static final String TAKEN = "The name has already been taken.";
    private static final String FAILOVER_ID = "failover_destination_id";

    private final DSLContext dsl;
    private final IvrMenuRepository menus;
    private final Links links;
    private final ReferenceChecker references;
    private final CallFlowGuard callFlows;
    private final AuditLog audit;
    private final CacheInvalidator cache;

    public IvrMenuService(DSLContext dsl, IvrMenuRepository menus, Links links, ReferenceChecker references,
                          CallFlowGuard callFlows, AuditLog audit, CacheInvalidator cache) {
        this.dsl = dsl;
        this.menus = menus;
        this.links = links;
        this.references = references;
        this.callFlows = callFlows;
        this.audit = audit;
        this.cache = cache;
    }

    public Page<Map<String, Object>> list(Caller caller, IvrMenuRepository.ListFilter filter, PageRequest page) {
        long org = caller.organizationId();
        List<IvrMenu> rows = menus.list(dsl, org, filter, page);
        Map<Long, List<IvrMenuOption>> options = menus.options(dsl, org, rows.stream().map(IvrMenu::id).toList());
        return Page.of(rows.stream().map(menu -> IvrMenuJson.of(menu, options.getOrDefault(menu.id(), List.of()))).toList(),
                menus.count(dsl, org, filter, page), page);
    }

    @Override
    public Map<String, Object> show(Caller caller, long id) {
        return json(dsl, caller.organizationId(), id);
    }

    @Override
    public Map<String, Object> create(Caller caller, ObjectNode body, ClientInfo client) {
        long org = caller.organizationId();
        IvrMenuInput input = IvrMenuInput.read(body, null);
        long id = uniqueName(() -> dsl.transactionResult(trx -> {
            CallFlowGuard.Before before = callFlows.before(trx.dsl(), org);
            List<IvrMenuRepository.NewOption> options = checkLinks(trx.dsl(), org, input, null, List.of());
            long created = menus.insert(trx.dsl(), org, input.values);
            menus.replaceOptions(trx.dsl(), org, created, options);
            callFlows.verify(trx.dsl(), org, "hangup".equals(input.values.failoverDestinationType()) ? "options" : FAILOVER_ID,
                    before);
            Map<String, Object> fields = fields(input.values);
            fields.put("options", digits(options));
            audit.record(trx.dsl(), event(caller, "ivr_menu.created", created, input.values.name(),
                    Changes.created(fields), client));
            return created;
        }));
        cache.afterCommit(RoutingKeys.ivrMenu(org, id));
        return json(dsl, org, id);
    }

    @Override
    public Map<String, Object> update(Caller caller, long id, ObjectNode body, ClientInfo client) {
        long org = caller.organizationId();
        uniqueName(() -> dsl.transactionResult(trx -> {
            // A failover is a call-flow edge: the call-flow lock comes before any row lock (see CallFlowGuard#lock).
            CallFlowGuard.Before before = callFlows.before(trx.dsl(), org);
            // Serialises concurrent updates of one menu: the second reads what the first committed.
            if (!menus.lock(trx.dsl(), org, id)) {
                throw notFound();
            }
            IvrMenu stored = menus.find(trx.dsl(), org, id).orElseThrow(IvrMenuService::notFound);
            List<IvrMenuOption> storedOptions = menus.options(trx.dsl(), org, List.of(id)).getOrDefault(id, List.of());
            IvrMenuInput input = IvrMenuInput.read(body, stored);
            List<IvrMenuRepository.NewOption> options = checkLinks(trx.dsl(), org, input, stored, storedOptions);
            menus.update(trx.dsl(), org, id, input.values);
            Changes changes = changes(stored, input.values);
            if (options != null) {
                menus.replaceOptions(trx.dsl(), org, id, options);
                changes.field("options", storedOptions.stream().map(IvrMenuOption::inputDigits).toList(), digits(options));
            }
            String other = options != null ? "options" : "status";
            callFlows.verify(trx.dsl(), org, failoverChanged(stored, input.values)
                    && !"hangup".equals(input.values.failoverDestinationType()) ? FAILOVER_ID : other, before);
            if (!changes.isEmpty()) {
                audit.record(trx.dsl(), event(caller, "ivr_menu.updated", id, stored.name(), changes.toMap(), client));
            }
            return id;
        }));
        cache.afterCommit(RoutingKeys.ivrMenu(org, id));
        return json(dsl, org, id);
    }

    @Override
    public void delete(Caller caller, long id, ClientInfo client) {
        long org = caller.organizationId();
        dsl.transaction(trx -> {
            // Option destinations have no foreign key, so the row lock alone would not stop another menu from adding
            // an option to this one meanwhile; menu writes hold the call-flow lock, so taking it first serialises them.
            callFlows.lock(trx.dsl(), org);
            if (!menus.lock(trx.dsl(), org, id)) {
                throw notFound();
            }
            IvrMenu stored = menus.find(trx.dsl(), org, id).orElseThrow(IvrMenuService::notFound);
            references.ensureUnreferenced(trx.dsl(), org, Target.IVR_MENU, id);
            menus.delete(trx.dsl(), org, id);
            audit.record(trx.dsl(), event(caller, "ivr_menu.deleted", id, stored.name(), Map.of(), client));
        });
        cache.afterCommit(RoutingKeys.ivrMenu(org, id));
    }

    /**
     * The rules that need the database, checked in the write's transaction: the unique name, the failover target and
     * the option destinations under the link rule (§0.5): {@code active} only for links the request sets or changes.
     * Throws the one 422 with every failure, the shape errors of the input included.
     *
     * @return the options to write, extension destinations resolved to their ids; null when the request leaves the
     *         options unchanged
     */
    private List<IvrMenuRepository.NewOption> checkLinks(DSLContext trx, long org, IvrMenuInput input, IvrMenu stored,
                                                         List<IvrMenuOption> storedOptions) {
        Fields fields = input.fields;
        IvrMenuRepository.Values values = input.values;
        Long self = stored == null ? null : stored.id();
        if (values.name() != null && menus.nameTaken(trx, org, values.name(), self)) {
            fields.add("name", TAKEN);
        }
        String type = values.failoverDestinationType();
        Long target = values.failoverDestinationId();
        if (type != null && target != null && !fields.failed(FAILOVER_ID)) {
            boolean changed = stored == null || failoverChanged(stored, values);
            boolean valid = switch (type) {
                case "extension" -> links.extension(trx, org, target, changed, List.of());
                case "ring_group" -> links.ringGroup(trx, org, target, changed);
                case "conference_room" -> links.conferenceRoom(trx, org, target, changed);
                case "ivr_menu" -> !Objects.equals(self, target) && links.ivrMenu(trx, org, target, changed);
                default -> true;
            };
            if (!valid) {
                fields.add(FAILOVER_ID, "The selected failover destination id is invalid.");
            }
        }
        List<IvrMenuRepository.NewOption> options = input.options == null ? null : options(trx, org, input, self, storedOptions);
        fields.throwIfInvalid();
        return options;
    }

    /**
     * Resolves and checks every option destination, the first one included. An option whose digits and destination
     * are the same as stored leaves its link unchanged, so an inactive target is accepted there (§0.5).
     */
    private List<IvrMenuRepository.NewOption> options(DSLContext trx, long org, IvrMenuInput input, Long self,
                                                      List<IvrMenuOption> storedOptions) {
        Fields fields = input.fields;
        Map<String, IvrMenuOption> stored = new HashMap<>();
        storedOptions.forEach(option -> stored.put(option.inputDigits(), option));
        List<IvrMenuInput.Option> extensionOptions = input.options.stream()
                .filter(option -> "extension".equals(option.destinationType()))
                .toList();
        Map<String, IvrMenuRepository.ExtensionTarget> byNumber = menus.extensionsByNumber(trx, org, extensionOptions.stream()
                .map(IvrMenuInput.Option::extensionNumber).filter(Objects::nonNull).toList());
        Map<Long, IvrMenuRepository.ExtensionTarget> byId = menus.extensionsById(trx, org, extensionOptions.stream()
                .filter(option -> option.extensionNumber() == null)
                .map(IvrMenuInput.Option::extensionId).toList());
        List<IvrMenuRepository.NewOption> resolved = new ArrayList<>();
        for (IvrMenuInput.Option option : input.options) {
            String type = option.destinationType();
            IvrMenuOption before = stored.get(option.inputDigits());
            String field = option.path("destination_id");
            Long destination;
            boolean valid;
            if ("extension".equals(type)) {
                // Named by number (what the SPA sends) or by id; when both are sent they must agree.
                IvrMenuRepository.ExtensionTarget target;
                if (option.extensionNumber() != null) {
                    target = byNumber.get(option.extensionNumber());
                    if (target != null && option.extensionId() != null && target.id() != option.extensionId()) {
                        target = null;
                        field = option.path("destination_extension_id");
                    }
                } else {
                    target = byId.get(option.extensionId());
                    field = option.path("destination_extension_id");
                }
                destination = target == null ? null : target.id();
                valid = target != null && (unchanged(before, type, destination) || "active".equals(target.status()));
            } else {
                destination = option.destinationId();
                boolean requireActive = !unchanged(before, type, destination);
                valid = switch (type) {
                    case "ring_group" -> links.ringGroup(trx, org, destination, requireActive);
                    case "conference_room" -> links.conferenceRoom(trx, org, destination, requireActive);
                    default -> !Objects.equals(self, destination) && links.ivrMenu(trx, org, destination, requireActive);
                };
            }
            if (!valid) {
                fields.add(field, "The selected " + field + " is invalid.");
                continue;
            }
            resolved.add(new IvrMenuRepository.NewOption(option.inputDigits(), option.description(), type, destination,
                    option.priority()));
        }
        return resolved;
    }

    private static boolean unchanged(IvrMenuOption before, String type, Long destination) {
        return before != null && before.destinationType().equals(type) && Objects.equals(before.destinationId(), destination);
    }

    private static boolean failoverChanged(IvrMenu stored, IvrMenuRepository.Values values) {
        return !Objects.equals(stored.failoverDestinationType(), values.failoverDestinationType())
                || !Objects.equals(stored.failoverDestinationId(), values.failoverDestinationId());
    }

    private Map<String, Object> json(DSLContext dsl, long org, long id) {
        IvrMenu menu = menus.find(dsl, org, id).orElseThrow(IvrMenuService::notFound);
        return IvrMenuJson.of(menu, menus.options(dsl, org, List.of(id)).getOrDefault(id, List.of()));
    }

    /** The options as the audit log lists them (§5): their digits, by priority like the stored ones. */
    private static List<String> digits(List<IvrMenuRepository.NewOption> options) {
        return options.stream()
                .sorted(Comparator.comparingInt(IvrMenuRepository.NewOption::priority))
                .map(IvrMenuRepository.NewOption::inputDigits)
                .toList();
    }

    private static Changes changes(IvrMenu stored, IvrMenuRepository.Values values) {
        return new Changes()
                .field("name", stored.name(), values.name())
                .field("description", stored.description(), values.description())
                .field("audio_file_path", stored.audioFilePath(), values.audioFilePath())
                .field("tts_text", stored.ttsText(), values.ttsText())
                .field("tts_voice", stored.ttsVoice(), values.ttsVoice())
                .field("max_timeout", stored.maxTimeout(), values.maxTimeout())
                .field("inter_digit_timeout", stored.interDigitTimeout(), values.interDigitTimeout())
                .field("max_turns", stored.maxTurns(), values.maxTurns())
                .field("failover_destination_type", stored.failoverDestinationType(), values.failoverDestinationType())
                .field("failover_destination_id", stored.failoverDestinationId(), values.failoverDestinationId())
                .field("status", stored.status(), values.status());
    }

    private static Map<String, Object> fields(IvrMenuRepository.Values values) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("name", values.name());
        fields.put("description", values.description());
        fields.put("audio_file_path", values.audioFilePath());
        fields.put("tts_text", values.ttsText());
        fields.put("tts_voice", values.ttsVoice());
        fields.put("max_timeout", values.maxTimeout());
        fields.put("inter_digit_timeout", values.interDigitTimeout());
        fields.put("max_turns", values.maxTurns());
        fields.put("failover_destination_type", values.failoverDestinationType());
        fields.put("failover_destination_id", values.failoverDestinationId());
        fields.put("status", values.status());
        return fields;
    }

    private static AuditEvent event(Caller caller, String action, long id, String label, Map<String, Object> changes,
                                    ClientInfo client) {
        return new AuditEvent(caller.organizationId(), AuditEvent.Actor.of(caller), action, "ivr_menu",
                String.valueOf(id), label, changes, client);
    }

    private static ApiException notFound() {
        return ApiException.notFound("IVR menu");
    }

    /** A concurrent write that took the name between our check and the commit is the same 422. */
    private static <T> T uniqueName(Supplier<T> write) {
        return UniqueViolations.as422("ivr_menus_name_unique", "name", TAKEN, write);
    }
}
