package opbx.voice.model;

/**
 * A conference room as routing reads it ({@code opbx:{o}:conf:{id}}). The PINs are cached as stored, sealed; routing
 * opens them ({@link #withPins}) only to compare what a caller keyed in.
 */
public record RoomInfo(long id, String name, String status, Integer maxParticipants, String pin, boolean pinRequired, String hostPin,
                       boolean waitForHost, boolean muteOnEntry, boolean announceJoinLeave, boolean musicOnHold,
                       boolean recordingEnabled, boolean recordingAutoStart, String recordingWebhookUrl,
                       boolean talkDetectionEnabled, String talkDetectionWebhookUrl) {

    /** The same room with these PINs (the opened ones). */
    public RoomInfo withPins(String openedPin, String openedHostPin) {
        return new RoomInfo(id, name, status, maxParticipants, openedPin, pinRequired, openedHostPin, waitForHost, muteOnEntry,
                announceJoinLeave, musicOnHold, recordingEnabled, recordingAutoStart, recordingWebhookUrl,
                talkDetectionEnabled, talkDetectionWebhookUrl);
    }

    public boolean active() {
        return "active".equals(status);
    }
}
