package opbx.users;

import java.time.OffsetDateTime;
import opbx.access.Role;

/** A user row (control-plane spec §4.2); {@code passwordHash} never leaves the server. */
public record User(long id, long organizationId, String name, String email, String passwordHash, Role role,
                   String status, String phone, String streetAddress, String city, String stateProvince,
                   String postalCode, String country, OffsetDateTime lastLoginAt, OffsetDateTime createdAt,
                   OffsetDateTime updatedAt, OffsetDateTime deletedAt) {

    public boolean active() {
        return "active".equals(status) && deletedAt == null;
    }
}
