package opbx.conferences;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;
import opbx.http.Fields;

/**
 * Reads a conference room body (control-plane spec §3.3) over the stored record: absent fields keep their stored
 * value, a present null clears a nullable one (§0.5), and the cross-field rules are checked on the effective record.
 */
final class ConferenceRoomInput {

    static final Set<String> STATUSES = Set.of("active", "inactive");
    private static final Set<String> URL_SCHEMES = Set.of("http", "https");
    private static final int DEFAULT_MAX_PARTICIPANTS = 25;

    final Fields fields;
    final ConferenceRoomRepository.Values values;

    private ConferenceRoomInput(Fields fields, ConferenceRoomRepository.Values values) {
        this.fields = fields;
        this.values = values;
    }

    /** @param stored the current values, or null on create */
    static ConferenceRoomInput read(ObjectNode body, ConferenceRoomRepository.Values stored) {
        boolean create = stored == null;
        Fields fields = new Fields(body);
        String name = create || fields.has("name") ? fields.string("name", true, 1, 255) : stored.name();
        String description = fields.has("description") ? fields.string("description", false, 0, 1000)
                : create ? null : stored.description();
        Long max = fields.has("max_participants") ? fields.integer("max_participants", true, 2, 250) : null;
        int maxParticipants = max != null ? max.intValue()
                : create ? DEFAULT_MAX_PARTICIPANTS : stored.maxParticipants();
        String status = fields.has("status") ? fields.oneOf("status", true, STATUSES)
                : create ? "active" : stored.status();
        ConferenceRoomRepository.Values values = new ConferenceRoomRepository.Values(
                name,
                description,
                maxParticipants,
                status,
                pin(fields, "pin", create ? null : stored.pin()),
                flag(fields, "pin_required", !create && stored.pinRequired()),
                pin(fields, "host_pin", create ? null : stored.hostPin()),
                flag(fields, "recording_enabled", !create && stored.recordingEnabled()),
                flag(fields, "recording_auto_start", !create && stored.recordingAutoStart()),
                url(fields, "recording_webhook_url", create ? null : stored.recordingWebhookUrl()),
                flag(fields, "wait_for_host", !create && stored.waitForHost()),
                flag(fields, "mute_on_entry", !create && stored.muteOnEntry()),
                flag(fields, "announce_join_leave", !create && stored.announceJoinLeave()),
                flag(fields, "music_on_hold", !create && stored.musicOnHold()),
                flag(fields, "talk_detection_enabled", !create && stored.talkDetectionEnabled()),
                url(fields, "talk_detection_webhook_url", create ? null : stored.talkDetectionWebhookUrl()));
        checkCrossFields(fields, values);
        return new ConferenceRoomInput(fields, values);
    }

    /**
     * The rules between fields, on the effective record; a rule is skipped when one of its fields already failed, so
     * an invalid value is reported once, for what it is.
     */
    private static void checkCrossFields(Fields fields, ConferenceRoomRepository.Values values) {
        if (values.pinRequired() && values.pin() == null && valid(fields, "pin", "pin_required")) {
            fields.add("pin", "PIN is required when PIN protection is enabled.");
        }
        if (values.hostPin() != null && values.hostPin().equals(values.pin()) && valid(fields, "pin", "host_pin")) {
            fields.add("host_pin", "The host pin and pin must be different.");
        }
        if (values.talkDetectionEnabled() && values.talkDetectionWebhookUrl() == null
                && valid(fields, "talk_detection_enabled", "talk_detection_webhook_url")) {
            fields.add("talk_detection_webhook_url",
                    "The talk detection webhook url field is required when talk detection is enabled.");
        }
        if (values.recordingAutoStart() && !values.recordingEnabled()
                && valid(fields, "recording_auto_start", "recording_enabled")) {
            fields.add("recording_auto_start", "Recording auto start requires recording to be enabled.");
        }
    }

    private static boolean valid(Fields fields, String... names) {
        for (String name : names) {
            if (fields.failed(name)) {
                return false;
            }
        }
        return true;
    }

    /** A boolean with a stored (or default) value; a present null is not a boolean. */
    private static boolean flag(Fields fields, String field, boolean fallback) {
        if (!fields.has(field)) {
            return fallback;
        }
        Boolean value = fields.bool(field, true);
        return value == null ? fallback : value;
    }

    /** A nullable PIN: digits only, 4 to 20 of them. */
    private static String pin(Fields fields, String field, String stored) {
        if (!fields.has(field)) {
            return stored;
        }
        String value = fields.string(field, false, 0, Integer.MAX_VALUE);
        if (value == null) {
            return null;
        }
        String label = Fields.label(field);
        if (!value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            fields.add(field, "The " + label + " format is invalid.");
            return null;
        }
        if (value.length() < 4) {
            fields.add(field, "The " + label + " must be at least 4 characters.");
            return null;
        }
        if (value.length() > 20) {
            fields.add(field, "The " + label + " must not be greater than 20 characters.");
            return null;
        }
        return value;
    }

    private static String url(Fields fields, String field, String stored) {
        return fields.has(field) ? fields.url(field, 500, URL_SCHEMES) : stored;
    }
}
