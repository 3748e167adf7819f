package opbx.voice.model;

/** A conference room as routing reads it ({@code opbx:{o}:conf:{id}}). */
public record RoomInfo(long id, String status, Integer maxParticipants, String pin, boolean pinRequired, String hostPin,
                       boolean waitForHost, boolean muteOnEntry, boolean announceJoinLeave, boolean musicOnHold,
                       boolean recordingEnabled, boolean recordingAutoStart, String recordingWebhookUrl,
                       boolean talkDetectionEnabled, String talkDetectionWebhookUrl) {

    public boolean active() {
        return "active".equals(status);
    }
}
