package opbx.callflows;

import static opbx.db.gen.Tables.BUSINESS_HOURS_SCHEDULES;
import static opbx.db.gen.Tables.CONFERENCE_ROOMS;
import static opbx.db.gen.Tables.DID_NUMBERS;
import static opbx.db.gen.Tables.EXTENSIONS;
import static opbx.db.gen.Tables.IVR_MENUS;
import static opbx.db.gen.Tables.IVR_MENU_OPTIONS;
import static opbx.db.gen.Tables.ORGANIZATIONS;
import static opbx.db.gen.Tables.RING_GROUPS;
import static opbx.db.gen.Tables.RING_GROUP_MEMBERS;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import opbx.callflows.CallFlowGraph.Edge;
import opbx.callflows.CallFlowGraph.Key;
import opbx.callflows.CallFlowGraph.Node;
import opbx.voice.OutboundRoute;
import opbx.whitelist.OutboundPolicy;
import org.jooq.DSLContext;
import org.jooq.JSONB;

/**
 * Loads an organisation's call-flow graph (control-plane spec §3.17): one query per node kind, then the edges are
 * drawn in memory. Soft-deleted rows are not part of the flow.
 */
public final class CallFlowGraphs {

    /** Whether a schedule is open now, from the business-hours feature; null when unknown. */
    @FunctionalInterface
    public interface ScheduleStatus {
        String status(DSLContext dsl, long organizationId, long scheduleId);
    }

    private final ObjectMapper mapper = new ObjectMapper();
    private final ScheduleStatus scheduleStatus;
    private final OutboundPolicy outbound;

    public CallFlowGraphs(ScheduleStatus scheduleStatus, OutboundPolicy outbound) {
        this.scheduleStatus = scheduleStatus;
        this.outbound = outbound;
    }

    /** The graph without view details: what the loop check needs. */
    public CallFlowGraph load(DSLContext dsl, long organizationId) {
        return load(dsl, organizationId, false);
    }

    /** @param withDetail also read what a person needs to read a node (members, open now, prompts) */
    public CallFlowGraph load(DSLContext dsl, long organizationId, boolean withDetail) {
        CallFlowGraph graph = new CallFlowGraph();
        Map<String, Long> extensionByNumber = extensions(dsl, organizationId, graph);
        ringGroups(dsl, organizationId, graph, withDetail);
        ivrMenus(dsl, organizationId, graph);
        businessHours(dsl, organizationId, graph, withDetail);
        conferenceRooms(dsl, organizationId, graph);
        phoneNumbers(dsl, organizationId, graph);
        forwards(dsl, organizationId, graph, extensionByNumber);
        return graph;
    }

    /** Extensions and their configured targets; forwards are drawn once every number is known. */
    private Map<String, Long> extensions(DSLContext dsl, long org, CallFlowGraph graph) {
        Map<String, Long> byNumber = new HashMap<>();
        dsl.select(EXTENSIONS.ID, EXTENSIONS.EXTENSION_NUMBER, EXTENSIONS.TYPE, EXTENSIONS.STATUS, EXTENSIONS.CONFIG_TARGET_ID)
                .from(EXTENSIONS)
                .where(EXTENSIONS.ORGANIZATION_ID.eq(org))
                .and(EXTENSIONS.DELETED_AT.isNull())
                .forEach(row -> {
                    Key key = Key.of("extension", row.value1());
                    byNumber.put(row.value2(), row.value1());
                    String type = row.value3().equals("ai_assistant") ? "ai_assistant" : "extension";
                    graph.add(new Node(key, type, row.value2(), row.value4(), Map.of("extension_type", row.value3())));
                    String targetType = switch (row.value3()) {
                        case "ring_group" -> "ring_group";
                        case "conference" -> "conference_room";
                        case "ivr" -> "ivr_menu";
                        default -> null;
                    };
                    if (targetType != null && row.value5() != null) {
                        graph.connect(key, new Edge("target", true, null, Key.of(targetType, row.value5())));
                    }
                });
        return byNumber;
    }

