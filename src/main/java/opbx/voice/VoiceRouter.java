package opbx.voice;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import opbx.cache.RedisKeys;
import opbx.numbers.E164;
import opbx.secrets.ConferencePins;
import opbx.secrets.Secrets;
import opbx.voice.model.DidInfo;
import opbx.voice.model.ExtensionInfo;
import opbx.voice.model.MenuInfo;
import opbx.voice.model.RingGroupInfo;
import opbx.voice.model.RoomInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routing by direction (execution-plane spec §2) and the stateful destinations of §4, §6, §7 and §8, on top of the
 * one resolver. Plain Java: no HTTP here, so the dry run and the tests drive it directly.
 */
public final class VoiceRouter implements Resolver.Destinations {

    private static final Logger log = LoggerFactory.getLogger(VoiceRouter.class);
    private static final long STATE_TTL = 3600;
    /** Extension numbers are 3 to 5 digits (the schema's CHECK): nothing else is worth a lookup. */
    private static final Pattern EXTENSION_NUMBER = Pattern.compile("[0-9]{3,5}");
    private static final Pattern NUMBER = Pattern.compile("\\+?[0-9]+");
    private static final Pattern SEVEN_DIGITS = Pattern.compile("[0-9]{7,}");

    private final RoutingData data;
    private final Resolver resolver;
    private final ObjectMapper mapper;
    private final ConferencePins pins;
    private final CallState redisState;

    private final int maxHops;

    public VoiceRouter(RoutingData data, Secrets secrets, ObjectMapper mapper, int maxHops) {
        this.data = data;
        this.maxHops = maxHops;
        this.resolver = new Resolver(data, secrets, this, maxHops);
        this.mapper = mapper;
        this.pins = new ConferencePins(secrets);
        this.redisState = new RedisCallState(data.cache(), mapper);
    }

    /** A real call's request: its state in Redis, its summary and event written after the answer. */
    public RoutingContext live(RoutingConfig config, String base, String callSid, java.time.Instant now) {
        return new RoutingContext(config, base, callSid, now, redisState, false);
    }

    /**
     * A dry run's first request: the same state machine with the call's state in a scratch store; round-robin
     * positions are read from Redis and never moved there.
     */
    public RoutingContext dryRun(RoutingConfig config, String base, String callSid, java.time.Instant now) {
        return new RoutingContext(config, base, callSid, now, new ScratchCallState(redisState), true);
    }

    /** POST /api/voice/route. */
    public String route(RoutingContext rc, VoiceRequest request) {
        String to = OutboundRoute.normalize(request.get("To").orElse(""));
        Optional<String> from = request.get("From").map(OutboundRoute::normalize);
        String direction = request.get("Direction").orElse("");
        switch (direction) {
            case "subscriber", "application" -> {
                return internal(rc, to, from, true);
            }
            case "outbound-api", "outbound" -> {
                return internal(rc, to, from, false);
            }
            case "inbound" -> {
                return inbound(rc, to, from);
            }
            default -> {
                log.warn("organisation {}: Direction '{}' routed as inbound", rc.org(), direction);
                return inbound(rc, to, from);
            }
        }
    }

    /** A call from a trunk: a DID of this organisation, or the loop-back of one of its own DIDs. */
    private String inbound(RoutingContext rc, String to, Optional<String> from) {
        if (from.isPresent() && activeDid(rc, from.get()).isPresent()) {
            return internal(rc, to, from, true);
        }
        rc.trace().direction("inbound");
        return activeDid(rc, to).map(did -> {
            rc.trace().did(did.id());
            return resolver.did(rc, did);
        }).orElseGet(() -> Cxml.err("DID destination not configured"));
    }

    /** A call from an extension (or the REST API): an extension, a DID, or an external number (§2.1). */
    private String internal(RoutingContext rc, String to, Optional<String> from, boolean checkCaller) {
        Optional<ExtensionInfo> extension = EXTENSION_NUMBER.matcher(to).matches()
                ? rc.config().extensionByNumber(to) : Optional.empty();
        if (extension.isPresent()) {
            rc.trace().direction("internal");
            rc.trace().extension(extension.get().id());
            return resolver.extension(rc, extension, 0, Resolver.Origin.DIRECT);
        }
        Optional<DidInfo> did = activeDid(rc, to);
        if (did.isPresent()) {
            rc.trace().direction("internal");
            rc.trace().did(did.get().id());
            return resolver.did(rc, did.get());
        }
        rc.trace().direction("outbound");
        if (OutboundRoute.looksExternal(to)) {
            if (checkCaller && !activeUserExtension(rc, from)) {
                return Cxml.err("Outbound call not permitted");
            }
            return outbound(rc, to);
        }
        return Cxml.err("Extension not found");
    }

