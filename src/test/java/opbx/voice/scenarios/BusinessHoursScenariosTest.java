package opbx.voice.scenarios;

import static opbx.voice.scenarios.Docs.dialUser;
import static opbx.voice.scenarios.Docs.groupDial;
import static opbx.voice.scenarios.Docs.menu7Prompt;
import static opbx.voice.scenarios.Docs.menuGather;
import static opbx.voice.scenarios.Voice.assertCxml;

import java.time.Instant;
import opbx.support.HttpTestClient.Response;
import opbx.support.TestApp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Execution-plane spec §13, scenarios 18-23: business hours (§5); "at" is the server clock. */
@ExtendWith(ContentTypeCheck.class)
class BusinessHoursScenariosTest {

    private static TestApp app;
    private static ScenarioFixtures.World w;
    private static Voice voice;

    @BeforeAll
    static void fixtures() {
        app = TestApp.shared();
        w = ScenarioFixtures.build(app, "Business hours");
        voice = new Voice(app, w.k1);
    }

    /** Inbound to D{n} with the server clock pinned at {@code at}. */
    private static Response at(String at, String callSid, int did) {
        TestApp.CLOCK.pin(Instant.parse(at));
        try {
            return voice.inbound(callSid, w.d(did));
        } finally {
            TestApp.CLOCK.release();
        }
    }

    private static String open3() {
        return groupDial(20, w.rg(10), 1, 3, null, "1001", "1002");
    }

    private static String closed3() {
        return menuGather(w.menu(7), 2, false, menu7Prompt());
    }

    @Test
    void scenario_18_d3_open_on_a_wednesday_morning_in_new_york_rings_group_10_at_hop_3() {
        assertCxml(open3(), at("2026-01-14T15:30:00Z", "c-18", 3));
    }

    @Test
    void scenario_19_d3_closed_at_0830_new_york_presents_menu_7_at_hop_2() {
        assertCxml(closed3(), at("2026-01-14T13:30:00Z", "c-19", 3));
    }

    @Test
    void scenario_20_d3_closed_on_christmas_by_a_yearly_exception() {
        assertCxml(closed3(), at("2026-12-25T15:00:00Z", "c-20", 3));
    }

    @Test
    void scenario_21_d3_special_hours_on_the_short_day() {
        assertCxml(open3(), at("2026-01-16T16:00:00Z", "c-21a", 3));
        assertCxml(closed3(), at("2026-01-16T19:00:00Z", "c-21b", 3));
    }

    @Test
    void scenario_22_d9_friday_overnight_range_in_london_spills_into_saturday() {
        String open = groupDial(15, w.rg(11), 1, 2, null, "1001");
        String closed = dialUser("1004");
        assertCxml(open, at("2026-01-17T01:30:00Z", "c-22a", 9));
        assertCxml(closed, at("2026-01-17T02:00:00Z", "c-22b", 9));
        assertCxml(closed, at("2026-01-16T21:59:00Z", "c-22c", 9));
        assertCxml(open, at("2026-01-16T22:00:00Z", "c-22d", 9));
    }

    @Test
    void scenario_23_d10_inactive_schedule_is_always_open() {
        assertCxml(dialUser("1001"), at("2026-01-14T15:30:00Z", "c-23a", 10));
        assertCxml(dialUser("1001"), at("2026-01-18T03:00:00Z", "c-23b", 10));
        assertCxml(dialUser("1001"), voice.inbound("c-23c", w.d(10)));
    }
}
