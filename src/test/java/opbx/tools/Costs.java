package opbx.tools;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import opbx.support.TestApp;
import opbx.support.TestStores;
import redis.clients.jedis.Jedis;

/**
 * What a warm routing decision costs, counted by the bench itself rather than inferred from timings: the SQL
 * statements the server's request threads ran, and the Redis commands it sent ({@code INFO commandstats} before and
 * after), for calls from callers never seen before to three kinds of destination.
 */
final class Costs {

    /** Commands that are not the decision's: connection handshakes, this count's own INFO, the version sync. */
    private static final Set<String> NOT_THE_DECISION = Set.of("eval", "info", "auth", "hello", "client|setname",
            "client|setinfo", "client", "select", "ping");
    /** What one run of the gate script does inside Redis (both rate buckets and the version read, the count kept). */
    private static final Map<String, Long> INSIDE_THE_SCRIPT = Map.of("get", 3L, "incr", 1L, "expire", 1L);

    private Costs() {
    }

    static String measure(TestApp app, String base, String key, String extensionDid, String groupDid, String menuDid,
                          int calls) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        Map<String, String> destinations = new LinkedHashMap<>();
        destinations.put("DID → user extension", extensionDid);
        destinations.put("DID → ring group (simultaneous)", groupDid);
        destinations.put("DID → IVR menu", menuDid);
        StringBuilder md = new StringBuilder("## What a warm decision costs\n\n");
        md.append(String.format(Locale.ROOT, "%d calls to each destination, each from a caller never seen before with a "
                + "new `CallSid`, after two warm-up calls; counted on the server (SQL statements on request threads) and "
                + "on Redis (`INFO commandstats`). Commands a script runs inside Redis are counted by Redis but are not "
                + "round trips.%n%n", calls));
        md.append("| Destination | SQL per decision | Redis commands per decision | Round trips before the answer | "
                + "Round trips in all |\n|---|---|---|---|---|\n");
        for (Map.Entry<String, String> destination : destinations.entrySet()) {
            for (int i = 0; i < 2; i++) {
                send(client, base, key, destination.getValue(), i);
            }
            long statements = TestApp.STATEMENTS.count();
            Map<String, Long> before = commandStats();
            for (int i = 0; i < calls; i++) {
                send(client, base, key, destination.getValue(), i);
            }
            Map<String, Long> after = commandStats();
            double sql = (double) (TestApp.STATEMENTS.count() - statements) / calls;
            Map<String, Double> perCall = new LinkedHashMap<>();
            after.forEach((command, count) -> {
                long delta = count - before.getOrDefault(command, 0L);
                if (delta > 0 && !NOT_THE_DECISION.contains(command)) {
                    perCall.put(command, (double) delta / calls);
                }
            });
            double scripts = perCall.getOrDefault("evalsha", 0.0);
            double reads = perCall.getOrDefault("get", 0.0) - scripts * INSIDE_THE_SCRIPT.get("get");
            boolean writes = perCall.keySet().stream().anyMatch(command -> Set.of("setex", "del", "publish", "set")
                    .contains(command));
            md.append(String.format(Locale.ROOT, "| %s | %.2f | %s | %.2f | %.2f |%n", destination.getKey(), sql,
                    describe(perCall), scripts + reads, scripts + reads + (writes ? 1 : 0)));
        }
        md.append("\nBefore the answer: the gate script (the organisation's voice limit counted and its configuration "
                + "version read, in one call) and, where the destination keeps per-call state (an IVR menu, a "
                + "round-robin group), one read of it. After the answer, one pipeline: the call summary, that state, "
                + "`call.routed`. The configuration itself is read from memory, checked against the version.\n\n");
        return md.toString();
    }

    private static String describe(Map<String, Double> perCall) {
        StringBuilder text = new StringBuilder();
        perCall.forEach((command, count) -> text.append(text.length() == 0 ? "" : ", ")
                .append(String.format(Locale.ROOT, "%s %.1f", command, count)));
        return text.toString();
    }

    private static void send(HttpClient client, String base, String key, String did, int n) throws Exception {
        String from = "+1917" + (1_000_000 + (System.nanoTime() / 1000 % 9_000_000));
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(base + "/api/voice/route"))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"CallSid\":\"cost-" + n + "-" + System.nanoTime()
                        + "\",\"From\":\"" + from + "\",\"To\":\"" + did + "\",\"Direction\":\"inbound\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("routing answered " + response.statusCode() + ": " + response.body());
        }
    }

    private static Map<String, Long> commandStats() {
        Map<String, Long> stats = new HashMap<>();
        try (Jedis jedis = Bench.jedis(TestStores.get().redis())) {
            for (String line : jedis.info("commandstats").split("\r?\n")) {
                if (line.startsWith("cmdstat_")) {
                    int calls = line.indexOf("calls=") + 6;
                    stats.put(line.substring(8, line.indexOf(':')), Long.parseLong(line.substring(calls,
                            line.indexOf(',', calls))));
                }
            }
        }
        return stats;
    }
}
