package opbx.ivr;

import java.time.OffsetDateTime;

/** An IVR menu row (control-plane spec §3.5) with the number of its options. */
public record IvrMenu(long id, long organizationId, String name, String description, String audioFilePath,
                      String ttsText, String ttsVoice, int maxTimeout, int interDigitTimeout, int maxTurns,
                      String failoverDestinationType, Long failoverDestinationId, String status, int optionsCount,
                      OffsetDateTime createdAt, OffsetDateTime updatedAt) {
}
