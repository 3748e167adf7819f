package opbx.conferences;

import java.time.OffsetDateTime;

/** A conference room row (control-plane spec §3.3, §4.2): its identity and timestamps around the writable values. */
public record ConferenceRoom(long id, long organizationId, ConferenceRoomRepository.Values values,
                             OffsetDateTime createdAt, OffsetDateTime updatedAt) {
}
