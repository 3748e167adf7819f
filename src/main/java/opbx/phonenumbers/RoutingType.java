package opbx.phonenumbers;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** The six DID routing types, the {@code routing_config} key each uses and the embedded object it answers with. */
public enum RoutingType {
    EXTENSION("extension", "extension_id", "extension"),
    RING_GROUP("ring_group", "ring_group_id", "ring_group"),
    BUSINESS_HOURS("business_hours", "business_hours_schedule_id", "business_hours_schedule"),
    CONFERENCE_ROOM("conference_room", "conference_room_id", "conference_room"),
    AI_ASSISTANT("ai_assistant", "ai_assistant_id", "ai_assistant"),
    IVR_MENU("ivr_menu", "ivr_menu_id", "ivr_menu");

    static final Set<String> WIRE_VALUES = Arrays.stream(values()).map(RoutingType::wire).collect(Collectors.toUnmodifiableSet());

    private final String wire;
    private final String configKey;
    private final String embeddedKey;

    RoutingType(String wire, String configKey, String embeddedKey) {
        this.wire = wire;
        this.configKey = configKey;
        this.embeddedKey = embeddedKey;
    }

    public String wire() {
        return wire;
    }

    public String configKey() {
        return configKey;
    }

    public String embeddedKey() {
        return embeddedKey;
    }

    public static Optional<RoutingType> parse(String value) {
        return Arrays.stream(values()).filter(type -> type.wire.equals(value)).findFirst();
    }
}
