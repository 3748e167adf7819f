package opbx.voice;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.StringReader;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import opbx.config.CallbackBase;
import opbx.http.Fields;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * The dry run of control-plane spec §3.17: the real router for the caller's organisation with the clock set to the
 * requested instant, following the given IVR digits, conference PINs and ring-group outcomes through the callbacks as
 * Cloudonix would. The call's state (IVR turns and attempts, round-robin positions) lives in a scratch store for the
 * simulation, so each request sees what the previous one left, exactly as real requests do through Redis; nothing is
 * written anywhere: no pointer moves, no summary or event, its cache never writes back, and it bypasses the voice
 * rate limit.
 */
public final class CallFlowSimulator {

    private static final Set<String> DIRECTIONS = Set.of("inbound", "subscriber", "outbound-api");
    private static final int MAX_STEPS = 25;
    /** The dry run's call: its state lives in the simulation's scratch store, whatever the id. */
    private static final String CALL_SID = "simulation";

    private final RoutingData data;
    private final VoiceRouter router;
    private final CallbackBase callbackBase;

    public CallFlowSimulator(RoutingData readOnlyData, VoiceRouter router, CallbackBase callbackBase) {
        this.data = readOnlyData;
        this.router = router;
        this.callbackBase = callbackBase;
    }

    public Map<String, Object> simulate(long organizationId, ObjectNode body, Instant now) {
        Fields fields = new Fields(body);
        String to = fields.string("to", true, 0, 64);
        String from = fields.string("from", false, 0, 64);
        String direction = fields.has("direction") ? fields.oneOf("direction", true, DIRECTIONS) : "inbound";
        Instant at = now;
        String atText = fields.string("at", false, 0, 40);
        if (atText != null) {
            try {
                at = Instant.parse(atText);
            } catch (DateTimeParseException e) {
                fields.add("at", "The at must be a valid date (e.g. 2026-01-16T21:59:00Z).");
            }
        }
        List<String> digits = strings(fields, "digits");
        List<String> outcomes = strings(fields, "dial_outcomes");
        fields.throwIfInvalid();

        RoutingConfig config = data.config(organizationId).orElseThrow();
        RoutingContext rc = router.dryRun(config, callbackBase.forOrganization(config.organization().webhookBaseUrl()),
                CALL_SID, at);
        Map<String, String> first = new HashMap<>();
        first.put("To", to);
        first.put("Direction", direction);
        first.put("CallSid", CALL_SID);
        if (from != null) {
            first.put("From", from);
        }
        List<Map<String, Object>> steps = new ArrayList<>();
        String document = router.route(rc, VoiceRequest.of(first));
        steps.add(step("route", document));
        int nextDigit = 0;
        int nextOutcome = 0;
        while (steps.size() < MAX_STEPS) {
            Element root = parse(document);
            Element gather = first(root, "Gather");
            Element dial = first(root, "Dial");
            if (gather != null && nextDigit < digits.size()) {
                Map<String, String> request = query(gather.getAttribute("action"));
                request.put("CallSid", CALL_SID);
                request.put("Digits", delivered(gather, digits.get(nextDigit++)));
                boolean pin = gather.getAttribute("action").contains("conference-pin");
                rc = rc.next();
                document = pin ? router.conferencePin(rc, VoiceRequest.of(request)) : router.ivrInput(rc, VoiceRequest.of(request));
                steps.add(step(pin ? "conference-pin" : "ivr-input", document));
            } else if (dial != null && dial.hasAttribute("action") && nextOutcome < outcomes.size()) {
                Map<String, String> request = query(dial.getAttribute("action"));
                request.put("CallSid", CALL_SID);
                request.put("DialCallStatus", outcomes.get(nextOutcome++));
                rc = rc.next();
                document = router.ringGroupCallback(rc, VoiceRequest.of(request));
                steps.add(step("ring-group-callback", document));
            } else {
                break;
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("steps", steps);
        CallTrace.Node reached = rc.trace().reached();
        result.put("reached", (reached == null ? CallTrace.Node.hangup() : reached).json());
        return result;
    }

    /**
     * The {@code Digits} Cloudonix delivers when the caller keys {@code keyed} into this Gather: up to its finish key
     * (which is not delivered) and at most its {@code maxDigits}.
     */
    public static String delivered(Element gather, String keyed) {
        String finish = gather.getAttribute("finishOnKey");
        String digits = keyed;
        if (!finish.isEmpty() && digits.contains(finish)) {
            digits = digits.substring(0, digits.indexOf(finish));
        }
        String max = gather.getAttribute("maxDigits");
        if (max.matches("[0-9]{1,3}") && digits.length() > Integer.parseInt(max)) {
            digits = digits.substring(0, Integer.parseInt(max));
        }
        return digits;
    }

    private static List<String> strings(Fields fields, String field) {
        List<String> values = new ArrayList<>();
        var array = fields.array(field, false);
        if (array != null) {
            for (int i = 0; i < array.size() && i < MAX_STEPS; i++) {
                JsonNode value = array.get(i);
                if (value.isTextual() || value.isNumber()) {
                    values.add(value.asText());
                } else {
                    fields.add(field + "." + i, "The " + field + "." + i + " must be a string.");
                }
            }
        }
        return values;
    }

    private static Map<String, Object> step(String request, String document) {
        Map<String, Object> step = new LinkedHashMap<>();
        step.put("request", request);
        step.put("cxml", document);
        step.put("summary", summary(parse(document)));
        return step;
    }

    /** One line a person can read: what Cloudonix would do with this document. */
    static String summary(Element root) {
        Element dial = first(root, "Dial");
        if (dial != null) {
            List<String> targets = new ArrayList<>();
            for (String noun : List.of("Number", "Sip", "Service", "Conference")) {
                NodeList nodes = dial.getElementsByTagName(noun);
                for (int i = 0; i < nodes.getLength(); i++) {
                    targets.add((noun.equals("Conference") ? "conference " : "") + nodes.item(i).getTextContent());
                }
            }
            String summary = "Dial " + String.join(", ", targets);
            if (dial.hasAttribute("timeout")) {
                summary += " for " + dial.getAttribute("timeout") + " s";
            }
            if (dial.hasAttribute("trunks")) {
                summary += " via " + dial.getAttribute("trunks");
            }
            return summary;
        }
        Element gather = first(root, "Gather");
        if (gather != null) {
            // Everything the caller hears before keying: a notice ("Invalid menu option...") and the prompt.
            List<String> heard = new ArrayList<>();
            NodeList children = gather.getChildNodes();
            for (int i = 0; i < children.getLength(); i++) {
                if (children.item(i) instanceof Element child) {
                    heard.add(child.getTagName().equals("Say") ? "\"" + child.getTextContent() + "\"" : child.getTextContent());
                }
            }
            return "Ask for digits: " + String.join(" ", heard);
        }
        Element say = first(root, "Say");
        if (say != null) {
            return "Say \"" + say.getTextContent() + "\" and hang up";
        }
        return first(root, "Reject") != null ? "Reject as busy" : "Hang up";
    }

    private static Element first(Element parent, String name) {
        NodeList nodes = parent.getElementsByTagName(name);
        return nodes.getLength() == 0 ? null : (Element) nodes.item(0);
    }

    private static Element parse(String document) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document parsed = factory.newDocumentBuilder().parse(new InputSource(new StringReader(document)));
            return parsed.getDocumentElement();
        } catch (Exception e) {
            throw new IllegalStateException("the router produced a document that does not parse", e);
        }
    }

    private static Map<String, String> query(String url) {
        Map<String, String> values = new HashMap<>();
        String query = URI.create(url).getRawQuery();
        if (query != null) {
            for (String pair : query.split("&")) {
                int equals = pair.indexOf('=');
                if (equals > 0) {
                    values.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return values;
    }
}
