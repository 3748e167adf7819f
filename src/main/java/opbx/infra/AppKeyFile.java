package opbx.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import opbx.config.AppKey;

/**
 * The app key of the embedded default (control-plane spec §4.3): generated once into {@code <data dir>/app.key}
 * (mode 0600) and read back on every later start, so secrets encrypted yesterday still decrypt today.
 */
public final class AppKeyFile {

    private AppKeyFile() {
    }

    /** Returns the stored key, or generates and stores one; {@code created} tells which. */
    public static Loaded loadOrCreate(Path dataDir) {
        Path file = dataDir.resolve("app.key");
        try {
            if (Files.exists(file)) {
                return new Loaded(AppKey.parse(file.toString(), Files.readString(file, StandardCharsets.US_ASCII)), file, false);
            }
            Files.createDirectories(dataDir);
            AppKey key = AppKey.generate();
            Path temporary = Files.createTempFile(dataDir, "app.key", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(temporary, key.toBase64() + "\n", StandardCharsets.US_ASCII);
            Files.move(temporary, file);
            return new Loaded(key, file, true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create " + file + ": " + e.getMessage(), e);
        }
    }

    public record Loaded(AppKey key, Path file, boolean created) {
    }
}
