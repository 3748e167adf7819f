package opbx.voice;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import opbx.businesshours.ScheduleClock;
import opbx.secrets.Secrets;
import opbx.voice.model.DidInfo;
import opbx.voice.model.ExtensionInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one resolver of execution-plane spec §3: a reference (kind, id or number, context) becomes a CXML document the
 * same way wherever it appears — DIDs, extension configuration, forwards, business-hours actions, ring-group fallbacks,
 * IVR options and failovers — with the hop guard of §3.1.
 */
public final class Resolver {

    private static final Logger log = LoggerFactory.getLogger(Resolver.class);
    /** The default hop limit of execution-plane spec §3.1 ({@code OPBX_MAX_ROUTING_HOPS}). */
    public static final int DEFAULT_MAX_HOPS = 8;
    private static final Pattern STRICT_E164 = Pattern.compile("^\\+[1-9][0-9]{1,14}$");
    private static final Pattern PARAM_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");
    private static final Pattern TARGET = Pattern.compile("^(ext|rg|conf|ivr)-([0-9]{1,18})$");

    /** Where a reference comes from: it changes the "not found" and "inactive" answers (§3.2). */
    public enum Origin { DIRECT, DID, BUSINESS_HOURS, IVR, FALLBACK, CONFIGURATION }

    private final RoutingData data;
    private final Secrets secrets;
    private final Destinations destinations;
    private final int maxHops;

    public Resolver(RoutingData data, Secrets secrets, Destinations destinations, int maxHops) {
        this.data = data;
        this.maxHops = maxHops;
        this.secrets = secrets;
        this.destinations = destinations;
    }

    /** The hook to the stateful destinations (ring groups, menus, rooms, outbound), implemented by the router. */
    public interface Destinations {
        String ringGroup(RoutingContext rc, long id, int hops, Origin origin);

        String menu(RoutingContext rc, long id, int hops, Origin origin);

        String room(RoutingContext rc, long id, Origin origin);

        String external(RoutingContext rc, String e164);
    }

    /**
     * Follows a reference one hop further than {@code hops}; above the guard the call ends with the routing error.
     * {@code kind} is {@code extension, ring_group, conference_room, ivr_menu, ai_assistant, business_hours, hangup}.
     */
    public String follow(RoutingContext rc, String kind, Long id, int hops, Origin origin) {
        if (hops < 0 || hops >= maxHops) {
            log.warn("routing_loop: organisation {} passed {} hops at {} {}", rc.org(), maxHops, kind, id);
            return Cxml.err("Routing error occurred.");
        }
        int next = hops + 1;
        if ("hangup".equals(kind)) {
            rc.trace().reach(CallTrace.Node.hangup());
            return Cxml.hangupOnly();
        }
        if (id == null) {
            rc.trace().reach(CallTrace.Node.missing(kind, null));
            return notFound(kind, origin);
        }
        return switch (kind) {
            case "extension" -> {
                Optional<ExtensionInfo> extension = rc.config().extensionById(id);
                if (extension.isEmpty()) {
                    rc.trace().reach(CallTrace.Node.missing("extension", id));
                }
                yield extension(rc, extension, next, origin);
            }
            case "ai_assistant" -> aiAssistant(rc, id, origin);
            case "ring_group" -> destinations.ringGroup(rc, id, next, origin);
            case "conference_room" -> destinations.room(rc, id, origin);
            case "ivr_menu" -> destinations.menu(rc, id, next, origin);
            case "business_hours" -> businessHours(rc, id, next, origin);
            default -> Cxml.err("Unsupported routing configuration");
        };
    }

    /** A DID (§3.5): following its reference is one hop from the DID. */
    public String did(RoutingContext rc, DidInfo did) {
        String kind = switch (did.routingType()) {
            case "extension", "ring_group", "conference_room", "ivr_menu", "ai_assistant", "business_hours" -> did.routingType();
            default -> null;
        };
        if (kind == null) {
            return Cxml.err("Unsupported routing configuration");
        }
        if (did.targetId() == null) {
            return Cxml.err("Destination not configured");
        }
        return follow(rc, kind, did.targetId(), 0, Origin.DID);
    }

