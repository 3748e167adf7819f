package opbx.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.Optional;
import opbx.config.AppKey;
import org.junit.jupiter.api.Test;

class SecretsTest {

    private final AppKey key = AppKey.generate();
    private final Secrets secrets = new Secrets(key, Optional.empty());

    @Test
    void a_secret_round_trips_in_the_v1_form_and_never_in_clear() {
        String stored = secrets.encrypt("sip-Pa55word", "extensions", "sip_password", 7);

        assertTrue(stored.startsWith("v1:"), stored);
        assertFalse(stored.contains("sip-Pa55word"));
        assertEquals(12 + 12 + 16, Base64.getDecoder().decode(stored.substring(3)).length);
        assertEquals("sip-Pa55word", secrets.decrypt(stored, "extensions", "sip_password", 7));
        assertNotEquals(stored, secrets.encrypt("sip-Pa55word", "extensions", "sip_password", 7), "fresh nonce each time");
    }

    @Test
    void a_value_copied_to_another_organisation_or_column_does_not_decrypt() {
        String stored = secrets.encrypt("secret", "extensions", "sip_password", 7);

        assertThrows(Secrets.UndecryptableException.class, () -> secrets.decrypt(stored, "extensions", "sip_password", 8));
        assertThrows(Secrets.UndecryptableException.class, () -> secrets.decrypt(stored, "extensions", "service_token", 7));
    }

    @Test
    void a_tampered_value_does_not_decrypt() {
        String stored = secrets.encrypt("secret", "extensions", "sip_password", 7);
        byte[] raw = Base64.getDecoder().decode(stored.substring(3));
        raw[raw.length - 1] ^= 1;

        assertThrows(Secrets.UndecryptableException.class, () ->
                secrets.decrypt("v1:" + Base64.getEncoder().encodeToString(raw), "extensions", "sip_password", 7));
        assertThrows(Secrets.UndecryptableException.class, () -> secrets.decrypt("plain", "extensions", "sip_password", 7));
    }

    @Test
    void the_previous_key_still_decrypts_while_keys_rotate() {
        AppKey next = AppKey.generate();
        String underOld = secrets.encrypt("secret", "cloudonix_settings", "domain_api_key", 3);
        Secrets rotated = new Secrets(next, Optional.of(key));

        assertEquals("secret", rotated.decrypt(underOld, "cloudonix_settings", "domain_api_key", 3));
        assertFalse(rotated.underCurrentKey(underOld, "cloudonix_settings", "domain_api_key", 3));
        assertThrows(Secrets.UndecryptableException.class, () ->
                new Secrets(next, Optional.empty()).decrypt(underOld, "cloudonix_settings", "domain_api_key", 3));
    }
}
