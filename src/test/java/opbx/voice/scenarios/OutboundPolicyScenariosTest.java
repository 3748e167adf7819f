package opbx.voice.scenarios;

import static opbx.voice.scenarios.Docs.dialTrunk;
import static opbx.voice.scenarios.Docs.err;
import static opbx.voice.scenarios.Docs.menuGather;
import static opbx.voice.scenarios.Voice.assertCxml;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import opbx.access.Role;
import opbx.secrets.Secrets;
import opbx.support.HttpTestClient.Response;
import opbx.support.Identity;
import opbx.support.TestApp;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Toll fraud through a forward: every path that ends in dialling a number outside the organisation passes the same
 * outbound policy as a direct outbound call (the whitelist of the §13 fixtures: US, +1212 and IL 05). The forwards are
 * written as rows, as a forward saved before the whitelist changed would be: the runtime check must hold on its own.
 */
@ExtendWith(ContentTypeCheck.class)
class OutboundPolicyScenariosTest {

    private static final String ESTONIA = "+3726000000";
    private static final String LONDON = "+442079460000";
    private static final String PREMIUM = "+88213123456";
    private static final String NEW_YORK = "+12125550100";
    private static final String REFUSED = err("Outbound call not permitted");

    private static TestApp app;
    private static ScenarioFixtures.World w;
    private static Voice voice;
    private static long estoniaForward;
    private static long premiumMenu;
    private static long fallbackGroup;

    @BeforeAll
    static void fixtures() {
        app = TestApp.shared();
        w = ScenarioFixtures.build(app, "Toll fraud");
        voice = new Voice(app, w.k1);
        DSLContext dsl = app.dsl();
        Secrets secrets = new Secrets(app.server().appKey(), Optional.empty());
        long o = w.org1;
        estoniaForward = ScenarioFixtures.extension(dsl, secrets, o, "1700", "user", "active",
                "{\"forward_to\":\"" + ESTONIA + "\"}", null, null, null);
        long london = ScenarioFixtures.extension(dsl, secrets, o, "1701", "forward", "active",
                "{\"forward_to\":\"" + LONDON + "\"}", null, null, null);
        long premium = ScenarioFixtures.extension(dsl, secrets, o, "1702", "forward", "active",
                "{\"forward_to\":\"" + PREMIUM + "\"}", null, null, null);
        long newYork = ScenarioFixtures.extension(dsl, secrets, o, "1703", "user", "active",
                "{\"forward_to\":\"" + NEW_YORK + "\"}", null, null, null);
        ScenarioFixtures.extension(dsl, secrets, o, "1704", "user", "active", "{\"forward_to\":\"1700\"}", null, null, null);
        ScenarioFixtures.did(dsl, o, w.d(20), "extension", "extension_id", london, "active");
        ScenarioFixtures.did(dsl, o, w.d(21), "extension", "extension_id", newYork, "active");
        premiumMenu = ScenarioFixtures.menu(dsl, o, "Premium menu", null, "Press 1", "extension", estoniaForward, "active");
        ScenarioFixtures.option(dsl, o, premiumMenu, "1", "extension", premium, 1);
        ScenarioFixtures.option(dsl, o, premiumMenu, "2", "extension", newYork, 2);
        ScenarioFixtures.did(dsl, o, w.d(22), "ivr_menu", "ivr_menu_id", premiumMenu, "active");
        fallbackGroup = ScenarioFixtures.ringGroup(dsl, o, "Forwarding fallback", "sequential", 15, 1, "extension", london,
                null, "active");
        ScenarioFixtures.member(dsl, o, fallbackGroup, w.ext(11), 1);
        long alwaysOpen = ScenarioFixtures.schedule(dsl, o, "Always open", "inactive", null, "extension", "ext-" + premium,
                "extension", "ext-" + premium);
        ScenarioFixtures.did(dsl, o, w.d(23), "business_hours", "business_hours_schedule_id", alwaysOpen, "active");
    }