    private boolean activeUserExtension(RoutingContext rc, Optional<String> from) {
        return from.filter(number -> EXTENSION_NUMBER.matcher(number).matches())
                .flatMap(number -> rc.config().extensionByNumber(number))
                .filter(extension -> extension.active() && "user".equals(extension.type()))
                .isPresent();
    }

    /**
     * The first active DID among the candidates of §0.4, in their order. Each is a map lookup; libphonenumber, the
     * costly one, parses only when the cheaper candidates missed and could differ from its answer.
     */
    Optional<DidInfo> activeDid(RoutingContext rc, String normalized) {
        boolean number = NUMBER.matcher(normalized).matches();
        String strict = normalized.startsWith("+") && E164.isStrict(normalized) ? normalized : null;
        if (strict != null) {
            Optional<DidInfo> did = rc.config().did(strict);
            if (did.isPresent()) {
                return did.filter(DidInfo::active);
            }
        }
        String digits = number ? (normalized.startsWith("+") ? normalized.substring(1) : normalized) : "";
        String plus = digits.length() >= 7 ? "+" + digits : null;
        if (plus != null && !plus.equals(strict)) {
            Optional<DidInfo> did = rc.config().did(plus);
            if (did.isPresent()) {
                return did.filter(DidInfo::active);
            }
        }
        if (!number || strict != null) {
            // A strict E.164 number is its own E.164 form: libphonenumber has nothing to add.
            return Optional.empty();
        }
        return OutboundRoute.toE164(normalized, rc.organization().defaultCountry())
                .filter(e164 -> !e164.equals(plus))
                .flatMap(e164 -> rc.config().did(e164))
                .filter(DidInfo::active);
    }

