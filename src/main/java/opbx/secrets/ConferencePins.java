package opbx.secrets;

/**
 * Conference PINs and host PINs at rest: AES-GCM like SIP passwords ({@code conference_rooms.pin} and
 * {@code .host_pin} as additional data), so a database dump or a Redis routing entry holds no PIN in clear. A value
 * without the cipher prefix is a PIN written before PINs were encrypted (or by an older instance during an upgrade):
 * it is read as it is, and {@link PinEncryption} rewrites such rows at start.
 */
public final class ConferencePins {

    static final String TABLE = "conference_rooms";

    private final Secrets secrets;

    public ConferencePins(Secrets secrets) {
        this.secrets = secrets;
    }

    /** The stored form of {@code plain} ({@code column} is {@code pin} or {@code host_pin}); null stays null. */
    public String seal(String plain, String column, long organizationId) {
        return plain == null ? null : secrets.encrypt(plain, TABLE, column, organizationId);
    }

    /** The PIN in clear; null stays null. */
    public String open(String stored, String column, long organizationId) {
        if (stored == null || !Secrets.isSealed(stored)) {
            return stored;
        }
        return secrets.decrypt(stored, TABLE, column, organizationId);
    }
}
