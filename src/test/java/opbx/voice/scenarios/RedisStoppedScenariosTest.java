package opbx.voice.scenarios;

import static opbx.voice.scenarios.Docs.dialUser;
import static opbx.voice.scenarios.Docs.groupDial;
import static opbx.voice.scenarios.Docs.menu7Prompt;
import static opbx.voice.scenarios.Docs.menuGather;
import static opbx.voice.scenarios.Voice.assertCxml;

import opbx.infra.EmbeddedRedisServer;
import opbx.support.TestApp;
import opbx.support.TestStores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Execution-plane spec §13 scenarios 15 (last sentence), 29 and 40 (the voice part), on a server of its own whose
 * Redis is stopped before the first request (§10.3 degraded mode).
 */
@ExtendWith(ContentTypeCheck.class)
class RedisStoppedScenariosTest {

    private static EmbeddedRedisServer redis;
    private static TestApp app;
    private static ScenarioFixtures.World w;
    private static Voice voice;

    @BeforeAll
    static void start() {
        redis = EmbeddedRedisServer.start();
        app = TestApp.start(TestStores.get().database(), redis.target());
        w = ScenarioFixtures.build(app, "Redis stopped");
        voice = new Voice(app, w.k1);
        redis.stop();
    }

    @AfterAll
    static void stop() {
        try {
            if (app != null) {
                app.close();
            }
        } finally {
            if (redis != null) {
                redis.close();
            }
        }
    }

    @Test
    void scenario_15_with_redis_stopped_every_round_robin_call_starts_at_1001() {
        String first = groupDial(15, w.rg(12), 1, 1, 0, "1001");
        assertCxml(first, voice.inbound("c-15d", w.d(13)));
        assertCxml(first, voice.inbound("c-15e", w.d(13)));
        assertCxml(first, voice.inbound("c-15f", w.d(13)));
    }

    @Test
    void scenario_29_with_redis_stopped_invalid_input_fails_over_and_a_valid_option_still_routes() {
        assertCxml(menuGather(w.menu(7), 1, false, menu7Prompt()), voice.inbound("c-29", w.d(4)));
        assertCxml(dialUser("1004"), voice.ivrInput(w.menu(7), 1, "{\"CallSid\":\"c-29\",\"Digits\":\"5\"}"));

        assertCxml(menuGather(w.menu(7), 1, false, menu7Prompt()), voice.inbound("c-29b", w.d(4)));
        assertCxml(groupDial(20, w.rg(10), 1, 1, null, "1001", "1002"),
                voice.ivrInput(w.menu(7), 1, "{\"CallSid\":\"c-29b\",\"Digits\":\"1\"}"));
    }

    @Test
    void scenario_40_with_redis_stopped_scenario_4_answers_from_postgresql() {
        assertCxml(dialUser("1001"), voice.inbound("c-40", w.d(1)));
        assertCxml(dialUser("1001"), voice.inbound("c-40", w.d(1)));
    }
}