    /** {@code opbx:{o}:call:{CallSid}} (§2.2): what the webhooks need to build the call log. */
    public void summarise(RoutingContext rc, VoiceRequest request) {
        if (rc.dryRun() || rc.callSid() == null || !data.cache().usable()) {
            return;
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("direction", rc.trace().direction());
        summary.put("from", request.get("From").map(VoiceRouter::party).orElse(null));
        summary.put("to", request.get("To").map(VoiceRouter::party).orElse(null));
        summary.put("did_id", rc.trace().didId());
        summary.put("extension_id", rc.trace().extensionId());
        summary.put("ring_group_id", rc.trace().ringGroupId());
        CallTrace.Node target = rc.trace().target();
        summary.put("target_type", target == null ? null : target.type());
        summary.put("target_id", target == null ? null : target.id());
        try {
            String key = RedisKeys.tenant(rc.org(), "call", rc.callSid());
            String value = mapper.writeValueAsString(summary);
            rc.writes().add(pipeline -> pipeline.setex(key, STATE_TTL, value));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            log.debug("call summary not written: {}", e.toString());
        }
    }

    /** Sends the writes the decision left for after the answer, in one round trip. */
    public void flushWrites(RoutingContext rc) {
        RoutingCache cache = data.cache();
        if (rc.writes().isEmpty() || !cache.writable() || !cache.usable()) {
            return;
        }
        try {
            rc.writes().flush(cache.redis());
            cache.succeeded();
        } catch (RuntimeException e) {
            cache.failed(e);
        }
    }

    /** party(x) of §0.4: normalised, with a leading + when that is 7 or more digits. */
    public static String party(String raw) {
        String normalized = OutboundRoute.normalize(raw);
        return SEVEN_DIGITS.matcher(normalized).matches() ? "+" + normalized : normalized;
    }

    // --- Ring groups (§4) -----------------------------------------------------------------------------------------

    @Override
    public String ringGroup(RoutingContext rc, long id, int hops, Resolver.Origin origin) {
        Optional<RingGroupInfo> found = rc.config().ringGroup(id);
        rc.trace().reach(found.map(VoiceRouter::node).orElseGet(() -> CallTrace.Node.missing("ring_group", id)));
        if (found.isEmpty()) {
            return Resolver.notFound("ring_group", origin);
        }
        if (!found.get().active()) {
            return Resolver.inactive("ring_group", origin);
        }
        RingGroupInfo group = found.get();
        rc.trace().ringGroup(group.id());
        List<ExtensionInfo> members = dialable(rc, group);
        int offset = RingGroupPlan.Strategy.of(group.strategy()) == RingGroupPlan.Strategy.ROUND_ROBIN
                ? RingGroupPlan.roundRobinOffset(members, rc.state().rotation(rc, group.id())) : 0;
        return ringGroupStep(rc, group, RingGroupPlan.entry(group, members, rc.base(), hops, offset), hops);
    }

    /** POST /api/callbacks/voice/ring-group-callback (§4.5): per-call state travels in the URL only. */
    public String ringGroupCallback(RoutingContext rc, VoiceRequest request) {
        Optional<Long> id = request.integer("ring_group_id");
        if (id.isEmpty() || rc.callSid() == null) {
            return Cxml.err("Missing required parameters");
        }
        Optional<RingGroupInfo> found = rc.config().ringGroup(id.get());
        rc.trace().reach(found.map(VoiceRouter::node).orElseGet(() -> CallTrace.Node.missing("ring_group", id.get())));
        if (found.isEmpty()) {
            return Cxml.err("Ring group not found");
        }
        if (!found.get().active()) {
            return Cxml.unavailable("Ring group is inactive");
        }
        RingGroupInfo group = found.get();
        long attempts = request.get("attempt_number").isPresent() ? request.count("attempt_number", 1, Integer.MAX_VALUE)
                : request.sessionData().map(data -> data.path("attempt_number"))
                        .filter(node -> node.asText().trim().matches("[0-9]{1,9}"))
                        .map(node -> Long.parseLong(node.asText().trim())).orElse(1L);
        long hops = request.count("hops", 0, Long.MAX_VALUE);
        if (hops > maxHops) {
            return Cxml.err("Routing error occurred.");
        }
        int offset = (int) request.count("rr_offset", 0, Integer.MAX_VALUE);
        String outcome = RingGroupPlan.firstPresent(request.get("DialCallStatus").orElse(null),
                request.get("DialStatus").orElse(null), request.get("CallStatus").orElse(null));
        RingGroupPlan.Step step = RingGroupPlan.callback(group, dialable(rc, group), rc.base(), (int) hops, (int) attempts,
                offset, outcome);
        return ringGroupStep(rc, group, step, (int) hops);
    }

    private String ringGroupStep(RoutingContext rc, RingGroupInfo group, RingGroupPlan.Step step, int hops) {
        return switch (step.kind()) {
            case HANGUP -> hangup(rc);
            case FALLBACK -> fallback(rc, group, hops);
            case DIAL -> {
                Long pointer = step.roundRobinPointer();
                if (pointer != null) {
                    rc.state().rotate(rc, group.id(), pointer);
                }
                yield step.document().render();
            }
        };
    }

    /** §4.6: one hop to the fallback; hangup, missing or inactive targets end with "No agents available". */
    private String fallback(RoutingContext rc, RingGroupInfo group, int hops) {
        RingGroupPlan.FallbackTarget target = RingGroupPlan.fallback(group);
        if (target.hangup()) {
            rc.trace().reach(CallTrace.Node.hangup());
            return Cxml.err(RingGroupPlan.NO_AGENTS);
        }
        return resolver.follow(rc, target.kind(), target.id(), hops, Resolver.Origin.FALLBACK);
    }

    /** Active user extensions among the members, in ring order, recomputed on every request (§4.1). */
    private List<ExtensionInfo> dialable(RoutingContext rc, RingGroupInfo group) {
        List<ExtensionInfo> members = new ArrayList<>();
        for (Optional<ExtensionInfo> member : rc.config().extensionsById(group.members().stream().map(RingGroupInfo.Member::extensionId).toList())) {
            member.filter(extension -> extension.active() && "user".equals(extension.type())).ifPresent(members::add);
        }
        return members;
    }

    // --- IVR (§6) -------------------------------------------------------------------------------------------------

    @Override
    public String menu(RoutingContext rc, long id, int hops, Resolver.Origin origin) {
        Optional<MenuInfo> found = rc.config().menu(id);
        rc.trace().reach(found.map(VoiceRouter::node).orElseGet(() -> CallTrace.Node.missing("ivr_menu", id)));
        if (found.isEmpty()) {
            return Resolver.notFound("ivr_menu", origin);
        }
        if (!found.get().active()) {
            return Resolver.inactive("ivr_menu", origin);
        }
        if (rc.callSid() == null) {
            return Cxml.err("Missing call parameters");
        }
        if (rc.state().usable()) {
            Optional<IvrFlow.IvrState> previous = readState(rc);
            rc.state().keepIvr(rc, IvrFlow.IvrState.forPresentation(id, previous.orElse(null), rc.now()));
        }
        return IvrFlow.present(found.get(), rc.base(), hops, false).render();
    }

    /** POST /api/voice/ivr-input (§6.3). */
    public String ivrInput(RoutingContext rc, VoiceRequest request) {
        if (rc.callSid() == null) {
            return Cxml.err("Missing required parameters");
        }
        Optional<MenuInfo> found = request.integer("menu_id").flatMap(id -> rc.config().menu(id)).filter(MenuInfo::active);
        if (found.isEmpty()) {
            return Cxml.err("Menu configuration error.");
        }
        MenuInfo menu = found.get();
        rc.trace().reach(node(menu));
        long hopsAtMenu = request.count("hops", 0, Long.MAX_VALUE);
        if (hopsAtMenu > maxHops) {
            return Cxml.err("Routing error occurred.");
        }
        int hops = (int) hopsAtMenu;
        boolean available = rc.state().usable();
        IvrFlow.IvrState state = null;
        if (available) {
            try {
                state = rc.state().ivr(rc).orElse(null);
            } catch (RuntimeException e) {
                available = false;
                log.warn("ivr_state_unavailable: organisation {} call state unreadable", rc.org());
            }
        }
        IvrFlow.Decision decision = IvrFlow.input(menu, state, request.get("Digits").orElse(""), available, rc.now());
        if (available) {
            switch (decision.stateAction()) {
                case WRITE -> rc.state().keepIvr(rc, decision.state());
                case DELETE -> rc.state().forgetIvr(rc);
                default -> {
                }
            }
        }
        return switch (decision.kind()) {
            case ROUTE -> resolver.follow(rc, decision.destinationType(), decision.destinationId(), decision.hopsFrom(hops),
                    Resolver.Origin.IVR);
            case REPLAY -> IvrFlow.present(menu, rc.base(), hops, decision.invalidNotice()).render();
            case FAILOVER -> decision.hangup() ? hangup(rc)
                    : resolver.follow(rc, decision.destinationType(), decision.destinationId(), hops, Resolver.Origin.IVR);
        };
    }

    /** The call's IVR state; an unreadable one is no state (§6.5). */
    private static Optional<IvrFlow.IvrState> readState(RoutingContext rc) {
        try {
            return rc.state().ivr(rc);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    // --- Conferences (§7) and outbound (§8) ------------------------------------------------------------------------

    @Override
    public String room(RoutingContext rc, long id, Resolver.Origin origin) {
        Optional<RoomInfo> found = rc.config().room(id);
        rc.trace().reach(found.map(VoiceRouter::node).orElseGet(() -> CallTrace.Node.missing("conference_room", id)));
        if (found.isEmpty()) {
            return Resolver.notFound("conference_room", origin);
        }
        if (!found.get().active()) {
            return Resolver.inactive("conference_room", origin);
        }
        return ConferenceFlow.enter(opened(rc, found.get()), rc.base());
    }

    /** POST /api/voice/conference-pin (§7.2): the failure count travels in the URL. */
    public String conferencePin(RoutingContext rc, VoiceRequest request) {
        Optional<Long> id = request.integer("conference_room_id");
        if (id.isEmpty()) {
            return Cxml.err("Missing required parameters");
        }
        Optional<RoomInfo> found = rc.config().room(id.get());
        rc.trace().reach(found.map(VoiceRouter::node).orElseGet(() -> CallTrace.Node.missing("conference_room", id.get())));
        if (found.isEmpty()) {
            return Cxml.unavailable("Conference room not found");
        }
        if (!found.get().active()) {
            return Cxml.unavailable("Conference room is closed");
        }
        int failures = (int) request.count("attempt", 0, Integer.MAX_VALUE);
        return ConferenceFlow.pin(opened(rc, found.get()), rc.base(), request.get("Digits").orElse(""), failures);
    }

    /** The room with its PINs in clear, for this decision only (they stay sealed in the cache). */
    private RoomInfo opened(RoutingContext rc, RoomInfo room) {
        return room.withPins(pins.open(room.pin(), "pin", rc.org()), pins.open(room.hostPin(), "host_pin", rc.org()));
    }

    /**
     * A forward to an external number, reached by whatever path (a dialled extension, a DID, a business-hours action,
     * an IVR choice, a fallback): the same outbound policy as a direct outbound call, so a forward never dials a number
     * the whitelist does not allow (toll fraud).
     */
    @Override
    public String external(RoutingContext rc, String e164) {
        return outbound(rc, e164);
    }

    /** An outbound call (§8): only through a whitelist row. */
    private String outbound(RoutingContext rc, String to) {
        String answer = OutboundRoute.decide(to, rc.organization().defaultCountry(), rc.config().whitelist());
        rc.trace().reach(new CallTrace.Node("external", null, to, answer.contains("<Dial") ? "permitted" : "refused"));
        return answer;
    }

    private static String hangup(RoutingContext rc) {
        rc.trace().reach(CallTrace.Node.hangup());
        return Cxml.hangupOnly();
    }

    private static CallTrace.Node node(RingGroupInfo group) {
        return new CallTrace.Node("ring_group", group.id(), group.name(), group.status());
    }

    private static CallTrace.Node node(MenuInfo menu) {
        return new CallTrace.Node("ivr_menu", menu.id(), menu.name(), menu.status());
    }

    private static CallTrace.Node node(RoomInfo room) {
        return new CallTrace.Node("conference_room", room.id(), room.name(), room.status());
    }
}
