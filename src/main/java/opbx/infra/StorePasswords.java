package opbx.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Generated passwords of the embedded stores (issue 14, item 9): 32 random bytes as hex, kept in a file of the data
 * folder readable by its owner only (0600), written whole or not at all, so the next start finds the same password.
 */
public final class StorePasswords {

    private static final SecureRandom RANDOM = new SecureRandom();

    private StorePasswords() {
    }

    /** A fresh password, for a store that keeps nothing across starts (the embedded Redis). */
    public static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** The password stored in {@code file}, or a new one written there first. */
    public static String loadOrCreate(Path file) {
        try {
            if (Files.exists(file)) {
                String stored = Files.readString(file, StandardCharsets.US_ASCII).trim();
                if (!stored.matches("[0-9a-f]{64}")) {
                    throw new IllegalStateException(file + " does not hold a password OpBX wrote; restore it from the backup "
                            + "of the data folder");
                }
                return stored;
            }
            Files.createDirectories(file.getParent());
            String password = generate();
            Path temporary = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(temporary, password + "\n", StandardCharsets.US_ASCII);
            Files.move(temporary, file);
            return password;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create " + file + ": " + e.getMessage(), e);
        }
    }
}
