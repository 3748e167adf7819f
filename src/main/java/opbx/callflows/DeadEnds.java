package opbx.callflows;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import opbx.callflows.CallFlowGraph.Edge;
import opbx.callflows.CallFlowGraph.Key;
import opbx.callflows.CallFlowGraph.Node;

/**
 * The destinations a call can reach that can only end in "not available": an inactive or missing target, a ring
 * group with no member that rings and nothing to fall back to, a forward the outbound whitelist refuses. A call
 * reaches a node through any edge, automatic or the caller's choice: a DID's target, an extension's configured
 * target or forward, a ring group's fallback (straight away when no member rings, after the attempts otherwise), an
 * IVR menu's options and failover, a business-hours schedule's open and closed actions (only open when the schedule
 * is inactive: it then routes as always open). Breadth first, so each dead end is reported with the shortest path a
 * call takes to it, spelled as {@code DID +15551230004 → extension 7301 → ring group "Dead E": no active member}.
 */
public final class DeadEnds {

    /** A dead end: the node, what a caller hears wrong there, and how a call gets there. */
    public record DeadEnd(Key node, String reason, String path) {

        /** The path and the reason, as the 422 and the warnings spell it. */
        public String describe() {
            return path + ": " + reason;
        }
    }

    private DeadEnds() {
    }

    /** The dead ends reachable from the organisation's active DIDs, by node. */
    public static Map<Key, DeadEnd> fromActiveNumbers(CallFlowGraph graph) {
        List<Key> roots = graph.nodes().stream()
                .filter(node -> node.key().type().equals("phone_number") && "active".equals(node.status()))
                .map(Node::key)
                .toList();
        return from(graph, roots);
    }

    /** The dead ends reachable from {@code roots}, each entered as a call would enter it. */
    public static Map<Key, DeadEnd> from(CallFlowGraph graph, List<Key> roots) {
        Map<Key, DeadEnd> found = new LinkedHashMap<>();
        Map<Key, String> seen = new LinkedHashMap<>();
        Deque<Key> queue = new ArrayDeque<>();
        for (Key root : roots) {
            if (!seen.containsKey(root)) {
                seen.put(root, describe(graph, root));
                queue.add(root);
            }
        }
        while (!queue.isEmpty()) {
            Key at = queue.poll();
            String path = seen.get(at);
            Optional<String> reason = check(graph, at);
            if (reason.isPresent()) {
                found.put(at, new DeadEnd(at, reason.get(), path));
                continue;
            }
            for (Edge edge : onward(graph, at)) {
                if (!seen.containsKey(edge.to())) {
                    String label = edge.kind().equals("target") ? "" : edge.kind().equals("option")
                            ? "option " + edge.digits() + " → " : edge.kind() + " → ";
                    seen.put(edge.to(), path + " → " + label + describe(graph, edge.to()));
                    queue.add(edge.to());
                }
            }
        }
        return found;
    }

    /** What is wrong with a node a call has reached, if anything. */
    private static Optional<String> check(CallFlowGraph graph, Key key) {
        Optional<Node> found = graph.node(key);
        if (found.isEmpty()) {
            return Optional.of("does not exist");
        }
        Node node = found.get();
        String type = key.type();
        if (type.equals("external")) {
            return "refused".equals(node.status()) ? Optional.of("not permitted by the outbound whitelist") : Optional.empty();
        }
        if (type.equals("hangup") || type.equals("phone_number")) {
            return Optional.empty();
        }
        if (!type.equals("business_hours") && "inactive".equals(node.status())) {
            return Optional.of("inactive");
        }
        if (type.equals("ring_group") && graph.ringingMembers(key) == 0 && fallsBackToHangup(graph, key)) {
            return Optional.of("no active member");
        }
        if (type.equals("extension") && needsTarget(node) && graph.edgesFrom(key).isEmpty()) {
            return Optional.of("no destination configured");
        }
        return Optional.empty();
    }

    /** Where a call goes on from a node that works: every edge, but only the open action of an inactive schedule. */
    private static List<Edge> onward(CallFlowGraph graph, Key key) {
        List<Edge> edges = graph.edgesFrom(key);
        boolean inactiveSchedule = key.type().equals("business_hours")
                && graph.node(key).map(node -> "inactive".equals(node.status())).orElse(false);
        return inactiveSchedule ? edges.stream().filter(edge -> edge.kind().equals("open")).toList() : edges;
    }

    private static boolean fallsBackToHangup(CallFlowGraph graph, Key group) {
        return graph.edgesFrom(group).stream()
                .filter(edge -> edge.kind().equals("fallback"))
                .allMatch(edge -> edge.to().type().equals("hangup"));
    }

    /** Extensions that only pass the call on: a forward, or a ring-group, conference or IVR extension. */
    private static boolean needsTarget(Node node) {
        Object type = node.detail() == null ? null : node.detail().get("extension_type");
        return "forward".equals(type) || "ring_group".equals(type) || "conference".equals(type) || "ivr".equals(type);
    }

    /** {@code DID +1555…}, {@code extension 7301}, {@code ring group "Sales"}, {@code external number +44…}. */
    static String describe(CallFlowGraph graph, Key key) {
        Optional<Node> node = graph.node(key);
        String type = node.map(Node::type).orElse(key.type());
        if (node.isEmpty()) {
            return words(type) + (key.name() != null ? " " + key.name() : " #" + key.id());
        }
        String name = node.get().name();
        return switch (type) {
            case "phone_number" -> "DID " + name;
            case "extension" -> "extension " + name;
            case "ai_assistant" -> "AI assistant " + name;
            case "external" -> "external number " + name;
            case "hangup" -> "hangup";
            default -> words(type) + " \"" + name + "\"";
        };
    }

    private static String words(String type) {
        return type.equals("ivr_menu") ? "IVR menu" : type.replace('_', ' ');
    }
}