    /**
     * {@code forward} extensions and a user extension's {@code forward_to}: internal numbers lead to that extension
     * (a number no extension has leads nowhere); an external number carries what the outbound policy makes of it
     * (the trunk, or the refusal a caller would hear).
     */
    private void forwards(DSLContext dsl, long org, CallFlowGraph graph, Map<String, Long> extensionByNumber) {
        OutboundPolicy.Rules[] rules = new OutboundPolicy.Rules[1];
        dsl.select(EXTENSIONS.ID, EXTENSIONS.CONFIGURATION)
                .from(EXTENSIONS)
                .where(EXTENSIONS.ORGANIZATION_ID.eq(org))
                .and(EXTENSIONS.DELETED_AT.isNull())
                .and(EXTENSIONS.TYPE.in("forward", "user"))
                .forEach(row -> {
                    JsonNode forwardTo = json(row.value2()).get("forward_to");
                    if (forwardTo == null || forwardTo.isNull()) {
                        return;
                    }
                    String target = forwardTo.asText();
                    Long internal = extensionByNumber.get(target);
                    boolean extensionNumber = target.matches("[0-9]{3,5}");
                    Key to = internal != null ? Key.of("extension", internal)
                            : extensionNumber ? new Key("extension", 0, target) : new Key("external", 0, target);
                    if (internal == null && !extensionNumber) {
                        String status = null;
                        Map<String, Object> detail = Map.of();
                        if (OutboundPolicy.isExternalNumber(target)) {
                            if (rules[0] == null) {
                                rules[0] = outbound.rules(dsl, org);
                            }
                            Optional<OutboundRoute.Route> route = rules[0].route(target);
                            status = route.isPresent() ? "permitted" : "refused";
                            detail = route.<Map<String, Object>>map(r -> Map.of("trunk", r.row().trunkName()))
                                    .orElse(Map.of("answer", OutboundRoute.NOT_PERMITTED));
                        }
                        graph.add(new Node(to, "external", target, status, detail));
                    }
                    graph.connect(Key.of("extension", row.value1()), new Edge("forward", true, null, to));
                });
    }

    /**
     * Ring groups with their fallbacks and how many members ring; the view lists every member, each with its
     * status and whether it rings (routing dials active {@code user} extensions only).
     */
    private void ringGroups(DSLContext dsl, long org, CallFlowGraph graph, boolean withDetail) {
        Map<Long, List<Map<String, Object>>> members = new HashMap<>();
        Map<Long, Integer> ringing = new HashMap<>();
        dsl.select(RING_GROUP_MEMBERS.RING_GROUP_ID, EXTENSIONS.ID, EXTENSIONS.EXTENSION_NUMBER, EXTENSIONS.STATUS,
                        EXTENSIONS.TYPE, EXTENSIONS.DELETED_AT)
                .from(RING_GROUP_MEMBERS)
                .join(EXTENSIONS).on(EXTENSIONS.ORGANIZATION_ID.eq(RING_GROUP_MEMBERS.ORGANIZATION_ID)
                        .and(EXTENSIONS.ID.eq(RING_GROUP_MEMBERS.EXTENSION_ID)))
                .where(RING_GROUP_MEMBERS.ORGANIZATION_ID.eq(org))
                .and(EXTENSIONS.ORGANIZATION_ID.eq(org))
                .orderBy(RING_GROUP_MEMBERS.RING_GROUP_ID, RING_GROUP_MEMBERS.PRIORITY, RING_GROUP_MEMBERS.ID)
                .forEach(row -> {
                    boolean rings = "active".equals(row.value4()) && "user".equals(row.value5()) && row.value6() == null;
                    if (rings) {
                        ringing.merge(row.value1(), 1, Integer::sum);
                    }
                    if (withDetail) {
                        Map<String, Object> member = new LinkedHashMap<>();
                        member.put("id", row.value2());
                        member.put("number", row.value3());
                        member.put("status", row.value6() != null ? "deleted" : row.value4());
                        member.put("rings", rings);
                        members.computeIfAbsent(row.value1(), id -> new ArrayList<>()).add(member);
                    }
                });
        dsl.selectFrom(RING_GROUPS)
                .where(RING_GROUPS.ORGANIZATION_ID.eq(org))
                .forEach(row -> {
                    Key key = Key.of("ring_group", row.getId());
                    Map<String, Object> detail = new LinkedHashMap<>();
                    if (withDetail) {
                        detail.put("strategy", row.getStrategy());
                        detail.put("timeout", row.getTimeout());
                        detail.put("members", members.getOrDefault(row.getId(), List.of()));
                    }
                    graph.add(new Node(key, "ring_group", row.getName(), row.getStatus(), detail));
                    graph.ringingMembers(key, ringing.getOrDefault(row.getId(), 0));
                    Key fallback = switch (row.getFallbackAction()) {
                        case "extension" -> Key.of("extension", row.getFallbackExtensionId());
                        case "ai_assistant" -> Key.of("extension", row.getFallbackAiAssistantId());
                        case "ring_group" -> Key.of("ring_group", row.getFallbackRingGroupId());
                        case "ivr_menu" -> Key.of("ivr_menu", row.getFallbackIvrMenuId());
                        default -> hangup(graph);
                    };
                    graph.connect(key, new Edge("fallback", true, null, fallback));
                });
    }

