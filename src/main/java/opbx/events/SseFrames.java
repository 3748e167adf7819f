package opbx.events;

/** The text of the {@code text/event-stream} frames of execution-plane spec §12.2. */
final class SseFrames {

    /** The first frame: browsers reconnect after 3 s. */
    static final String RETRY = "retry: 3000\n\n";
    static final String PING = ": ping\n\n";

    private SseFrames() {
    }

    /** {@code id}, {@code event} and the envelope on one {@code data} line, then the blank line that ends the event. */
    static String event(String id, String type, String envelope) {
        return "id: " + oneLine(id) + "\nevent: " + oneLine(type) + "\ndata: " + oneLine(envelope) + "\n\n";
    }

    private static String oneLine(String value) {
        return value.replace("\r", "").replace("\n", "");
    }
}
