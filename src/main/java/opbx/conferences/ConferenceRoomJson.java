package opbx.conferences;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The conference room object of control-plane spec §3.3, all fields always present. PINs are secrets (issue 14): their
 * values only for those who manage rooms (owner, pbx_admin); everyone else, and every embedding in another resource,
 * gets {@code null} ({@code pin_required} still says whether a caller is asked for one).
 */
final class ConferenceRoomJson {

    private ConferenceRoomJson() {
    }

    static Map<String, Object> of(ConferenceRoom room, boolean withPins) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", room.id());
        json.put("organization_id", room.organizationId());
        json.putAll(fields(room.values()));
        if (!withPins) {
            json.put("pin", null);
            json.put("host_pin", null);
        }
        json.put("created_at", room.createdAt());
        json.put("updated_at", room.updatedAt());
        return json;
    }

    /** The writable fields by their wire names, in the response's order; the audit log reads them too. */
    static Map<String, Object> fields(ConferenceRoomRepository.Values values) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", values.name());
        json.put("description", values.description());
        json.put("max_participants", values.maxParticipants());
        json.put("status", values.status());
        json.put("pin", values.pin());
        json.put("pin_required", values.pinRequired());
        json.put("host_pin", values.hostPin());
        json.put("recording_enabled", values.recordingEnabled());
        json.put("recording_auto_start", values.recordingAutoStart());
        json.put("recording_webhook_url", values.recordingWebhookUrl());
        json.put("wait_for_host", values.waitForHost());
        json.put("mute_on_entry", values.muteOnEntry());
        json.put("announce_join_leave", values.announceJoinLeave());
        json.put("music_on_hold", values.musicOnHold());
        json.put("talk_detection_enabled", values.talkDetectionEnabled());
        json.put("talk_detection_webhook_url", values.talkDetectionWebhookUrl());
        return json;
    }
}
