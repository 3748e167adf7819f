package opbx.voice;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one routing decision reached: the first objects of each kind, for the call summary of execution-plane spec
 * §2.2 (the call log is built from it when Cloudonix reports the call); the first destination after the DID (the
 * {@code target} of {@code call.routed}); and the last destination reached, the node the caller ends up at (the dry
 * run's {@code reached}). Ids of a kind are kept at their first value; one request is one thread.
 */
public final class CallTrace {

    /**
     * A destination as the call-flow view names it: {@code type} is {@code extension, ai_assistant, ring_group,
     * ivr_menu, conference_room, business_hours, external, hangup}; {@code id} is null for external numbers and hangup;
     * {@code status} is the row's ({@code active}/{@code inactive}), {@code missing} for a reference to nothing, and
     * {@code permitted}/{@code refused} for an external number under the outbound policy.
     */
    public record Node(String type, Long id, String name, String status) {

        static Node hangup() {
            return new Node("hangup", null, "hangup", null);
        }

        static Node missing(String type, Long id) {
            return new Node(type, id, null, "missing");
        }

        public Map<String, Object> json() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("type", type);
            if (id != null) {
                json.put("id", id);
            }
            json.put("name", name);
            json.put("status", status);
            return json;
        }
    }

    private String direction;
    private Long didId;
    private Long extensionId;
    private Long ringGroupId;
    private Node target;
    private Node reached;

    void direction(String value) {
        if (direction == null) {
            direction = value;
        }
    }

    void did(long id) {
        if (didId == null) {
            didId = id;
        }
    }

    void extension(long id) {
        if (extensionId == null) {
            extensionId = id;
        }
    }

    void ringGroup(long id) {
        if (ringGroupId == null) {
            ringGroupId = id;
        }
    }

    /** The call has come to this destination; the first one is the decision's target. */
    void reach(Node node) {
        if (target == null) {
            target = node;
        }
        reached = node;
    }

    public String direction() {
        return direction;
    }

    public Long didId() {
        return didId;
    }

    public Long extensionId() {
        return extensionId;
    }

    public Long ringGroupId() {
        return ringGroupId;
    }

    /** The first destination the decision reached (after the DID, if any); null when it reached none. */
    public Node target() {
        return target;
    }

    /** The last destination reached; null when none was. */
    public Node reached() {
        return reached;
    }
}
