package opbx.phonenumbers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.OffsetDateTime;

/** A DID row (control-plane spec §3.9); {@code targetId} is the integer under the routing type's key. */
public record PhoneNumber(long id, long organizationId, String phoneNumber, String friendlyName, String routingType,
                          ObjectNode routingConfig, Long targetId, String status, ObjectNode cloudonixConfig,
                          OffsetDateTime createdAt, OffsetDateTime updatedAt) {
}
