package opbx.voice.model;

import java.util.List;

/** An IVR menu with its options ({@code opbx:{o}:menu:{id}}). */
public record MenuInfo(long id, long organizationId, String name, String audioFilePath, String ttsText, String ttsVoice,
                       Integer maxTimeout, Integer interDigitTimeout, Integer maxTurns, String failoverType,
                       Long failoverId, String status, List<Option> options) {

    /** An option: the digits and where they lead (the extension id for extensions). */
    public record Option(String digits, String destinationType, long destinationId) {
    }

    public boolean active() {
        return "active".equals(status);
    }
}
