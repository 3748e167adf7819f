package opbx.voice.scenarios;

import static opbx.voice.scenarios.ScenarioFixtures.B;

/**
 * The expected CXML documents of execution-plane spec §0.3 and §13, written out independently of the production
 * builder: the declaration line, two-space indentation, a final newline.
 */
final class Docs {

    static final String DECLARATION = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

    private Docs() {
    }

    /** A document from its lines after the declaration (each line as it appears, indentation included). */
    static String doc(String... lines) {
        StringBuilder out = new StringBuilder(DECLARATION);
        for (String line : lines) {
            out.append(line).append('\n');
        }
        return out.toString();
    }

    static String err(String message) {
        return doc("<Response>", "  <Say>" + message + "</Say>", "  <Hangup/>", "</Response>");
    }

    static String unav(String message) {
        return err(message + " Goodbye.");
    }

    static String hangup() {
        return doc("<Response>", "  <Hangup/>", "</Response>");
    }

    static String authErr(String message) {
        return doc("<Response>", "  <Say language=\"en-US\">" + message + "</Say>", "  <Hangup/>", "</Response>");
    }

    static String busy() {
        return doc("<Response>", "  <Reject reason=\"busy\"/>", "</Response>");
    }

    /** §3.4 User: {@code <Dial timeout="30">} with the number. */
    static String dialUser(String number) {
        return doc("<Response>", "  <Dial timeout=\"30\">", "    <Number>" + number + "</Number>", "  </Dial>", "</Response>");
    }

    /** The ring-group callback URL as it appears in an attribute (escaped). */
    static String groupAction(long groupId, int attempt, int hops, Integer rrOffset) {
        return B + "/api/callbacks/voice/ring-group-callback?ring_group_id=" + groupId + "&amp;attempt_number=" + attempt
                + "&amp;hops=" + hops + (rrOffset == null ? "" : "&amp;rr_offset=" + rrOffset);
    }

    /** §4.2-§4.4: a group Dial. */
    static String groupDial(int timeout, long groupId, int attempt, int hops, Integer rrOffset, String... numbers) {
        String[] lines = new String[numbers.length + 4];
        lines[0] = "<Response>";
        lines[1] = "  <Dial timeout=\"" + timeout + "\" action=\"" + groupAction(groupId, attempt, hops, rrOffset) + "\">";
        for (int i = 0; i < numbers.length; i++) {
            lines[2 + i] = "    <Number>" + numbers[i] + "</Number>";
        }
        lines[numbers.length + 2] = "  </Dial>";
        lines[numbers.length + 3] = "</Response>";
        return doc(lines);
    }

    /** The spec's prompt of menu 7. */
    static String menu7Prompt() {
        return "<Say voice=\"Cloudonix-Neural:Zoe\">Press 1 for sales, 2 for support</Say>";
    }

    /** The spec's prompt of menu 8 for organisation {@code org}. */
    static String menu8Prompt(long org) {
        return "<Play>" + B + "/storage/recordings/" + org + "/prompts/billing%20menu.mp3</Play>";
    }

    /** §6.1: the Gather of a menu with the defaults (2, 3), optionally with the invalid-input notice. */
    static String menuGather(long menuId, int hops, boolean notice, String prompt) {
        String action = B + "/api/voice/ivr-input?menu_id=" + menuId + "&amp;hops=" + hops;
        String gather = "  <Gather action=\"" + action + "\" timeout=\"2\" finishOnKey=\"#\" minDigits=\"1\" maxDigits=\"10\""
                + " maxTimeout=\"3\" actionOnEmptyResult=\"true\">";
        if (notice) {
            return doc("<Response>", gather, "    <Say>Invalid menu option, please try again.</Say>", "    " + prompt,
                    "  </Gather>", "  <Redirect method=\"POST\">" + action + "</Redirect>", "</Response>");
        }
        return doc("<Response>", gather, "    " + prompt, "  </Gather>", "  <Redirect method=\"POST\">" + action + "</Redirect>",
                "</Response>");
    }

    /** §7.2: the PIN prompt. */
    static String pinGather(long roomId, int attempt, boolean notice) {
        String action = B + "/api/voice/conference-pin?conference_room_id=" + roomId + "&amp;attempt=" + attempt;
        String gather = "  <Gather action=\"" + action + "\" timeout=\"5\" finishOnKey=\"#\" minDigits=\"1\" maxDigits=\"20\""
                + " maxTimeout=\"15\" actionOnEmptyResult=\"true\">";
        String prompt = "    <Say>Please enter the conference PIN, followed by the pound key.</Say>";
        if (notice) {
            return doc("<Response>", gather, "    <Say>Invalid PIN, please try again.</Say>", prompt, "  </Gather>",
                    "  <Redirect method=\"POST\">" + action + "</Redirect>", "</Response>");
        }
        return doc("<Response>", gather, prompt, "  </Gather>", "  <Redirect method=\"POST\">" + action + "</Redirect>",
                "</Response>");
    }

    /** §7.3: a Dial with one Conference element whose attributes are given verbatim. */
    static String conference(String attributes, String name) {
        return doc("<Response>", "  <Dial>", "    <Conference " + attributes + ">" + name + "</Conference>", "  </Dial>",
                "</Response>");
    }

    /** §8.3 / §3.4 Forward: a Dial through a trunk. */
    static String dialTrunk(String trunk, String e164) {
        return doc("<Response>", "  <Dial trunks=\"" + trunk + "\">", "    <Number>" + e164 + "</Number>", "  </Dial>",
                "</Response>");
    }
}
