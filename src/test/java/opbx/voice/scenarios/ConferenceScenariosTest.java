package opbx.voice.scenarios;

import static opbx.voice.scenarios.Docs.conference;
import static opbx.voice.scenarios.Docs.pinGather;
import static opbx.voice.scenarios.Docs.unav;
import static opbx.voice.scenarios.Voice.assertCxml;
import static org.junit.jupiter.api.Assertions.assertAll;

import opbx.support.TestApp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Execution-plane spec §13, scenarios 30-31: conferences (§7). */
@ExtendWith(ContentTypeCheck.class)
class ConferenceScenariosTest {

    private static TestApp app;
    private static ScenarioFixtures.World w;
    private static Voice voice;

    @BeforeAll
    static void fixtures() {
        app = TestApp.shared();
        w = ScenarioFixtures.build(app, "Conferences");
        voice = new Voice(app, w.k1);
    }

    @Test
    void scenario_30_room_5_asks_for_a_pin_and_admits_participants_and_hosts() {
        long room = w.room(5);
        String name = "conf_" + room;
        assertCxml(pinGather(room, 0, false), voice.inbound("c-30", w.d(5)));

        String query0 = "conference_room_id=" + room + "&attempt=0";
        assertAll(
                () -> assertCxml(conference("startConferenceOnEnter=\"false\" endConferenceOnExit=\"false\" maxParticipants=\"10\""
                                + " muteOnEntry=\"true\" muted=\"true\" announceJoinLeave=\"false\" beep=\"false\" holdMusic=\"true\""
                                + " record=\"record-from-start\"", name),
                        voice.pin(query0, "{\"CallSid\":\"c-30\",\"Digits\":\"1234\"}")),
                () -> assertCxml(conference("startConferenceOnEnter=\"true\" endConferenceOnExit=\"true\" maxParticipants=\"10\""
                                + " muteOnEntry=\"false\" muted=\"false\" announceJoinLeave=\"false\" beep=\"false\" holdMusic=\"true\""
                                + " record=\"record-from-start\"", name),
                        voice.pin(query0, "{\"CallSid\":\"c-30\",\"Digits\":\"9999#\"}")),
                () -> assertCxml(pinGather(room, 1, true), voice.pin(query0, "{\"CallSid\":\"c-30\",\"Digits\":\"0000\"}")),
                () -> assertCxml(unav("Invalid PIN"), voice.pin("conference_room_id=" + room + "&attempt=2",
                        "{\"CallSid\":\"c-30\",\"Digits\":\"0000\"}")));
    }

    @Test
    void scenario_31_extension_3000_joins_room_6_without_a_pin() {
        assertCxml(conference("startConferenceOnEnter=\"true\" endConferenceOnExit=\"false\" maxParticipants=\"25\""
                        + " muteOnEntry=\"false\" muted=\"false\" announceJoinLeave=\"false\" beep=\"false\" holdMusic=\"false\"",
                "conf_" + w.room(6)), voice.subscriber("c-31", "1001", "3000"));
    }
}
