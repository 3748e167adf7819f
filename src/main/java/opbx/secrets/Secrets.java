package opbx.secrets;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import opbx.config.AppKey;

/**
 * Secrets at rest (control-plane spec §4.3): {@code v1:} + base64(12-byte nonce ‖ AES-256-GCM ciphertext ‖ tag), the
 * key derived from {@code OPBX_APP_KEY} with HKDF-SHA256 (info {@code opbx-secrets-v1}), the additional data
 * {@code table.column:organization_id} so a value copied into another organisation's row fails to decrypt.
 * {@code OPBX_APP_KEY_PREVIOUS} still decrypts while keys rotate.
 */
public final class Secrets {

    private static final String PREFIX = "v1:";
    private static final byte[] INFO = "opbx-secrets-v1".getBytes(StandardCharsets.US_ASCII);
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec current;
    private final Optional<SecretKeySpec> previous;
    private final SecureRandom random = new SecureRandom();

    public Secrets(AppKey current, Optional<AppKey> previous) {
        this.current = derive(current);
        this.previous = previous.map(Secrets::derive);
    }

    /** Thrown when a value decrypts under neither key, or is not in the stored form. */
    public static final class UndecryptableException extends RuntimeException {
        public UndecryptableException(String message) {
            super(message);
        }
    }

    public String encrypt(String plain, String table, String column, long organizationId) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, current, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(aad(table, column, organizationId));
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            return PREFIX + Base64.getEncoder().encodeToString(ByteBuffer.allocate(nonce.length + sealed.length)
                    .put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    public String decrypt(String stored, String table, String column, long organizationId) {
        Optional<String> plain = open(current, stored, table, column, organizationId);
        if (plain.isEmpty() && previous.isPresent()) {
            plain = open(previous.get(), stored, table, column, organizationId);
        }
        return plain.orElseThrow(() -> new UndecryptableException(
                "a secret in " + table + "." + column + " does not decrypt with OPBX_APP_KEY or OPBX_APP_KEY_PREVIOUS"));
    }

    /** True when {@code stored} is in the stored form ({@code v1:...}), whatever key sealed it. */
    public static boolean isSealed(String stored) {
        return stored != null && stored.startsWith(PREFIX);
    }

    /** True when the value decrypts with the current key (nothing to re-encrypt). */
    public boolean underCurrentKey(String stored, String table, String column, long organizationId) {
        return open(current, stored, table, column, organizationId).isPresent();
    }

    private static Optional<String> open(SecretKeySpec key, String stored, String table, String column, long organizationId) {
        if (stored == null || !stored.startsWith(PREFIX)) {
            return Optional.empty();
        }
        try {
            byte[] raw = Base64.getDecoder().decode(stored.substring(PREFIX.length()));
            if (raw.length <= NONCE_BYTES) {
                return Optional.empty();
            }
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, raw, 0, NONCE_BYTES));
            cipher.updateAAD(aad(table, column, organizationId));
            return Optional.of(new String(cipher.doFinal(raw, NONCE_BYTES, raw.length - NONCE_BYTES), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            return Optional.empty();
        }
    }

    private static byte[] aad(String table, String column, long organizationId) {
        return (table + "." + column + ":" + organizationId).getBytes(StandardCharsets.UTF_8);
    }

    /** HKDF-SHA256 (RFC 5869) with an empty salt, one block of output: the AES-256 key. */
    private static SecretKeySpec derive(AppKey appKey) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(new byte[32], "HmacSHA256"));
            byte[] pseudoRandomKey = mac.doFinal(appKey.bytes());
            mac.init(new SecretKeySpec(pseudoRandomKey, "HmacSHA256"));
            mac.update(INFO);
            mac.update((byte) 1);
            return new SecretKeySpec(mac.doFinal(), "AES");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }
}
