package opbx.voice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import opbx.voice.model.RoomInfo;

class ConferenceFlowTest {

    private static final String B = "https://pbx.example.com";

    /** Scenario fixture room 5: pin 1234 required, host 9999, wait_for_host, mute, hold music, recording auto. */
    private static final RoomInfo ROOM_5 = new RoomInfo(5, "Room 5", "active", 10, "1234", true, "9999",
            true, true, false, true, true, true, null, false, null);

    /** Scenario fixture room 6: no PINs, max 25, all flags false. */
    private static final RoomInfo ROOM_6 = new RoomInfo(6, "Room 6", "active", 25, null, false, null,
            false, false, false, false, false, false, null, false, null);

    private static final String PROMPT_5_ATTEMPT_0 = """
            <?xml version="1.0" encoding="UTF-8"?>
            <Response>
              <Gather action="https://pbx.example.com/api/voice/conference-pin?conference_room_id=5&amp;attempt=0" timeout="5" finishOnKey="#" minDigits="1" maxDigits="20" maxTimeout="15" actionOnEmptyResult="true">
                <Say>Please enter the conference PIN, followed by the pound key.</Say>
              </Gather>
              <Redirect method="POST">https://pbx.example.com/api/voice/conference-pin?conference_room_id=5&amp;attempt=0</Redirect>
            </Response>
            """;

    private static final String PARTICIPANT_5 = """
            <?xml version="1.0" encoding="UTF-8"?>
            <Response>
              <Dial>
                <Conference startConferenceOnEnter="false" endConferenceOnExit="false" maxParticipants="10" muteOnEntry="true" muted="true" announceJoinLeave="false" beep="false" holdMusic="true" record="record-from-start">conf_5</Conference>
              </Dial>
            </Response>
            """;

    private static final String HOST_5 = """
            <?xml version="1.0" encoding="UTF-8"?>
            <Response>
              <Dial>
                <Conference startConferenceOnEnter="true" endConferenceOnExit="true" maxParticipants="10" muteOnEntry="false" muted="false" announceJoinLeave="false" beep="false" holdMusic="true" record="record-from-start">conf_5</Conference>
              </Dial>
            </Response>
            """;

    private static final String PARTICIPANT_6 = """
            <?xml version="1.0" encoding="UTF-8"?>
            <Response>
              <Dial>
                <Conference startConferenceOnEnter="true" endConferenceOnExit="false" maxParticipants="25" muteOnEntry="false" muted="false" announceJoinLeave="false" beep="false" holdMusic="false">conf_6</Conference>
              </Dial>
            </Response>
            """;

