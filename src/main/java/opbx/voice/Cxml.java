package opbx.voice;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one CXML builder of the execution plane (execution-plane spec §0.2): a small element tree serialised in exactly
 * one place, so escaping happens once and every document has the same shape — the XML declaration, one element per
 * line indented two spaces per level, text on its element's line, childless elements self-closed, attributes in the
 * order they were added, a final newline. User text never meets markup before {@link #render()}.
 */
public final class Cxml {

    public static final String CONTENT_TYPE = "text/xml; charset=UTF-8";
    private static final String DECLARATION = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";

    private final String name;
    private final Map<String, String> attributes = new LinkedHashMap<>();
    private final List<Cxml> children = new ArrayList<>();
    private String text;

    private Cxml(String name) {
        this.name = name;
    }

    /** {@code <Response>} with the given verbs. */
    public static Cxml response(Cxml... verbs) {
        Cxml response = new Cxml("Response");
        for (Cxml verb : verbs) {
            response.children.add(verb);
        }
        return response;
    }

    public static Cxml element(String name) {
        return new Cxml(name);
    }

    public static Cxml say(String text) {
        return element("Say").text(text);
    }

    public static Cxml hangup() {
        return element("Hangup");
    }

    /** An attribute; a null value leaves it out, so optional attributes need no branching at the call site. */
    public Cxml attr(String attribute, Object value) {
        if (value != null) {
            attributes.put(attribute, String.valueOf(value));
        }
        return this;
    }

    public Cxml text(String value) {
        this.text = value;
        return this;
    }

    public Cxml child(Cxml element) {
        children.add(element);
        return this;
    }

    /** The whole document. */
    public String render() {
        StringBuilder out = new StringBuilder(256).append(DECLARATION).append('\n');
        write(out, 0);
        return out.toString();
    }

    private void write(StringBuilder out, int depth) {
        out.append("  ".repeat(depth)).append('<').append(name);
        attributes.forEach((attribute, value) ->
                out.append(' ').append(attribute).append("=\"").append(escape(value, true)).append('"'));
        if (children.isEmpty() && (text == null || text.isEmpty())) {
            out.append("/>\n");
            return;
        }
        out.append('>');
        if (children.isEmpty()) {
            out.append(escape(text, false)).append("</").append(name).append(">\n");
            return;
        }
        out.append('\n');
        for (Cxml child : children) {
            child.write(out, depth + 1);
        }
        out.append("  ".repeat(depth)).append("</").append(name).append(">\n");
    }

    /** {@code & < >} (and {@code "} in attributes) escaped; characters XML 1.0 forbids are dropped. */
    static String escape(String value, boolean attribute) {
        StringBuilder escaped = new StringBuilder(value.length() + 16);
        value.codePoints().forEach(c -> {
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append(attribute ? "&quot;" : "\"");
                default -> {
                    if (allowed(c)) {
                        escaped.appendCodePoint(c);
                    }
                }
            }
        });
        return escaped.toString();
    }

    private static boolean allowed(int c) {
        return c == 0x9 || c == 0xA || c == 0xD || c >= 0x20 && c <= 0xD7FF || c >= 0xE000 && c <= 0xFFFD
                || c >= 0x10000 && c <= 0x10FFFF;
    }

    // The answer styles of execution-plane spec §0.3.

    /** ERR("m"): the message spoken, then hang up. */
    public static String err(String message) {
        return response(say(message), hangup()).render();
    }

    /** UNAV("m"): the message and " Goodbye.", then hang up. */
    public static String unavailable(String message) {
        return err(message + " Goodbye.");
    }

    /** HANGUP. */
    public static String hangupOnly() {
        return response(hangup()).render();
    }

    /** The body of AUTHERR(s, "m"); the caller sets the status. */
    public static String authError(String message) {
        return response(say(message).attr("language", "en-US"), hangup()).render();
    }

    /** The body of BUSY429. */
    public static String busy() {
        return response(element("Reject").attr("reason", "busy")).render();
    }
}
