package opbx.voice.scenarios;

import static opbx.voice.scenarios.Docs.authErr;
import static opbx.voice.scenarios.Docs.dialUser;
import static opbx.voice.scenarios.Voice.ROUTE;
import static opbx.voice.scenarios.Voice.assertCxml;
import static org.junit.jupiter.api.Assertions.assertAll;

import java.util.Map;
import opbx.support.TestApp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Execution-plane spec §13, scenarios 1-3: authentication and tenancy (§1.2). */
@ExtendWith(ContentTypeCheck.class)
class AuthenticationScenariosTest {

    private static TestApp app;
    private static ScenarioFixtures.World w;
    private static Voice voice;

    @BeforeAll
    static void fixtures() {
        app = TestApp.shared();
        w = ScenarioFixtures.build(app, "Auth");
        voice = new Voice(app, w.k1);
    }

    private static String body1() {
        return "{\"CallSid\":\"c-1\",\"From\":\"+12125550199\",\"To\":\"" + w.d(1) + "\",\"Direction\":\"inbound\"}";
    }

    @Test
    void scenario_01_a_missing_or_unknown_key_is_401_and_x_cx_apikey_is_accepted() {
        assertAll(
                () -> assertCxml(401, authErr("Unauthorized. Authentication failed."),
                        voice.postWith(ROUTE, body1(), Map.of())),
                () -> assertCxml(401, authErr("Unauthorized. Authentication failed."),
                        voice.postWith(ROUTE, body1(), Map.of("Authorization", "Bearer nope"))),
                () -> assertCxml(200, dialUser("1001"), voice.postWith(ROUTE, body1(), Map.of("X-Cx-Apikey", w.k1))));
    }

    @Test
    void scenario_02_a_suspended_organisation_is_403() {
        assertCxml(403, authErr("Forbidden. Organization is not active."),
                voice.postWith(ROUTE, body1(), Map.of("Authorization", "Bearer " + w.k3)));
    }

    @Test
    void scenario_03_a_route_request_without_to_is_400() {
        assertCxml(400, authErr("Bad request. Missing destination number."),
                voice.route("{\"CallSid\":\"c-3\",\"From\":\"1001\",\"Direction\":\"subscriber\"}"));
    }
}
