package opbx.voice.scenarios;

import static opbx.voice.scenarios.Voice.ivrKey;
import static opbx.voice.scenarios.Voice.rrKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringReader;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import opbx.access.Role;
import opbx.support.HttpTestClient;
import opbx.support.HttpTestClient.Response;
import opbx.support.Identity;
import opbx.support.TestApp;
import opbx.voice.CallFlowSimulator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * One routing engine, two drivers: every multi-step routing scenario of the suite (execution-plane spec §13: IVR
 * 25-28, ring groups 11-15, conference PINs 30, business hours 18-23 followed into their destinations) and the cases
 * the dry run used to get wrong, run as real requests — what Cloudonix sends, each request following the previous
 * answer's action URL with the same CallSid — and as one dry run with the same inputs. The CXML must be the same at
 * every step, and the dry run's {@code reached} must name the destination the real call ended at. The dry run runs
 * first, so a round-robin group shows the position the real call then reads (and the dry run must not move it).
 */
class DryRunParityTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static TestApp app;
    private static ScenarioFixtures.World w;
    private static Voice voice;
    private static HttpTestClient admin;

    /** A call: to the spec's D{did}, at an instant (null = now), with what the caller keys and what the dials do. */
    record Scenario(String name, int did, String at, List<String> digits, List<String> outcomes, String reachedType,
                    String reachedName) {

        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeAll
    static void fixtures() {
        app = TestApp.shared();
        w = ScenarioFixtures.build(app, "Dry-run parity");
        voice = new Voice(app, w.k1);
        admin = Identity.member(app, w.org1, Role.PBX_ADMIN).http();
    }

    static Stream<Scenario> scenarios() {
        return Stream.of(
                // IVR (scenarios 24-28; menu 7: max_turns 3, failover extension 1004).
                new Scenario("25: option 1 rings group 10", 4, null, List.of("1"), List.of(), "ring_group", "Group 10"),
                new Scenario("26: an invalid option replays the menu", 4, null, List.of("5"), List.of(), "ivr_menu", "Menu 7"),
                new Scenario("27: three empty inputs fail over to 1004", 4, null, List.of("", "", ""), List.of(),
                        "extension", "1004"),
                new Scenario("issue: three invalid inputs fail over to 1004", 4, null, List.of("5", "5", "5"), List.of(),
                        "extension", "1004"),
                new Scenario("issue: three finish keys fail over to 1004", 4, null, List.of("#", "#", "#"), List.of(),
                        "extension", "1004"),
                new Scenario("issue: invalid, empty, invalid fail over to 1004", 4, null, List.of("7", "", "55"),
                        List.of(), "extension", "1004"),
                new Scenario("two invalid inputs, then a valid one", 4, null, List.of("5", "5", "2"), List.of(),
                        "extension", "1002"),
                new Scenario("28: option 9 presents menu 8, whose 0 returns to menu 7", 4, null, List.of("9", "0"),
                        List.of(), "ivr_menu", "Menu 7"),
                new Scenario("28: option 8 leads to inactive menu 9", 4, null, List.of("8"), List.of(), "ivr_menu",
                        "Menu 9"),
                new Scenario("menu 7 to menu 8 and back, then failover counts menu 7's turns afresh", 4, null,
                        List.of("9", "0", "5", "5", "5"), List.of(), "extension", "1004"),
                // Ring groups (scenarios 11-15).
                new Scenario("11: group 10 exhausted falls back to 4000 and menu 7", 6, null, List.of("1"),
                        List.of("no-answer"), "ring_group", "Group 10"),
                new Scenario("11: fallback menu, then its failover", 6, null, List.of("", "", ""), List.of("no-answer"),
                        "extension", "1004"),
                new Scenario("12: an answered attempt hangs up", 6, null, List.of(), List.of("completed"), "hangup",
                        "hangup"),
                new Scenario("14: sequential turns, then no agents", 11, null, List.of(),
                        List.of("busy", "no-answer", "busy", "no-answer"), "hangup", "hangup"),
                new Scenario("15: round robin through its members, then no agents", 13, null, List.of(),
                        List.of("no-answer", "busy", "no-answer"), "hangup", "hangup"),
                new Scenario("15: round robin's second member", 13, null, List.of(), List.of("no-answer"),
                        "ring_group", "Group 12"),
                // Conference PINs (scenario 30).
                new Scenario("30: participant PIN", 5, null, List.of("1234"), List.of(), "conference_room",
                        "Room 5"),
                new Scenario("30: host PIN with its finish key", 5, null, List.of("9999#"), List.of(), "conference_room",
                        "Room 5"),
                new Scenario("30: two wrong PINs, then the right one", 5, null, List.of("0000", "1111", "1234"),
                        List.of(), "conference_room", "Room 5"),
                new Scenario("30: three wrong PINs", 5, null, List.of("0000", "1111", "2222"), List.of(),
                        "conference_room", "Room 5"),
                // Business hours (scenarios 18-23) followed into their destinations.
                new Scenario("18: open, group 10 nobody answers, menu 7 option 2", 3, "2026-01-14T14:30:00Z",
                        List.of("2"), List.of("no-answer"), "extension", "1002"),
                new Scenario("19: closed at 08:30 New York, menu 7 option 1", 3, "2026-01-14T13:30:00Z", List.of("1"),
                        List.of(), "ring_group", "Group 10"),
                new Scenario("20: Christmas, menu 7 fails over", 3, "2026-12-25T15:00:00Z", List.of("", "", ""),
                        List.of(), "extension", "1004"),
                new Scenario("22: Friday night in London rings group 11", 9, "2026-01-16T23:30:00Z", List.of(),
                        List.of("no-answer", "no-answer", "no-answer", "no-answer"), "hangup", "hangup"),
                new Scenario("23: an inactive schedule is always open", 10, "2026-01-18T03:00:00Z", List.of(), List.of(),
                        "extension", "1001"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void the_dry_run_answers_what_real_requests_answer(Scenario scenario) throws Exception {
        String pointerBefore = pointer();
        JsonNode dryRun = dryRun(scenario);
        assertNull(app.server().redis().client().get(ivrKey(w.org1, "simulation")), "the dry run kept no IVR state");
        assertEquals(pointerBefore, pointer(), "the dry run did not move the round-robin pointer");

        List<String> real = real(scenario);
        JsonNode steps = dryRun.path("steps");
        List<String> simulated = new ArrayList<>();
        steps.forEach(step -> simulated.add(step.path("cxml").asText()));
        assertEquals(real, simulated, "the CXML of every step");
        assertEquals(scenario.reachedType(), dryRun.path("reached").path("type").asText(), dryRun.toString());
        assertEquals(scenario.reachedName(), dryRun.path("reached").path("name").asText(), dryRun.toString());
    }

    private static String pointer() {
        return app.server().redis().client().get(rrKey(w.org1, w.rg(12)));
    }

    private static JsonNode dryRun(Scenario scenario) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("to", w.d(scenario.did()));
        body.put("from", "+12125550199");
        body.put("direction", "inbound");
        if (scenario.at() != null) {
            body.put("at", scenario.at());
        }
        body.put("digits", scenario.digits());
        body.put("dial_outcomes", scenario.outcomes());
        Response response = admin.postJson("/api/v1/call-flows/simulate", MAPPER.writeValueAsString(body));
        assertEquals(200, response.status(), response.body());
        return response.json();
    }

    /** The call as Cloudonix drives it: the route, then each answer's action with the caller's next input. */
    private static List<String> real(Scenario scenario) throws Exception {
        if (scenario.at() != null) {
            TestApp.CLOCK.pin(Instant.parse(scenario.at()));
        }
        try {
            String callSid = "parity-" + UUID.randomUUID();
            List<String> documents = new ArrayList<>();
            Response first = voice.inbound(callSid, w.d(scenario.did()));
            assertEquals(200, first.status(), first.body());
            documents.add(first.body());
            int digit = 0;
            int outcome = 0;
            while (true) {
                Element root = parse(documents.get(documents.size() - 1));
                Element gather = first(root, "Gather");
                Element dial = first(root, "Dial");
                Map<String, String> body = new LinkedHashMap<>();
                body.put("CallSid", callSid);
                String action;
                if (gather != null && digit < scenario.digits().size()) {
                    action = gather.getAttribute("action");
                    body.put("Digits", CallFlowSimulator.delivered(gather, scenario.digits().get(digit++)));
                } else if (dial != null && dial.hasAttribute("action") && outcome < scenario.outcomes().size()) {
                    action = dial.getAttribute("action");
                    body.put("DialCallStatus", scenario.outcomes().get(outcome++));
                } else {
                    return documents;
                }
                URI uri = URI.create(action);
                Response next = voice.post(uri.getRawPath() + "?" + uri.getRawQuery(), MAPPER.writeValueAsString(body));
                assertEquals(200, next.status(), next.body());
                documents.add(next.body());
            }
        } finally {
            TestApp.CLOCK.release();
        }
    }

    private static Element first(Element parent, String name) {
        NodeList nodes = parent.getElementsByTagName(name);
        return nodes.getLength() == 0 ? null : (Element) nodes.item(0);
    }

    private static Element parse(String document) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new InputSource(new StringReader(document))).getDocumentElement();
    }
}
