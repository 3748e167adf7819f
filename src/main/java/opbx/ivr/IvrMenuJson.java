package opbx.ivr;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The IVR menu object of control-plane spec §3.5 (all fields always present), with or without its options. */
final class IvrMenuJson {

    private IvrMenuJson() {
    }

    /** The full object: the summary plus {@code options}, which are always included. */
    static Map<String, Object> of(IvrMenu menu, List<IvrMenuOption> options) {
        Map<String, Object> json = fields(menu);
        json.put("options", options.stream().map(IvrMenuJson::option).toList());
        json.put("created_at", menu.createdAt());
        json.put("updated_at", menu.updatedAt());
        return json;
    }

    /** The object without {@code options}, as other resources embed it ({@link IvrMenuEmbedding}). */
    static Map<String, Object> summary(IvrMenu menu) {
        Map<String, Object> json = fields(menu);
        json.put("created_at", menu.createdAt());
        json.put("updated_at", menu.updatedAt());
        return json;
    }

    private static Map<String, Object> fields(IvrMenu menu) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", menu.id());
        json.put("organization_id", menu.organizationId());
        json.put("name", menu.name());
        json.put("description", menu.description());
        json.put("audio_file_path", menu.audioFilePath());
        json.put("tts_text", menu.ttsText());
        json.put("tts_voice", menu.ttsVoice());
        json.put("max_timeout", menu.maxTimeout());
        json.put("inter_digit_timeout", menu.interDigitTimeout());
        json.put("max_turns", menu.maxTurns());
        json.put("failover_destination_type", menu.failoverDestinationType());
        json.put("failover_destination_id", menu.failoverDestinationId());
        json.put("status", menu.status());
        json.put("options_count", menu.optionsCount());
        return json;
    }

    /**
     * For extension options {@code destination_id} is the extension number as a string (what the SPA's selector
     * matches) and the two extension fields carry id and number; for other types it is the row id.
     */
    private static Map<String, Object> option(IvrMenuOption option) {
        boolean extension = "extension".equals(option.destinationType());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", option.id());
        json.put("ivr_menu_id", option.ivrMenuId());
        json.put("input_digits", option.inputDigits());
        json.put("description", option.description());
        json.put("destination_type", option.destinationType());
        json.put("destination_id", extension ? option.extensionNumber() : option.destinationId());
        json.put("destination_extension_id", extension ? option.destinationId() : null);
        json.put("destination_extension_number", extension ? option.extensionNumber() : null);
        json.put("priority", option.priority());
        json.put("created_at", option.createdAt());
        json.put("updated_at", option.updatedAt());
        return json;
    }
}