    @Test
    void a_forward_is_refused_where_a_direct_call_to_the_same_number_is() {
        String direct = "{\"CallSid\":\"tf-1\",\"From\":\"1700\",\"To\":\"" + ESTONIA + "\",\"Direction\":\"outbound\"}";
        String viaForward = "{\"CallSid\":\"tf-1\",\"From\":\"1700\",\"To\":\"1700\",\"Direction\":\"outbound\"}";
        assertAll(
                () -> assertCxml(REFUSED, voice.route(direct)),
                () -> assertCxml(REFUSED, voice.route(viaForward)),
                () -> assertCxml(REFUSED, voice.subscriber("tf-1", "1001", "1700")),
                () -> assertCxml(REFUSED, voice.subscriber("tf-1", "1001", "1701")),
                () -> assertCxml(REFUSED, voice.subscriber("tf-1", "1001", "1704")),
                () -> assertCxml(dialTrunk("nyc-trunk", NEW_YORK), voice.subscriber("tf-1", "1001", "1703")));
    }

    @Test
    void an_inbound_call_to_a_number_that_forwards_abroad_is_refused() {
        assertAll(
                () -> assertCxml(REFUSED, voice.inbound("tf-2", w.d(20))),
                () -> assertCxml(dialTrunk("nyc-trunk", NEW_YORK), voice.inbound("tf-2", w.d(21))));
    }

    @Test
    void an_ivr_choice_and_an_ivr_failover_that_reach_a_forward_are_refused() {
        String prompt = "<Say voice=\"Cloudonix-Neural:Zoe\">Press 1</Say>";
        assertCxml(menuGather(premiumMenu, 1, false, prompt), voice.inbound("tf-3", w.d(22)));
        assertCxml(REFUSED, voice.ivrInput(premiumMenu, 1, "{\"CallSid\":\"tf-3\",\"Digits\":\"1\"}"));

        assertCxml(menuGather(premiumMenu, 1, false, prompt), voice.inbound("tf-4", w.d(22)));
        assertCxml(dialTrunk("nyc-trunk", NEW_YORK), voice.ivrInput(premiumMenu, 1, "{\"CallSid\":\"tf-4\",\"Digits\":\"2\"}"));

        assertCxml(menuGather(premiumMenu, 1, false, prompt), voice.inbound("tf-5", w.d(22)));
        voice.ivrInput(premiumMenu, 1, "{\"CallSid\":\"tf-5\",\"Digits\":\"9\"}");
        voice.ivrInput(premiumMenu, 1, "{\"CallSid\":\"tf-5\",\"Digits\":\"9\"}");
        assertCxml(REFUSED, voice.ivrInput(premiumMenu, 1, "{\"CallSid\":\"tf-5\",\"Digits\":\"9\"}"));
    }

    @Test
    void a_ring_group_fallback_and_a_business_hours_action_that_reach_a_forward_are_refused() {
        assertAll(
                () -> assertCxml(REFUSED, voice.callback("ring_group_id=" + fallbackGroup + "&attempt_number=1&hops=1",
                        "{\"CallSid\":\"tf-6\",\"DialCallStatus\":\"no-answer\"}")),
                () -> assertCxml(REFUSED, voice.inbound("tf-7", w.d(23))));
    }

    @Test
    void the_dry_run_and_the_call_flow_view_show_the_refusal() {
        Identity.Member owner = Identity.member(app, w.org1, Role.OWNER);
        Response dryRun = owner.http().postJson("/api/v1/call-flows/simulate",
                "{\"to\":\"" + w.d(20) + "\",\"from\":\"+12125550199\",\"direction\":\"inbound\"}");
        assertEquals(200, dryRun.status(), dryRun.body());
        assertEquals(REFUSED, dryRun.json().path("steps").path(0).path("cxml").asText());

        Response view = owner.http().get("/api/v1/call-flows/extensions/" + estoniaForward);
        assertEquals(200, view.status(), view.body());
        JsonNode target = view.json().path("data").path("edges").path(0).path("node");
        assertEquals("external", target.path("type").asText(), view.body());
        assertEquals(ESTONIA, target.path("name").asText());
        assertEquals("refused", target.path("status").asText());
        assertEquals("Outbound call not permitted", target.path("detail").path("answer").asText());
    }
}