    /** An extension reached directly (dialled) or through a reference, routed by its type (§3.3). */
    public String extension(RoutingContext rc, Optional<ExtensionInfo> found, int hops, Origin origin) {
        if (found.isEmpty()) {
            return notFound("extension", origin);
        }
        ExtensionInfo extension = found.get();
        rc.trace().extension(extension.id());
        rc.trace().reach(node(extension));
        if (!extension.active()) {
            return inactive("extension", origin);
        }
        return switch (extension.type()) {
            case "user" -> extension.config("forward_to") != null ? forward(rc, extension, hops) : user(extension);
            case "forward" -> forward(rc, extension, hops);
            case "ai_assistant" -> aiOutput(rc, extension);
            case "ring_group" -> configured(rc, extension, "ring_group", "ring_group_id", hops, "Ring group not found");
            case "conference" -> configured(rc, extension, "conference_room", "conference_room_id", hops,
                    "Conference room not found");
            case "ivr" -> configured(rc, extension, "ivr_menu", extension.config("ivr_menu_id") != null ? "ivr_menu_id" : "ivr_id",
                    hops, "IVR menu not found");
            default -> Cxml.err("Unsupported extension type");
        };
    }

    private String configured(RoutingContext rc, ExtensionInfo extension, String kind, String key, int hops, String missing) {
        String value = extension.config(key);
        if (value == null || !value.matches("[0-9]{1,18}")) {
            return Cxml.err(missing);
        }
        return follow(rc, kind, Long.parseLong(value), hops, Origin.CONFIGURATION);
    }

    /** A user extension is dialled by its number; Cloudonix rings the subscriber with that MSISDN (§3.4). */
    private static String user(ExtensionInfo extension) {
        return Cxml.response(Cxml.element("Dial").attr("timeout", 30)
                .child(Cxml.element("Number").text(extension.number()))).render();
    }

    /** §3.4 Forward: a SIP URI, a strict E.164 number (through the whitelist's trunk), or an internal number. */
    private String forward(RoutingContext rc, ExtensionInfo extension, int hops) {
        String target = extension.config("forward_to");
        if (target == null) {
            return Cxml.unavailable("Forward destination not configured");
        }
        if (target.regionMatches(true, 0, "sip:", 0, 4)) {
            rc.trace().reach(new CallTrace.Node("external", null, target, "permitted"));
            return Cxml.response(Cxml.element("Dial").attr("timeout", 30).child(Cxml.element("Sip").text(target))).render();
        }
        String normalized = OutboundRoute.normalize(target);
        if (STRICT_E164.matcher(normalized).matches()) {
            return destinations.external(rc, normalized);
        }
        if (normalized.matches("[0-9]{3,5}")) {
            Optional<ExtensionInfo> internal = rc.config().extensionByNumber(normalized);
            if (internal.isEmpty()) {
                rc.trace().reach(new CallTrace.Node("extension", null, normalized, "missing"));
                return Cxml.unavailable("Target extension " + normalized + " not found");
            }
            if (!internal.get().active()) {
                rc.trace().reach(node(internal.get()));
                return Cxml.unavailable("Target extension " + normalized + " is inactive");
            }
            if (hops + 1 > maxHops) {
                return Cxml.err("Routing error occurred.");
            }
            return extension(rc, internal, hops + 1, Origin.CONFIGURATION);
        }
        return Cxml.unavailable("Forward destination not configured");
    }

    private String aiAssistant(RoutingContext rc, long id, Origin origin) {
        Optional<ExtensionInfo> found = rc.config().extensionById(id).filter(e -> "ai_assistant".equals(e.type()));
        rc.trace().reach(found.map(Resolver::node).orElseGet(() -> CallTrace.Node.missing("ai_assistant", id)));
        if (found.isEmpty()) {
            return origin == Origin.DIRECT || origin == Origin.CONFIGURATION ? Cxml.unavailable("AI Agent not found")
                    : notFound("ai_assistant", origin);
        }
        if (!found.get().active()) {
            return inactive("ai_assistant", origin);
        }
        return aiOutput(rc, found.get());
    }