    private static String reprompt5(int attempt) {
        String url = "https://pbx.example.com/api/voice/conference-pin?conference_room_id=5&amp;attempt=" + attempt;
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <Response>
                  <Gather action="%s" timeout="5" finishOnKey="#" minDigits="1" maxDigits="20" maxTimeout="15" actionOnEmptyResult="true">
                    <Say>Invalid PIN, please try again.</Say>
                    <Say>Please enter the conference PIN, followed by the pound key.</Say>
                  </Gather>
                  <Redirect method="POST">%s</Redirect>
                </Response>
                """.formatted(url, url);
    }

    private static RoomInfo room(Integer max, String pin, boolean pinRequired, String hostPin, boolean waitForHost) {
        return new RoomInfo(7, "Room 7", "active", max, pin, pinRequired, hostPin, waitForHost, false, false, false,
                false, false, null, false, null);
    }

    @Test
    void entering_room_5_plays_the_pin_prompt_with_attempt_zero() {
        assertEquals(PROMPT_5_ATTEMPT_0, ConferenceFlow.enter(ROOM_5, B));
    }

    @Test
    void a_trailing_slash_on_the_base_is_not_doubled() {
        assertEquals(PROMPT_5_ATTEMPT_0, ConferenceFlow.enter(ROOM_5, B + "/"));
    }

    @Test
    void pin_1234_joins_room_5_as_a_waiting_muted_participant() {
        assertEquals(PARTICIPANT_5, ConferenceFlow.pin(ROOM_5, B, "1234", 0));
    }

    @Test
    void host_pin_9999_with_pound_joins_room_5_as_host() {
        assertEquals(HOST_5, ConferenceFlow.pin(ROOM_5, B, "9999#", 0));
        assertEquals(HOST_5, ConferenceFlow.pin(ROOM_5, B, " 9999 ", 2));
    }

    @Test
    void participant_pin_is_trimmed_and_loses_its_trailing_pound() {
        assertEquals(PARTICIPANT_5, ConferenceFlow.pin(ROOM_5, B, "  1234#  ", 1));
    }

    @Test
    void a_wrong_pin_re_prompts_with_the_notice_and_the_next_attempt() {
        assertEquals(reprompt5(1), ConferenceFlow.pin(ROOM_5, B, "0000", 0));
        assertEquals(reprompt5(2), ConferenceFlow.pin(ROOM_5, B, "0000", 1));
    }

    @Test
    void the_third_wrong_pin_is_unavailable_invalid_pin() {
        String expected = """
                <?xml version="1.0" encoding="UTF-8"?>
                <Response>
                  <Say>Invalid PIN Goodbye.</Say>
                  <Hangup/>
                </Response>
                """;
        assertEquals(expected, ConferenceFlow.pin(ROOM_5, B, "0000", 2));
        assertEquals(expected, ConferenceFlow.pin(ROOM_5, B, "0000", 7));
    }

    @Test
    void an_empty_entry_counts_as_a_failure_when_a_participant_pin_is_required() {
        assertEquals(reprompt5(1), ConferenceFlow.pin(ROOM_5, B, "", 0));
        assertEquals(reprompt5(1), ConferenceFlow.pin(ROOM_5, B, "#", 0));
        assertEquals(reprompt5(1), ConferenceFlow.pin(ROOM_5, B, null, 0));
    }

    @Test
    void a_prefix_of_the_pin_is_not_accepted() {
        assertEquals(reprompt5(1), ConferenceFlow.pin(ROOM_5, B, "123", 0));
        assertEquals(reprompt5(1), ConferenceFlow.pin(ROOM_5, B, "12345", 0));
    }

    @Test
    void room_6_without_pins_joins_directly_as_participant() {
        assertEquals(PARTICIPANT_6, ConferenceFlow.enter(ROOM_6, B));
        assertEquals(PARTICIPANT_6, ConferenceFlow.join(ROOM_6, false));
    }

    @Test
    void a_host_pin_alone_prompts_and_an_empty_entry_joins_as_participant() {
        RoomInfo hostOnly = room(null, null, false, "4321", true);
        assertTrue(ConferenceFlow.needsPin(hostOnly));
        String participant = """
                <?xml version="1.0" encoding="UTF-8"?>
                <Response>
                  <Dial>
                    <Conference startConferenceOnEnter="false" endConferenceOnExit="false" muteOnEntry="false" muted="false" announceJoinLeave="false" beep="false" holdMusic="false">conf_7</Conference>
                  </Dial>
                </Response>
                """;
        assertEquals(participant, ConferenceFlow.pin(hostOnly, B, "#", 0));
        assertEquals(participant, ConferenceFlow.pin(hostOnly, B, "", 2));
        assertEquals("""
                <?xml version="1.0" encoding="UTF-8"?>
                <Response>
                  <Dial>
                    <Conference startConferenceOnEnter="true" endConferenceOnExit="true" muteOnEntry="false" muted="false" announceJoinLeave="false" beep="false" holdMusic="false">conf_7</Conference>
                  </Dial>
                </Response>
                """, ConferenceFlow.pin(hostOnly, B, "4321", 0));
    }

    @Test
    void a_pin_that_is_not_required_does_not_prompt_but_still_admits_when_entered() {
        RoomInfo optional = room(5, "1111", false, null, false);
        assertFalse(ConferenceFlow.needsPin(optional));
        String participant = """
                <?xml version="1.0" encoding="UTF-8"?>
                <Response>
                  <Dial>
                    <Conference startConferenceOnEnter="true" endConferenceOnExit="false" maxParticipants="5" muteOnEntry="false" muted="false" announceJoinLeave="false" beep="false" holdMusic="false">conf_7</Conference>
                  </Dial>
                </Response>
                """;
        assertEquals(participant, ConferenceFlow.enter(optional, B));
        assertEquals(participant, ConferenceFlow.pin(optional, B, "1111", 0));
        assertEquals(participant, ConferenceFlow.pin(optional, B, "", 0));
    }

    @Test
    void a_required_but_empty_pin_does_not_prompt() {
        assertFalse(ConferenceFlow.needsPin(room(null, "", true, " ", false)));
    }

    @Test
    void wait_for_host_without_a_host_pin_does_not_wait() {
        RoomInfo noHost = room(30, null, false, null, true);
        assertEquals("""
                <?xml version="1.0" encoding="UTF-8"?>
                <Response>
                  <Dial>
                    <Conference startConferenceOnEnter="true" endConferenceOnExit="false" maxParticipants="30" muteOnEntry="false" muted="false" announceJoinLeave="false" beep="false" holdMusic="false">conf_7</Conference>
                  </Dial>
                </Response>
                """, ConferenceFlow.enter(noHost, B));
    }

    @Test
    void max_participants_is_capped_at_250() {
        assertTrue(ConferenceFlow.join(room(1000, null, false, null, false), false)
                .contains(" maxParticipants=\"250\" "));
        assertTrue(ConferenceFlow.join(room(250, null, false, null, false), false)
                .contains(" maxParticipants=\"250\" "));
        assertFalse(ConferenceFlow.join(room(null, null, false, null, false), false)
                .contains("maxParticipants"));
    }

    @Test
    void announce_join_leave_sets_both_announce_and_beep() {
        RoomInfo announce = new RoomInfo(8, "Room 8", "active", null, null, false, null, false, false, true, false,
                false, false, null, false, null);
        assertTrue(ConferenceFlow.join(announce, false).contains(" announceJoinLeave=\"true\" beep=\"true\" "));
        assertTrue(ConferenceFlow.join(announce, true).contains(" announceJoinLeave=\"true\" beep=\"true\" "));
    }

    @Test
    void recording_and_talk_detection_callbacks_are_written_when_set() {
        RoomInfo full = new RoomInfo(9, "Room 9", "active", 12, null, false, null, false, true, true, true,
                true, true, "https://hooks.example.com/rec?a=1&b=2", true, "https://hooks.example.com/talk");
        assertEquals("""
                <?xml version="1.0" encoding="UTF-8"?>
                <Response>
                  <Dial>
                    <Conference startConferenceOnEnter="true" endConferenceOnExit="false" maxParticipants="12" muteOnEntry="true" muted="true" announceJoinLeave="true" beep="true" holdMusic="true" record="record-from-start" recordingStatusCallback="https://hooks.example.com/rec?a=1&amp;b=2" talkDetection="normal" statusCallback="https://hooks.example.com/talk" statusCallbackEvent="speaker">conf_9</Conference>
                  </Dial>
                </Response>
                """, ConferenceFlow.join(full, false));
    }

    @Test
    void talk_detection_without_a_url_has_no_status_callback() {
        RoomInfo talk = new RoomInfo(10, "Room 10", "active", null, null, false, null, false, false, false, false,
                false, false, null, true, "  ");
        assertEquals("""
                <?xml version="1.0" encoding="UTF-8"?>
                <Response>
                  <Dial>
                    <Conference startConferenceOnEnter="true" endConferenceOnExit="false" muteOnEntry="false" muted="false" announceJoinLeave="false" beep="false" holdMusic="false" talkDetection="normal">conf_10</Conference>
                  </Dial>
                </Response>
                """, ConferenceFlow.join(talk, false));
    }

    @Test
    void recording_without_auto_start_omits_record_and_its_callback() {
        RoomInfo manual = new RoomInfo(11, "Room 11", "active", null, null, false, null, false, false, false, false,
                true, false, "https://hooks.example.com/rec", false, "https://hooks.example.com/talk");
        String join = ConferenceFlow.join(manual, false);
        assertFalse(join.contains("record"));
        assertFalse(join.contains("recordingStatusCallback"));
        assertFalse(join.contains("talkDetection"));
        assertFalse(join.contains("statusCallback"));
    }

    @Test
    void pin_action_url_carries_room_and_attempt() {
        assertEquals("https://pbx.example.com/api/voice/conference-pin?conference_room_id=5&attempt=2",
                ConferenceFlow.pinActionUrl(B, 5, 2));
        assertEquals("conf_5", ConferenceFlow.conferenceName(5));
    }
}
