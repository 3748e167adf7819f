package opbx.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Opaque bearer tokens {@code "<id>|<secret>"} (control-plane spec §1.1): the id is the {@code api_tokens} row, the
 * secret 40 characters of {@code [A-Za-z0-9]}; only the SHA-256 hex of the secret is stored.
 */
public final class Tokens {

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final int SECRET_LENGTH = 40;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Tokens() {
    }

    /** A presented token split into its parts; empty when malformed. */
    public record Presented(long id, String secret) {
    }

    public static String newSecret() {
        StringBuilder secret = new StringBuilder(SECRET_LENGTH);
        for (int i = 0; i < SECRET_LENGTH; i++) {
            secret.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return secret.toString();
    }

    public static String format(long id, String secret) {
        return id + "|" + secret;
    }

    public static Optional<Presented> parse(String token) {
        if (token == null) {
            return Optional.empty();
        }
        int bar = token.indexOf('|');
        if (bar < 1 || bar > 18 || token.length() - bar - 1 != SECRET_LENGTH) {
            return Optional.empty();
        }
        String id = token.substring(0, bar);
        String secret = token.substring(bar + 1);
        if (!id.chars().allMatch(Character::isDigit) || !secret.chars().allMatch(c -> c < 128 && Character.isLetterOrDigit(c))) {
            return Optional.empty();
        }
        return Optional.of(new Presented(Long.parseLong(id), secret));
    }

    public static String sha256Hex(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Constant-time comparison of two hex digests. */
    public static boolean sameHash(String a, String b) {
        return a != null && b != null
                && MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
    }
}
