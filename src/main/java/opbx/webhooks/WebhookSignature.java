package opbx.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The HMAC alternative of webhook authentication (execution-plane spec §1.3 step 2): lowercase hex HMAC-SHA256, keyed
 * with the organisation's webhook secret, of {@code timestamp + "." + raw_body}; the timestamp is Unix seconds and
 * must be within the tolerance of now, so a captured request cannot be replayed later.
 */
public final class WebhookSignature {

    /** The outcome of a check, with the exact 401 text of each refusal. */
    public enum Verdict {
        VALID(null),
        STALE("Unauthorized - Stale timestamp"),
        MISSING("Unauthorized - Missing signature"),
        INVALID("Unauthorized - Invalid signature");

        public final String error;

        Verdict(String error) {
            this.error = error;
        }
    }

    private WebhookSignature() {
    }

    /** The signature a sender computes: what relays, scripts and the tests send. */
    public static String sign(String secret, String timestamp, byte[] body) {
        return HexFormat.of().formatHex(mac(secret, timestamp, body));
    }

    /**
     * Checks in the spec's order: timestamp, presence, value. The comparison is constant-time over the decoded bytes,
     * so it leaks nothing about how much of a forged signature was right.
     */
    public static Verdict verify(String secret, String timestampHeader, String signatureHeader, byte[] body, Instant now,
                                 long toleranceSeconds) {
        Long timestamp = seconds(timestampHeader);
        if (timestamp == null || Math.abs(now.getEpochSecond() - timestamp) > toleranceSeconds) {
            return Verdict.STALE;
        }
        String signature = signatureHeader == null ? "" : signatureHeader.trim();
        if (signature.toLowerCase(Locale.ROOT).startsWith("sha256=")) {
            signature = signature.substring(7).trim();
        }
        if (signature.isEmpty()) {
            return Verdict.MISSING;
        }
        if (!signature.matches("[0-9a-fA-F]{64}")) {
            return Verdict.INVALID;
        }
        byte[] expected = mac(secret, timestampHeader.trim(), body);
        byte[] presented = HexFormat.of().parseHex(signature.toLowerCase(Locale.ROOT));
        return MessageDigest.isEqual(expected, presented) ? Verdict.VALID : Verdict.INVALID;
    }

    private static Long seconds(String header) {
        if (header == null || !header.trim().matches("[0-9]{1,12}")) {
            return null;
        }
        return Long.parseLong(header.trim());
    }

    private static byte[] mac(String secret, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update(timestamp.getBytes(StandardCharsets.US_ASCII));
            mac.update((byte) '.');
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }
}