    /** §3.4 AI assistant: a Service by URL (token and flat params as attributes), else by provider and number. */
    private String aiOutput(RoutingContext rc, ExtensionInfo extension) {
        if (extension.serviceUrl() != null && !extension.serviceUrl().isBlank()) {
            Cxml service = Cxml.element("Service");
            String token = extension.encryptedServiceToken() == null ? null
                    : secrets.decrypt(extension.encryptedServiceToken(), "extensions", "service_token", rc.org());
            if (token != null && !token.isEmpty()) {
                service.attr("token", token);
            }
            JsonNode params = extension.serviceParams();
            if (params != null && params.isObject()) {
                Map<String, JsonNode> sorted = new TreeMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = params.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> entry = it.next();
                    sorted.put(entry.getKey(), entry.getValue());
                }
                sorted.forEach((key, value) -> {
                    boolean scalar = value.isTextual() || value.isNumber() || value.isBoolean();
                    if (!PARAM_KEY.matcher(key).matches() || !scalar || token != null && key.equals("token")) {
                        log.info("ai_assistant {}: service param {} skipped", extension.number(), key);
                        return;
                    }
                    service.attr(key, value.asText());
                });
            }
            return Cxml.response(Cxml.element("Dial").child(service.text(extension.serviceUrl()))).render();
        }
        String provider = extension.config("provider");
        String number = extension.config("phone_number");
        if (provider == null || number == null) {
            return Cxml.unavailable("AI Agent provider or phone number not configured");
        }
        return Cxml.response(Cxml.element("Dial").child(Cxml.element("Service").attr("provider", provider).text(number)))
                .render();
    }

    /** §5: open or closed in the schedule's zone, then its action through the resolver. */
    private String businessHours(RoutingContext rc, long id, int hops, Origin origin) {
        Optional<ScheduleInfo> found = rc.config().schedule(id);
        if (found.isEmpty()) {
            rc.trace().reach(CallTrace.Node.missing("business_hours", id));
            return Cxml.err("Destination not configured");
        }
        ScheduleInfo schedule = found.get();
        rc.trace().reach(new CallTrace.Node("business_hours", id, schedule.name(), schedule.status()));
        boolean open = ScheduleClock.isOpen(schedule.data(), ScheduleClock.zone(schedule.timezone(),
                rc.organization().timezone()), rc.now());
        String type = open ? schedule.openType() : schedule.closedType();
        String target = open ? schedule.openTarget() : schedule.closedTarget();
        var matcher = target == null ? null : TARGET.matcher(target);
        String kind;
        if (matcher != null && matcher.matches()) {
            kind = switch (matcher.group(1)) {
                case "ext" -> "extension";
                case "rg" -> "ring_group";
                case "conf" -> "conference_room";
                default -> "ivr_menu";
            };
            if (!kind.equals(type)) {
                return Cxml.err("Destination not configured");
            }
            return follow(rc, kind, Long.parseLong(matcher.group(2)), hops, Origin.BUSINESS_HOURS);
        }
        if (target != null && target.matches("[0-9]{1,18}") && type != null) {
            return follow(rc, type, Long.parseLong(target), hops, Origin.BUSINESS_HOURS);
        }
        return Cxml.err("Destination not configured");
    }

    /** An extension as the call-flow view names it: AI assistants by their own type. */
    static CallTrace.Node node(ExtensionInfo extension) {
        return new CallTrace.Node("ai_assistant".equals(extension.type()) ? "ai_assistant" : "extension", extension.id(),
                extension.number(), extension.status());
    }

    /** The "not found" answer of a kind in a context (§3.2). */
    public static String notFound(String kind, Origin origin) {
        return switch (origin) {
            case DID, BUSINESS_HOURS -> Cxml.err("Destination not configured");
            case IVR -> Cxml.err("Destination is no longer available.");
            case FALLBACK -> Cxml.err("No agents available. Goodbye.");
            default -> switch (kind) {
                case "ring_group" -> Cxml.unavailable("Ring group not found");
                case "conference_room" -> Cxml.unavailable("Conference room not found");
                case "ivr_menu" -> Cxml.err("IVR menu not found");
                case "ai_assistant" -> Cxml.unavailable("AI Agent not found");
                case "business_hours" -> Cxml.err("Destination not configured");
                default -> Cxml.err("Extension not found");
            };
        };
    }

    /** The "inactive" answer of a kind in a context (§3.2). */
    public static String inactive(String kind, Origin origin) {
        return switch (origin) {
            case IVR -> Cxml.err("Destination is no longer available.");
            case FALLBACK -> Cxml.err("No agents available. Goodbye.");
            default -> switch (kind) {
                case "ring_group" -> Cxml.unavailable("Ring group is inactive");
                case "conference_room" -> Cxml.unavailable("Conference room is closed");
                case "ivr_menu" -> Cxml.unavailable("IVR menu is not available");
                default -> Cxml.unavailable("Extension is not available");
            };
        };
    }
}
