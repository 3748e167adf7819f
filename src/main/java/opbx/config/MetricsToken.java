package opbx.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * {@code OPBX_METRICS_TOKEN}, the bearer token {@code GET /metrics} requires when set. {@link #toString()} never shows
 * it; {@link #matches} compares in constant time.
 */
public final class MetricsToken {

    private static final int MIN_LENGTH = 16;

    private final byte[] digest;

    private MetricsToken(byte[] digest) {
        this.digest = digest;
    }

    public static MetricsToken parse(String variable, String value) {
        if (value.length() < MIN_LENGTH || !value.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new ConfigException(variable, "use at least " + MIN_LENGTH
                    + " printable characters without spaces, e.g. openssl rand -hex 24");
        }
        return new MetricsToken(sha256(value));
    }

    /** Whether {@code presented} is the token: both are hashed first, so the time taken says nothing of either. */
    public boolean matches(String presented) {
        return presented != null && MessageDigest.isEqual(digest, sha256(presented));
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "MetricsToken[***]";
    }
}
