package opbx.voice.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import opbx.infra.EmbeddedRedisServer;
import opbx.support.HttpTestClient.Response;
import opbx.support.TestApp;
import opbx.support.TestStores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * What a warm routing decision costs, counted rather than timed (issue 16): no SQL whoever calls (callers never seen
 * before included), and the Redis commands per decision read from a Redis of the test's own ({@code INFO
 * commandstats}): one script before the answer (authentication's organisation, the voice limit and the configuration
 * version together), a read of per-call state where the destination has some, and the writes (call summary, state,
 * pointer, {@code call.routed}) in one pipeline after the answer.
 */
class WarmRoutingCostTest {

    private static final int CALLS = 20;
    private static final java.util.Set<String> CONNECTION_COMMANDS = java.util.Set.of("eval", "info", "auth", "hello",
            "client|setname", "client|setinfo", "client", "select", "ping");
    private static EmbeddedRedisServer redis;
    private static TestApp app;
    private static ScenarioFixtures.World w;
    private static Voice voice;

    @BeforeAll
    static void start() {
        redis = EmbeddedRedisServer.start();
        app = TestApp.start(TestStores.get().database(), redis.target());
        w = ScenarioFixtures.build(app, "Warm cost");
        voice = new Voice(app, w.k1);
        for (String did : new String[] {w.d(1), w.d(2), w.d(4), w.d(13)}) {
            voice.inbound("warm-up-1", did);
            voice.inbound("warm-up-2", did);
        }
    }

    @AfterAll
    static void stop() {
        app.close();
        redis.close();
    }

    private static String newCaller() {
        return "+1646" + (1_000_000 + ThreadLocalRandom.current().nextInt(9_000_000));
    }

    private static Response call(String did, int n) {
        return voice.route("{\"CallSid\":\"cost-" + did + "-" + n + "-" + System.nanoTime() + "\",\"From\":\"" + newCaller()
                + "\",\"To\":\"" + did + "\",\"Direction\":\"inbound\"}");
    }

    @Test
    void a_warm_decision_runs_no_sql_even_for_callers_never_seen_before() {
        long before = TestApp.STATEMENTS.count();
        for (int i = 0; i < CALLS; i++) {
            assertEquals(200, call(w.d(1), i).status());
            assertEquals(200, call(w.d(2), i).status());
        }
        assertEquals(before, TestApp.STATEMENTS.count(), "SQL statements run by 40 warm decisions of new callers");
    }

    /**
     * Redis counts the commands a script runs as well: the gate script reads both rate-limit buckets and the version
     * (3 GET), counts the call (INCR, EXPIRE). None of them is a round trip of its own.
     */
    private static Map<String, Long> withScript(Map<String, Long> outside) {
        Map<String, Long> all = new HashMap<>(Map.of("evalsha", 1L, "get", 3L, "incr", 1L, "expire", 1L));
        outside.forEach((command, calls) -> all.merge(command, calls, Long::sum));
        return all;
    }

    @Test
    void a_decision_to_an_extension_or_a_simultaneous_group_is_one_script_and_one_pipeline() {
        assertEquals(withScript(Map.of("setex", 1L, "publish", 1L)), commandsPerCall(w.d(1)),
                "DID → user extension: the script, then summary and event in one pipeline (2 round trips)");
        assertEquals(withScript(Map.of("setex", 1L, "publish", 1L)), commandsPerCall(w.d(2)),
                "DID → simultaneous ring group: the same");
    }

    @Test
    void a_round_robin_group_and_an_ivr_menu_add_one_read_of_their_state() {
        assertEquals(withScript(Map.of("get", 1L, "setex", 2L, "publish", 1L)), commandsPerCall(w.d(13)),
                "DID → round-robin group: the script, the pointer read, then pointer, summary and event (3 round trips)");
        assertEquals(withScript(Map.of("get", 1L, "setex", 2L, "publish", 1L)), commandsPerCall(w.d(4)),
                "DID → IVR menu: the script, the state read, then state, summary and event (3 round trips)");
    }

    /** The Redis commands {@link #CALLS} decisions to {@code did} ran, divided by the number of calls. */
    private static Map<String, Long> commandsPerCall(String did) {
        Map<String, Long> before = commandStats();
        for (int i = 0; i < CALLS; i++) {
            assertEquals(200, call(did, i).status());
        }
        Map<String, Long> after = commandStats();
        Map<String, Long> perCall = new HashMap<>();
        after.forEach((command, calls) -> {
            long delta = calls - before.getOrDefault(command, 0L);
            // The once-a-second version sync (eval), this measurement's own connection (auth, info) and a pooled
            // connection's handshake (auth, hello, client, select, ping) are not the decision's.
            if (delta > 0 && !CONNECTION_COMMANDS.contains(command)) {
                perCall.put(command, delta / CALLS);
                assertEquals(0, delta % CALLS, command + " ran " + delta + " times for " + CALLS + " calls");
            }
        });
        return perCall;
    }

    private static Map<String, Long> commandStats() {
        Map<String, Long> stats = new HashMap<>();
        try (Jedis jedis = new Jedis(redis.target().host(), redis.target().port())) {
            jedis.auth(redis.target().password());
            for (String line : jedis.info("commandstats").split("\r?\n")) {
                if (line.startsWith("cmdstat_")) {
                    String command = line.substring("cmdstat_".length(), line.indexOf(':'));
                    String calls = line.substring(line.indexOf("calls=") + 6, line.indexOf(',', line.indexOf("calls=")));
                    stats.put(command, Long.parseLong(calls));
                }
            }
        }
        return stats;
    }
}
