package opbx.voice;

import java.util.LinkedHashMap;
import java.util.Map;
import opbx.calls.CallOrigin;

/**
 * The {@code call.routed} event of execution-plane spec §12.1, and the call-log origin of a routed call, both read
 * from the decision's trace and its CXML answer.
 */
final class RoutedEvent {

    private RoutedEvent() {
    }

    static Map<String, Object> data(RoutingContext rc, VoiceRequest request, String answer) {
        CallTrace trace = rc.trace();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("call_id", rc.callSid());
        data.put("from", request.get("From").map(VoiceRouter::party).orElse(null));
        data.put("to", request.get("To").map(VoiceRouter::party).orElse(null));
        data.put("direction", trace.direction());
        data.put("did_id", trace.didId());
        data.put("target_type", trace.ringGroupId() != null ? "ring_group" : trace.extensionId() != null ? "extension" : null);
        data.put("target_id", trace.ringGroupId() != null ? trace.ringGroupId() : trace.extensionId());
        data.put("outcome", outcome(answer, trace.direction()));
        return data;
    }

    /** What the caller gets, read from the document: a conference, a service, a menu, a dial, or an error. */
    static String outcome(String answer, String direction) {
        if (answer.contains("<Conference")) {
            return "conference";
        }
        if (answer.contains("<Service")) {
            return "service";
        }
        if (answer.contains("<Gather")) {
            return "ivr";
        }
        if (answer.contains("<Dial")) {
            return "outbound".equals(direction) ? "outbound" : "dial";
        }
        return "error";
    }

    static CallOrigin origin(RoutingContext rc, VoiceRequest request) {
        CallTrace trace = rc.trace();
        return new CallOrigin(CallOrigin.direction(trace.direction()),
                request.get("From").map(VoiceRouter::party).orElse(CallOrigin.UNKNOWN),
                request.get("To").map(VoiceRouter::party).orElse(CallOrigin.UNKNOWN),
                trace.didId(), trace.extensionId(), trace.ringGroupId());
    }
}
