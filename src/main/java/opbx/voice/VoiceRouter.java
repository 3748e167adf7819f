package opbx.voice;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import opbx.cache.RedisKeys;
import opbx.cache.RoutingKeys;
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
    private static final long ROTATION_TTL = 30L * 24 * 3600;
    private static final long STATE_TTL = 3600;
    /** Extension numbers are 3 to 5 digits (the schema's CHECK): nothing else is worth a lookup. */
    private static final Pattern EXTENSION_NUMBER = Pattern.compile("[0-9]{3,5}");
    private static final Pattern NUMBER = Pattern.compile("\\+?[0-9]+");
    private static final Pattern SEVEN_DIGITS = Pattern.compile("[0-9]{7,}");

    private final RoutingData data;
    private final Resolver resolver;
    private final ObjectMapper mapper;
    private final ConferencePins pins;

    private final int maxHops;

    public VoiceRouter(RoutingData data, Secrets secrets, ObjectMapper mapper, int maxHops) {
        this.data = data;
        this.maxHops = maxHops;
        this.resolver = new Resolver(data, secrets, this, maxHops);
        this.mapper = mapper;
        this.pins = new ConferencePins(secrets);
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
                ? RingGroupPlan.roundRobinOffset(members, rotation(rc, group.id())) : 0;
        return ringGroupStep(rc, group, RingGroupPlan.entry(group, members, rc.base(), hops, offset), hops);
    }

    /** POST /api/callbacks/voice/ring-group-callback (§4.5): per-call state travels in the URL only. */
    public String ringGroupCallback(RoutingContext rc, VoiceRequest request) {
        Optional<Long> id = request.integer("ring_group_id");
        if (id.isEmpty() || rc.callSid() == null) {
            return Cxml.err("Missing required parameters");
        }
        Optional<RingGroupInfo> found = rc.config().ringGroup(id.get());
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
            case HANGUP -> Cxml.hangupOnly();
            case FALLBACK -> fallback(rc, group, hops);
            case DIAL -> {
                Long pointer = step.roundRobinPointer();
                if (pointer != null && !rc.dryRun()) {
                    remember(rc, group.id(), pointer);
                }
                yield step.document().render();
            }
        };
    }

    /** §4.6: one hop to the fallback; hangup, missing or inactive targets end with "No agents available". */
    private String fallback(RoutingContext rc, RingGroupInfo group, int hops) {
        RingGroupPlan.FallbackTarget target = RingGroupPlan.fallback(group);
        if (target.hangup()) {
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

    /** The round-robin pointer (§4.4); without Redis the rotation starts at the first member. */
    private Long rotation(RoutingContext rc, long groupId) {
        if (!data.cache().usable()) {
            return null;
        }
        try {
            String value = data.cache().redis().client().get(RoutingKeys.ringGroupRotation(rc.org(), groupId));
            data.cache().succeeded();
            return value == null || !value.matches("[0-9]{1,18}") ? null : Long.valueOf(value);
        } catch (RuntimeException e) {
            data.cache().failed(e);
            return null;
        }
    }

    private void remember(RoutingContext rc, long groupId, long extensionId) {
        String key = RoutingKeys.ringGroupRotation(rc.org(), groupId);
        rc.writes().add(pipeline -> pipeline.setex(key, ROTATION_TTL, String.valueOf(extensionId)));
    }

    // --- IVR (§6) -------------------------------------------------------------------------------------------------

    @Override
    public String menu(RoutingContext rc, long id, int hops, Resolver.Origin origin) {
        Optional<MenuInfo> found = rc.config().menu(id);
        if (found.isEmpty()) {
            return Resolver.notFound("ivr_menu", origin);
        }
        if (!found.get().active()) {
            return Resolver.inactive("ivr_menu", origin);
        }
        if (rc.callSid() == null) {
            return Cxml.err("Missing call parameters");
        }
        if (!rc.dryRun()) {
            Optional<IvrFlow.IvrState> previous = readState(rc);
            writeState(rc, IvrFlow.IvrState.forPresentation(id, previous.orElse(null), rc.now()));
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
        long hopsAtMenu = request.count("hops", 0, Long.MAX_VALUE);
        if (hopsAtMenu > maxHops) {
            return Cxml.err("Routing error occurred.");
        }
        int hops = (int) hopsAtMenu;
        boolean available = !rc.dryRun() && data.cache().usable();
        IvrFlow.IvrState state = null;
        if (available) {
            try {
                state = readStateOrThrow(rc);
            } catch (RuntimeException e) {
                data.cache().failed(e);
                available = false;
                log.warn("ivr_state_unavailable: organisation {} call state unreadable", rc.org());
            }
        }
        IvrFlow.Decision decision = IvrFlow.input(menu, state, request.get("Digits").orElse(""), available || rc.dryRun(), rc.now());
        if (!rc.dryRun() && available) {
            switch (decision.stateAction()) {
                case WRITE -> writeState(rc, decision.state());
                case DELETE -> deleteState(rc);
                default -> {
                }
            }
        }
        return switch (decision.kind()) {
            case ROUTE -> resolver.follow(rc, decision.destinationType(), decision.destinationId(), decision.hopsFrom(hops),
                    Resolver.Origin.IVR);
            case REPLAY -> IvrFlow.present(menu, rc.base(), hops, decision.invalidNotice()).render();
            case FAILOVER -> decision.hangup() ? Cxml.hangupOnly()
                    : resolver.follow(rc, decision.destinationType(), decision.destinationId(), hops, Resolver.Origin.IVR);
        };
    }

    private Optional<IvrFlow.IvrState> readState(RoutingContext rc) {
        if (!data.cache().usable()) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(readStateOrThrow(rc));
        } catch (RuntimeException e) {
            data.cache().failed(e);
            return Optional.empty();
        }
    }

    private IvrFlow.IvrState readStateOrThrow(RoutingContext rc) {
        String value = data.cache().redis().client().get(stateKey(rc));
        data.cache().succeeded();
        if (value == null) {
            return null;
        }
        try {
            return mapper.readValue(value, IvrFlow.IvrState.class);
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private void writeState(RoutingContext rc, IvrFlow.IvrState state) {
        try {
            String key = stateKey(rc);
            String value = mapper.writeValueAsString(state);
            rc.writes().add(pipeline -> pipeline.setex(key, STATE_TTL, value));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            log.debug("IVR state not written: {}", e.toString());
        }
    }

    private void deleteState(RoutingContext rc) {
        String key = stateKey(rc);
        rc.writes().add(pipeline -> pipeline.del(key));
    }

    private static String stateKey(RoutingContext rc) {
        return RedisKeys.tenant(rc.org(), "ivr", rc.callSid());
    }

    // --- Conferences (§7) and outbound (§8) ------------------------------------------------------------------------

    @Override
    public String room(RoutingContext rc, long id, Resolver.Origin origin) {
        Optional<RoomInfo> found = rc.config().room(id);
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
        return OutboundRoute.decide(to, rc.organization().defaultCountry(), rc.config().whitelist());
    }
}
