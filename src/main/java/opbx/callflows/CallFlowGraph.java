package opbx.callflows;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An organisation's call flow as a graph (control-plane spec §3.17): nodes are phone numbers, extensions, ring
 * groups, IVR menus, business-hours schedules, conference rooms, AI assistants, external numbers and hangup; edges are
 * automatic (targets, forwards, fallbacks, failovers, business-hours actions) or a caller's choice (IVR options).
 */
public final class CallFlowGraph {

    /**
     * A node's identity. Types are {@code phone_number, extension, ring_group, ivr_menu, business_hours,
     * conference_room, external, hangup}; {@code name} is set only for external numbers, whose number is their identity.
     */
    public record Key(String type, long id, String name) {

        static Key of(String type, long id) {
            return new Key(type, id, null);
        }
    }

    /** What the view shows of a node; {@code type} is what it is to a person (an extension may be an AI assistant). */
    public record Node(Key key, String type, String name, String status, Map<String, Object> detail) {
    }

    /** A directed edge; {@code digits} only on IVR options. */
    public record Edge(String kind, boolean automatic, String digits, Key to) {
    }

    private final Map<Key, Node> nodes = new LinkedHashMap<>();
    private final Map<Key, List<Edge>> edges = new HashMap<>();
    /** Per ring group, how many members ring: active {@code user} extensions (what routing dials). */
    private final Map<Key, Integer> ringing = new HashMap<>();
    /** Warnings to show on nodes of the view: what a caller reaching them would hear instead of a person. */
    private Map<Key, String> warnings = Map.of();

    void add(Node node) {
        nodes.put(node.key(), node);
    }

    void connect(Key from, Edge edge) {
        edges.computeIfAbsent(from, key -> new ArrayList<>()).add(edge);
    }

    void ringingMembers(Key group, int count) {
        ringing.put(group, count);
    }

    /** How many members of the ring group ring (active user extensions). */
    public int ringingMembers(Key group) {
        return ringing.getOrDefault(group, 0);
    }

    /** The nodes the view marks, with what is wrong with each. */
    void warn(Map<Key, String> byNode) {
        warnings = byNode;
    }

    public Collection<Node> nodes() {
        return nodes.values();
    }

    public Optional<Node> node(Key key) {
        return Optional.ofNullable(nodes.get(key));
    }

    public List<Edge> edgesFrom(Key key) {
        return edges.getOrDefault(key, List.of());
    }

    /**
     * The first cycle made only of automatic edges, spelled out as
     * {@code ring group "Sales" → fallback → ring group "Support" → fallback → ring group "Sales"}, if any.
     */
    public Optional<String> automaticCycle() {
        Set<Key> done = new HashSet<>();
        for (Key start : nodes.keySet()) {
            if (done.contains(start)) {
                continue;
            }
            Optional<String> cycle = search(start, new ArrayList<>(), new ArrayList<>(), new HashSet<>(), done);
            if (cycle.isPresent()) {
                return cycle;
            }
        }
        return Optional.empty();
    }

    /** Depth-first search over automatic edges; {@code path} and {@code via} hold the current path. */
    private Optional<String> search(Key at, List<Key> path, List<String> via, Set<Key> onPath, Set<Key> done) {
        path.add(at);
        onPath.add(at);
        for (Edge edge : edgesFrom(at)) {
            if (!edge.automatic()) {
                continue;
            }
            if (onPath.contains(edge.to())) {
                int start = path.indexOf(edge.to());
                StringBuilder text = new StringBuilder(describe(path.get(start)));
                for (int i = start + 1; i < path.size(); i++) {
                    text.append(" → ").append(via.get(i - 1)).append(" → ").append(describe(path.get(i)));
                }
                return Optional.of(text.append(" → ").append(edge.kind()).append(" → ").append(describe(edge.to())).toString());
            }
            if (!done.contains(edge.to()) && nodes.containsKey(edge.to())) {
                via.add(edge.kind());
                Optional<String> found = search(edge.to(), path, via, onPath, done);
                if (found.isPresent()) {
                    return found;
                }
                via.remove(via.size() - 1);
            }
        }
        path.remove(path.size() - 1);
        onPath.remove(at);
        done.add(at);
        return Optional.empty();
    }

    private String describe(Key key) {
        Node node = nodes.get(key);
        String type = node == null ? key.type() : node.type();
        String name = node == null ? String.valueOf(key.id()) : node.name();
        return type.replace('_', ' ') + " \"" + name + "\"";
    }

    /** The finite tree of what a call entering at {@code root} can reach; repeated nodes become references. */
    public Map<String, Object> tree(Key root) {
        return tree(root, new HashSet<>());
    }

    private Map<String, Object> tree(Key key, Set<Key> path) {
        Node node = nodes.get(key);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("type", node == null ? key.type() : node.type());
        if (!key.type().equals("hangup") && !key.type().equals("external")) {
            json.put("id", key.id());
        }
        json.put("name", node == null ? (key.name() == null ? "missing" : key.name()) : node.name());
        if (path.contains(key)) {
            json.put("ref", true);
            return json;
        }
        json.put("status", node == null ? "missing" : node.status());
        if (node != null && node.detail() != null && !node.detail().isEmpty()) {
            json.put("detail", node.detail());
        }
        if (warnings.containsKey(key)) {
            json.put("warning", warnings.get(key));
        }
        path.add(key);
        List<Map<String, Object>> children = new ArrayList<>();
        for (Edge edge : edgesFrom(key)) {
            Map<String, Object> child = new LinkedHashMap<>();
            child.put("kind", edge.kind());
            if (edge.digits() != null) {
                child.put("digits", edge.digits());
            }
            child.put("automatic", edge.automatic());
            child.put("node", tree(edge.to(), path));
            children.add(child);
        }
        path.remove(key);
        json.put("edges", children);
        return json;
    }
}
