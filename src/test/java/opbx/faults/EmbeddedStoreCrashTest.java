package opbx.faults;

import static opbx.db.gen.Tables.CALL_DETAIL_RECORDS;
import static opbx.faults.FaultWorld.await;
import static org.jooq.impl.DSL.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import opbx.events.SseProbe;
import opbx.infra.EmbeddedPostgresServer;
import opbx.infra.EmbeddedRedisServer;
import opbx.support.HttpTestClient.Response;
import opbx.support.TestApp;
import org.jooq.Record2;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The single jar on its embedded stores keeps what it acknowledged and heals itself (issue 15): {@code kill -9} of the
 * embedded PostgreSQL's process group under CDR load loses no CDR answered 200, and the jar starts the database again
 * on the same folder; {@code kill -9} of the embedded Redis is followed by a restart after which health, rate limits
 * and events are back without anyone restarting the jar.
 */
class EmbeddedStoreCrashTest {

    private static final Duration CAP = Duration.ofSeconds(60);

    @Test
    void every_cdr_answered_200_survives_a_kill_of_the_database_which_comes_back_by_itself(@TempDir Path data)
            throws Exception {
        TestApp app = TestApp.startEmbedded(data, Map.of());
        try {
            EmbeddedPostgresServer postgres = (EmbeddedPostgresServer) app.server().embeddedStores().get(0);
            assertEquals(List.of("on", "on", "on"), app.dsl().fetchValues(
                    "SELECT setting FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit', 'full_page_writes') "
                            + "ORDER BY name").stream().map(String::valueOf).toList(), "durable settings");
            FaultWorld w = new FaultWorld(app, "Crash database");
            assertEquals(200, w.post(FaultWorld.CDR, FaultWorld.cdr(0)).status());

            List<Clients.Answer> answers;
            try (Clients clients = new Clients(3, n -> w.post(FaultWorld.CDR, FaultWorld.cdr(n)))) {
                assertTrue(await(CAP, () -> clients.answeredIn("before") >= 60), "load is running");
                long pid = postgres.postmasterPid().orElseThrow();
                clients.phase("crash");
                killGroup(pid);
                assertTrue(await(CAP, () -> postgres.postmasterPid().filter(p -> p != pid).isPresent() && postgres.alive()),
                        "the jar started the database again");
                clients.phase("after");
                assertTrue(await(CAP, () -> clients.answers().stream()
                        .filter(a -> a.phase().equals("after") && a.status() == 200).count() >= 30), "stored again");
                answers = clients.stop();
            }
            System.out.println("[faults] CDRs through a kill -9 of the embedded PostgreSQL: " + Clients.summary(answers));

            Set<String> acknowledged = answers.stream().filter(a -> a.status() == 200)
                    .map(a -> FaultWorld.callId(a.n())).collect(Collectors.toSet());
            Map<String, Integer> stored = app.dsl().select(CALL_DETAIL_RECORDS.CALL_ID, count())
                    .from(CALL_DETAIL_RECORDS)
                    .where(CALL_DETAIL_RECORDS.ORGANIZATION_ID.eq(w.org))
                    .groupBy(CALL_DETAIL_RECORDS.CALL_ID)
                    .fetchMap(Record2::value1, Record2::value2);
            List<String> lost = acknowledged.stream().filter(id -> !stored.containsKey(id)).sorted().toList();
            assertEquals(List.of(), lost, "answered 200, not stored");
            assertEquals(List.of(), stored.entrySet().stream().filter(e -> e.getValue() != 1).map(Map.Entry::getKey)
                    .toList(), "stored more than once");
            assertTrue(answers.stream().anyMatch(a -> a.status() == 503), "the crash was seen: " + Clients.summary(answers));
            assertEquals(1.0, metric(app, "opbx_embedded_store_restarts_total{store=\"postgres\"}"));
        } finally {
            app.close();
        }
    }

    @Test
    void after_a_kill_of_the_embedded_redis_health_rate_limits_and_events_come_back(@TempDir Path data) {
        TestApp app = TestApp.startEmbedded(data, Map.of("OPBX_RATE_LIMIT_AUTHFAIL_PER_MIN", "3",
                "OPBX_SSE_HEARTBEAT_S", "1"));
        try {
            EmbeddedRedisServer redis = (EmbeddedRedisServer) app.server().embeddedStores().get(1);
            FaultWorld w = new FaultWorld(app, "Crash redis");
            try (SseProbe events = SseProbe.open(app, w.org)) {
                try (Clients clients = new Clients(2, n -> w.route("crash-" + n))) {
                    assertTrue(await(CAP, () -> clients.answeredIn("before") >= 30), "load is running");
                    long pid = redis.process().orElseThrow().pid();
                    clients.phase("crash");
                    assertTrue(redis.process().orElseThrow().destroyForcibly(), "kill -9 of redis-server " + pid);
                    assertTrue(await(CAP, () -> redis.process().filter(p -> p.pid() != pid).isPresent()),
                            "the jar started Redis again");
                    assertTrue(await(CAP, () -> "healthy".equals(app.http().get("/api/health").json().path("status")
                            .asText())), "health is back");
                    clients.phase("after");
                    assertTrue(await(CAP, () -> clients.answeredIn("after") >= 30), "routing went on");
                    List<Clients.Answer> answers = clients.stop();
                    assertEquals(List.of(), answers.stream().filter(a -> a.status() != 200).limit(3).toList(),
                            "routing answered every call: " + Clients.summary(answers));
                }
                assertEquals(1.0, metric(app, "opbx_embedded_store_restarts_total{store=\"redis\"}"));
                events.assertDelivered();
            }

            String body = "{\"CallSid\":\"c-x\",\"To\":\"" + w.did + "\",\"Direction\":\"inbound\"}";
            for (int i = 0; i < 3; i++) {
                assertEquals(401, app.http().send("POST", FaultWorld.ROUTE, body, "application/json",
                        Map.of("Authorization", "Bearer wrong-" + i)).status());
            }
            Response limited = app.http().send("POST", FaultWorld.ROUTE, body, "application/json",
                    Map.of("Authorization", "Bearer wrong-4"));
            assertEquals(429, limited.status(), "rate limits are enforced again: " + limited.body());
        } finally {
            app.close();
        }
    }

    private static void killGroup(long pid) throws IOException, InterruptedException {
        int exit = new ProcessBuilder("kill", "-KILL", "--", "-" + pid).inheritIO().start().waitFor();
        assertEquals(0, exit, "kill -9 of the postmaster's process group " + pid);
    }

    private static double metric(TestApp app, String series) {
        return app.http().get("/metrics").body().lines().filter(line -> line.startsWith(series + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).findFirst().orElse(-1);
    }
}
