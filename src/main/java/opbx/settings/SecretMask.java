package opbx.settings;

/**
 * How secrets are shown (control-plane spec §3.14): the first 4 characters, 8 {@code *}, the last 4; a secret of 12
 * characters or fewer becomes 12 {@code *}. The SPA sends the mask back on save, so the mask of the stored secret
 * means "unchanged".
 */
final class SecretMask {

    private static final int SHORT = 12;
    private static final int SHOWN = 4;

    private SecretMask() {
    }

    /** Null stays null: an unset secret has no mask. */
    static String of(String secret) {
        if (secret == null) {
            return null;
        }
        if (secret.length() <= SHORT) {
            return "*".repeat(SHORT);
        }
        return secret.substring(0, SHOWN) + "*".repeat(8) + secret.substring(secret.length() - SHOWN);
    }

    /** True when {@code incoming} is the mask of the (set) stored secret. */
    static boolean isMaskOf(String incoming, String stored) {
        return stored != null && of(stored).equals(incoming);
    }
}
