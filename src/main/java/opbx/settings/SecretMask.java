package opbx.settings;

/**
 * How secrets are shown (control-plane spec §3.14, tightened by issue 14): 12 {@code *} then at most the last 4
 * characters, and never more than a quarter of the secret (a 16-character secret shows 4, a 12-character one 3, a
 * 3-character one none). The first characters are never shown: keys often share a recognisable prefix, and the last
 * few are enough for a person to tell two keys apart. The SPA sends the mask back on save, so the mask of the stored
 * secret means "unchanged".
 */
final class SecretMask {

    private static final int STARS = 12;
    private static final int MAX_SHOWN = 4;

    private SecretMask() {
    }

    /** Null stays null: an unset secret has no mask. */
    static String of(String secret) {
        if (secret == null) {
            return null;
        }
        int shown = Math.min(MAX_SHOWN, secret.length() / 4);
        return "*".repeat(STARS) + secret.substring(secret.length() - shown);
    }

    /** True when {@code incoming} has the shape of a mask (it starts with the 12 stars). */
    static boolean looksMasked(String incoming) {
        return incoming != null && incoming.startsWith("*".repeat(STARS));
    }

    /** True when {@code incoming} is the mask of the (set) stored secret. */
    static boolean isMaskOf(String incoming, String stored) {
        return stored != null && of(stored).equals(incoming);
    }
}
