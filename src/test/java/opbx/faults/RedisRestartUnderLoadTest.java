package opbx.faults;

import static opbx.faults.FaultWorld.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import opbx.voice.ConfigVersions;
import opbx.infra.EmbeddedRedisServer;
import opbx.support.TestApp;
import opbx.support.TestStores;
import org.junit.jupiter.api.Test;

/**
 * Issue 9 item 5, execution-plane spec §10.3: Redis stops under routing load and comes back; routing answers every
 * call from PostgreSQL meanwhile and goes back to Redis by itself.
 */
class RedisRestartUnderLoadTest {

    private static final int CLIENTS = 6;
    private static final Duration CAP = Duration.ofSeconds(20);

    @Test
    void routing_answers_every_call_correctly_while_redis_stops_and_uses_redis_again_once_it_is_back() {
        try (EmbeddedRedisServer redis = EmbeddedRedisServer.start()) {
            TestApp app = TestApp.start(TestStores.get().database(), redis.target());
            try {
                FaultWorld w = new FaultWorld(app, "Fault Redis restart");
                String versionKey = ConfigVersions.key(w.org);
                assertEquals(FaultWorld.DIAL_1001, w.route("warm").body());
                assertTrue(app.server().redis().client().exists(versionKey),
                        "the warm path reads the configuration version from Redis");

                List<Clients.Answer> answers;
                try (Clients clients = new Clients(CLIENTS, n -> w.route("redis-fault-" + n))) {
                    assertTrue(await(CAP, () -> clients.answeredIn("before") >= 50), "load is running");

                    clients.phase("redis stopped");
                    redis.stop();
                    assertTrue(await(CAP, () -> clients.answeredIn("redis stopped") >= 100),
                            "routing went on answering with Redis stopped");
                    assertEquals("degraded", app.http().get("/api/health").json().path("status").asText());

                    clients.phase("redis back");
                    redis.startAgain();
                    // The restarted Redis is empty: the version key reappearing means routing wrote to it again by itself.
                    assertTrue(await(CAP, () -> app.server().redis().ping()
                            && app.server().redis().client().exists(versionKey)), "routing used Redis again");
                    long back = clients.answeredIn("redis back");
                    assertTrue(await(CAP, () -> clients.answeredIn("redis back") >= back + 50), "load went on");
                    answers = clients.stop();
                }

                System.out.println("[faults] routing through a Redis restart: " + Clients.summary(answers));
                assertEquals("healthy", app.http().get("/api/health").json().path("status").asText());
                List<Clients.Answer> wrong = answers.stream()
                        .filter(a -> a.status() != 200 || !FaultWorld.DIAL_1001.equals(a.body()))
                        .toList();
                assertEquals(List.of(), wrong.stream().limit(5).toList(), wrong.size() + " wrong answers of " + answers.size());
                assertTrue(answers.stream().filter(a -> a.phase().equals("redis stopped")).count() >= 100);
            } finally {
                app.close();
            }
        }
    }
}
