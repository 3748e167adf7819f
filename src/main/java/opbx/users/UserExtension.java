package opbx.users;

/** The {@code extension} embedded in user objects: the user's lowest-numbered non-deleted extension. */
public record UserExtension(long id, String extensionNumber, String type, String status, boolean voicemailEnabled) {
}