    private void ivrMenus(DSLContext dsl, long org, CallFlowGraph graph) {
        dsl.selectFrom(IVR_MENUS)
                .where(IVR_MENUS.ORGANIZATION_ID.eq(org))
                .forEach(row -> {
                    Key key = Key.of("ivr_menu", row.getId());
                    Map<String, Object> detail = new LinkedHashMap<>();
                    detail.put("prompt", row.getTtsText() != null ? row.getTtsText() : row.getAudioFilePath());
                    graph.add(new Node(key, "ivr_menu", row.getName(), row.getStatus(), detail));
                    Key failover = row.getFailoverDestinationId() == null ? hangup(graph)
                            : Key.of(destination(row.getFailoverDestinationType()), row.getFailoverDestinationId());
                    graph.connect(key, new Edge("failover", true, null, failover));
                });
        dsl.selectFrom(IVR_MENU_OPTIONS)
                .where(IVR_MENU_OPTIONS.ORGANIZATION_ID.eq(org))
                .orderBy(IVR_MENU_OPTIONS.IVR_MENU_ID, IVR_MENU_OPTIONS.PRIORITY, IVR_MENU_OPTIONS.INPUT_DIGITS)
                .forEach(row -> graph.connect(Key.of("ivr_menu", row.getIvrMenuId()), new Edge("option", false,
                        row.getInputDigits(), Key.of(destination(row.getDestinationType()), row.getDestinationId()))));
    }

    private void businessHours(DSLContext dsl, long org, CallFlowGraph graph, boolean withDetail) {
        String[] organizationZone = {null};
        if (withDetail) {
            organizationZone[0] = dsl.select(ORGANIZATIONS.TIMEZONE).from(ORGANIZATIONS).where(ORGANIZATIONS.ID.eq(org))
                    .fetchOne(ORGANIZATIONS.TIMEZONE);
        }
        dsl.selectFrom(BUSINESS_HOURS_SCHEDULES)
                .where(BUSINESS_HOURS_SCHEDULES.ORGANIZATION_ID.eq(org))
                .and(BUSINESS_HOURS_SCHEDULES.DELETED_AT.isNull())
                .forEach(row -> {
                    Key key = Key.of("business_hours", row.getId());
                    Map<String, Object> detail = new LinkedHashMap<>();
                    if (withDetail) {
                        // The zone the schedule is read in: its own, else the organisation's.
                        detail.put("timezone", row.getTimezone() != null ? row.getTimezone() : organizationZone[0]);
                        detail.put("current_status", scheduleStatus.status(dsl, org, row.getId()));
                    }
                    graph.add(new Node(key, "business_hours", row.getName(), row.getStatus(), detail));
                    graph.connect(key, new Edge("open", true, null,
                            Key.of(destination(row.getOpenHoursActionType()), row.getOpenHoursTargetId())));
                    graph.connect(key, new Edge("closed", true, null,
                            Key.of(destination(row.getClosedHoursActionType()), row.getClosedHoursTargetId())));
                });
    }

    private static void conferenceRooms(DSLContext dsl, long org, CallFlowGraph graph) {
        dsl.select(CONFERENCE_ROOMS.ID, CONFERENCE_ROOMS.NAME, CONFERENCE_ROOMS.STATUS)
                .from(CONFERENCE_ROOMS)
                .where(CONFERENCE_ROOMS.ORGANIZATION_ID.eq(org))
                .forEach(row -> graph.add(new Node(Key.of("conference_room", row.value1()), "conference_room",
                        row.value2(), row.value3(), Map.of())));
    }

    private static void phoneNumbers(DSLContext dsl, long org, CallFlowGraph graph) {
        dsl.select(DID_NUMBERS.ID, DID_NUMBERS.PHONE_NUMBER, DID_NUMBERS.STATUS, DID_NUMBERS.ROUTING_TYPE, DID_NUMBERS.TARGET_ID)
                .from(DID_NUMBERS)
                .where(DID_NUMBERS.ORGANIZATION_ID.eq(org))
                .forEach(row -> {
                    Key key = Key.of("phone_number", row.value1());
                    graph.add(new Node(key, "phone_number", row.value2(), row.value3(), Map.of()));
                    if (row.value5() != null) {
                        graph.connect(key, new Edge("target", true, null, Key.of(destination(row.value4()), row.value5())));
                    }
                });
    }

    private static Key hangup(CallFlowGraph graph) {
        Key key = Key.of("hangup", 0);
        graph.add(new Node(key, "hangup", "hangup", null, Map.of()));
        return key;
    }

    /** The node type a destination, action or routing type names; AI assistants are extensions. */
    private static String destination(String type) {
        return switch (type) {
            case "ai_assistant" -> "extension";
            case "business_hours" -> "business_hours";
            default -> type;
        };
    }

    private JsonNode json(JSONB value) {
        try {
            return value == null ? mapper.createObjectNode() : mapper.readTree(value.data());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
