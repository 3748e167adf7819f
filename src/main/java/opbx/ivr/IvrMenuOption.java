package opbx.ivr;

import java.time.OffsetDateTime;

/**
 * An option of a menu. {@code destinationId} is the stored row id (the extension id for extension destinations,
 * execution-plane spec §0.6); {@code extensionNumber} is that extension's number, null for other types.
 */
public record IvrMenuOption(long id, long ivrMenuId, String inputDigits, String description, String destinationType,
                            long destinationId, String extensionNumber, int priority, OffsetDateTime createdAt,
                            OffsetDateTime updatedAt) {
}
