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
        CallTrace.Node target = trace.target();
        data.put("target_type", target == null ? null : target.type());
        data.put("target_id", target == null ? null : target.id());
        data.put("outcome", outcome(answer, trace));
        return data;
    }

    /**
     * What the caller gets, read from the document and what it reached: a conference (its PIN prompt included), a
     * service, a menu, a dial, or an error.
     */
    static String outcome(String answer, CallTrace trace) {
        CallTrace.Node reached = trace.reached();
        boolean room = reached != null && "conference_room".equals(reached.type());
        if (answer.contains("<Conference") || room && answer.contains("<Gather")) {
            return "conference";
        }
        if (answer.contains("<Service")) {
            return "service";
        }
        if (answer.contains("<Gather")) {
            return "ivr";
        }
        if (answer.contains("<Dial")) {
            return "outbound".equals(trace.direction()) ? "outbound" : "dial";
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
