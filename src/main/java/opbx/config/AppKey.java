package opbx.config;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * The 32-byte master key for secrets at rest ({@code OPBX_APP_KEY}, base64). Kept as bytes; {@link #toString()} never
 * shows them.
 */
public final class AppKey {

    public static final int LENGTH = 32;
    public static final String GENERATE_HINT = "generate one with: openssl rand -base64 32";

    private final byte[] bytes;

    private AppKey(byte[] bytes) {
        this.bytes = bytes;
    }

    public static AppKey parse(String variable, String base64) {
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(variable, "not valid base64; " + GENERATE_HINT);
        }
        if (decoded.length != LENGTH) {
            throw new ConfigException(variable,
                    "must decode to " + LENGTH + " bytes, got " + decoded.length + "; " + GENERATE_HINT);
        }
        return new AppKey(decoded);
    }

    public static AppKey generate() {
        byte[] bytes = new byte[LENGTH];
        new SecureRandom().nextBytes(bytes);
        return new AppKey(bytes);
    }

    public byte[] bytes() {
        return Arrays.copyOf(bytes, bytes.length);
    }

    public String toBase64() {
        return Base64.getEncoder().encodeToString(bytes);
    }

    @Override
    public String toString() {
        return "AppKey[***]";
    }
}
