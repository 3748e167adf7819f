package opbx.voice;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import opbx.voice.model.RoomInfo;

/**
 * Conference rooms (execution-plane spec §7): entering a room, the PIN prompt and its callback, and the
 * {@code <Dial><Conference>} join. Pure logic: no database, Redis, HTTP or clock, so the live endpoints and the dry-run
 * simulator share it. Whether the room exists and is active (§3.2) is the caller's business; every method here takes
 * a room that routing has already found and checked.
 */
public final class ConferenceFlow {

    /** Failed PIN entries after which the caller is turned away (§7.2). */
    public static final int MAX_PIN_FAILURES = 3;
    /** The ceiling on {@code maxParticipants} (§7.3). */
    public static final int MAX_PARTICIPANTS_CAP = 250;

    static final String PROMPT = "Please enter the conference PIN, followed by the pound key.";
    static final String INVALID_NOTICE = "Invalid PIN, please try again.";
    static final String INVALID_PIN = "Invalid PIN";

    private ConferenceFlow() {
    }

    /**
     * Entering a room (§7.1): the PIN prompt with {@code attempt=0} when ({@code pin_required} and a non-empty
     * {@code pin}) or a non-empty {@code host_pin}; otherwise the participant join.
     *
     * @param base the callback base URL of §0.5 (a trailing {@code /} is tolerated and dropped)
     */
    public static String enter(RoomInfo room, String base) {
        if (needsPin(room)) {
            return prompt(room, base, 0, false);
        }
        return join(room, false);
    }

    /**
     * The {@code /api/voice/conference-pin} callback (§7.2) for a room already re-checked by the caller.
     *
     * @param rawDigits      the {@code Digits} the caller entered (null counts as empty); trimmed, trailing {@code #}
     *                       removed
     * @param failedAttempts {@code f}, the {@code attempt} of the callback URL (negative counts as 0)
     * @return the host join, the participant join, a re-prompt with {@code attempt = f + 1}, or UNAV("Invalid PIN")
     *         when {@code f + 1} reaches {@value #MAX_PIN_FAILURES}
     */
    public static String pin(RoomInfo room, String base, String rawDigits, int failedAttempts) {
        String digits = cleanDigits(rawDigits);
        if (!digits.isEmpty() && nonEmpty(room.hostPin()) && constantTimeEquals(digits, room.hostPin())) {
            return join(room, true);
        }
        if (!digits.isEmpty() && nonEmpty(room.pin()) && constantTimeEquals(digits, room.pin())) {
            return join(room, false);
        }
        if (digits.isEmpty() && !participantPinRequired(room)) {
            return join(room, false);
        }
        int failures = Math.max(0, failedAttempts) + 1;
        if (failures >= MAX_PIN_FAILURES) {
            return Cxml.unavailable(INVALID_PIN);
        }
        return prompt(room, base, failures, true);
    }

    /**
     * Joining (§7.3): {@code <Dial>} with {@code <Conference>} named {@code conf_{id}} and the attributes of the §7.3
     * table, in its order.
     */
    public static String join(RoomInfo room, boolean host) {
        return Cxml.response(Cxml.element("Dial").child(conference(room, host))).render();
    }

    /** The {@code <Conference>} noun of {@link #join}, for callers that compose their own document. */
    public static Cxml conference(RoomInfo room, boolean host) {
        // A wait_for_host room without a host PIN does not wait: nobody could start it.
        boolean waits = room.waitForHost() && nonEmpty(room.hostPin());
        boolean muted = !host && room.muteOnEntry();
        String record = room.recordingEnabled() && room.recordingAutoStart() ? "record-from-start" : null;
        String recordingCallback = record != null && nonEmpty(room.recordingWebhookUrl())
                ? room.recordingWebhookUrl().trim() : null;
        boolean talk = room.talkDetectionEnabled();
        String talkCallback = talk && nonEmpty(room.talkDetectionWebhookUrl())
                ? room.talkDetectionWebhookUrl().trim() : null;
        Integer max = room.maxParticipants() == null ? null : Math.min(room.maxParticipants(), MAX_PARTICIPANTS_CAP);
        return Cxml.element("Conference")
                .attr("startConferenceOnEnter", bool(host || !waits))
                .attr("endConferenceOnExit", bool(host && waits))
                .attr("maxParticipants", max)
                .attr("muteOnEntry", bool(muted))
                .attr("muted", bool(muted))
                .attr("announceJoinLeave", bool(room.announceJoinLeave()))
                .attr("beep", bool(room.announceJoinLeave()))
                .attr("holdMusic", bool(room.musicOnHold()))
                .attr("record", record)
                .attr("recordingStatusCallback", recordingCallback)
                .attr("talkDetection", talk ? "normal" : null)
                .attr("statusCallback", talkCallback)
                .attr("statusCallbackEvent", talkCallback != null ? "speaker" : null)
                .text(conferenceName(room.id()));
    }

    /** {@code conf_{room id}} (§7.1). */
    public static String conferenceName(long roomId) {
        return "conf_" + roomId;
    }

    /** Whether entering the room plays the PIN prompt (§7.1). */
    public static boolean needsPin(RoomInfo room) {
        return participantPinRequired(room) || nonEmpty(room.hostPin());
    }

    /** {@code {base}/api/voice/conference-pin?conference_room_id={id}&attempt={f}} (unescaped; the builder escapes). */
    public static String pinActionUrl(String base, long roomId, int attempt) {
        return trimBase(base) + "/api/voice/conference-pin?conference_room_id=" + roomId + "&attempt=" + attempt;
    }

    private static String prompt(RoomInfo room, String base, int attempt, boolean notice) {
        String action = pinActionUrl(base, room.id(), attempt);
        Cxml gather = Cxml.element("Gather")
                .attr("action", action)
                .attr("timeout", 5)
                .attr("finishOnKey", "#")
                .attr("minDigits", 1)
                .attr("maxDigits", 20)
                .attr("maxTimeout", 15)
                .attr("actionOnEmptyResult", "true");
        if (notice) {
            gather.child(Cxml.say(INVALID_NOTICE));
        }
        gather.child(Cxml.say(PROMPT));
        return Cxml.response(gather, Cxml.element("Redirect").attr("method", "POST").text(action)).render();
    }

    private static boolean participantPinRequired(RoomInfo room) {
        return room.pinRequired() && nonEmpty(room.pin());
    }

    static String cleanDigits(String raw) {
        if (raw == null) {
            return "";
        }
        String digits = raw.trim();
        int end = digits.length();
        while (end > 0 && digits.charAt(end - 1) == '#') {
            end--;
        }
        return digits.substring(0, end).trim();
    }

    private static boolean constantTimeEquals(String entered, String expected) {
        return MessageDigest.isEqual(entered.getBytes(StandardCharsets.UTF_8),
                expected.trim().getBytes(StandardCharsets.UTF_8));
    }

    private static boolean nonEmpty(String value) {
        return value != null && !value.trim().isEmpty();
    }

    private static String bool(boolean value) {
        return value ? "true" : "false";
    }

    private static String trimBase(String base) {
        String trimmed = base == null ? "" : base.trim();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed;
    }
}
