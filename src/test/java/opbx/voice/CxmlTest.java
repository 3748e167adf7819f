package opbx.voice;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CxmlTest {

    @Test
    void err_is_the_declaration_and_four_lines() {
        assertEquals("""
                <?xml version="1.0" encoding="UTF-8"?>
                <Response>
                  <Say>Extension not found</Say>
                  <Hangup/>
                </Response>
                """, Cxml.err("Extension not found"));
    }

    @Test
    void unavailable_appends_goodbye_and_auth_errors_carry_the_language() {
        assertEquals("""
                <?xml version="1.0" encoding="UTF-8"?>
                <Response>
                  <Say>Ring group is inactive Goodbye.</Say>
                  <Hangup/>
                </Response>
                """, Cxml.unavailable("Ring group is inactive"));
        assertEquals("""
                <?xml version="1.0" encoding="UTF-8"?>
                <Response>
                  <Say language="en-US">Unauthorized. Authentication failed.</Say>
                  <Hangup/>
                </Response>
                """, Cxml.authError("Unauthorized. Authentication failed."));
        assertEquals("""
                <?xml version="1.0" encoding="UTF-8"?>
                <Response>
                  <Reject reason="busy"/>
                </Response>
                """, Cxml.busy());
        assertEquals("""
                <?xml version="1.0" encoding="UTF-8"?>
                <Response>
                  <Hangup/>
                </Response>
                """, Cxml.hangupOnly());
    }

    @Test
    void nested_verbs_match_the_ring_group_example_byte_for_byte() {
        String action = "https://pbx.example.com/api/callbacks/voice/ring-group-callback?ring_group_id=10&attempt_number=1&hops=1";

        String document = Cxml.response(Cxml.element("Dial").attr("timeout", 20).attr("action", action)
                .child(Cxml.element("Number").text("1001"))
                .child(Cxml.element("Number").text("1002"))).render();

        assertEquals("""
                <?xml version="1.0" encoding="UTF-8"?>
                <Response>
                  <Dial timeout="20" action="https://pbx.example.com/api/callbacks/voice/ring-group-callback?ring_group_id=10&amp;attempt_number=1&amp;hops=1">
                    <Number>1001</Number>
                    <Number>1002</Number>
                  </Dial>
                </Response>
                """, document);
    }

    @Test
    void user_text_is_escaped_once_and_forbidden_characters_dropped() {
        String document = Cxml.response(Cxml.say("Tom & \"Jerry\" <3 \u0001bell")
                .attr("voice", "a\"b&c<d>")).render();

        assertEquals("""
                <?xml version="1.0" encoding="UTF-8"?>
                <Response>
                  <Say voice="a&quot;b&amp;c&lt;d&gt;">Tom &amp; "Jerry" &lt;3 bell</Say>
                </Response>
                """, document);
    }

    @Test
    void null_attributes_are_left_out_in_order() {
        assertEquals("""
                <?xml version="1.0" encoding="UTF-8"?>
                <Response>
                  <Conference startConferenceOnEnter="true" endConferenceOnExit="false" beep="false">conf_7</Conference>
                </Response>
                """, Cxml.response(Cxml.element("Conference").attr("startConferenceOnEnter", true)
                .attr("endConferenceOnExit", false).attr("maxParticipants", null).attr("beep", false).text("conf_7")).render());
    }
}
