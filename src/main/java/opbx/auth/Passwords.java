package opbx.auth;

import at.favre.lib.crypto.bcrypt.BCrypt;
import at.favre.lib.crypto.bcrypt.LongPasswordStrategies;
import java.security.SecureRandom;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/**
 * User passwords (control-plane spec §1.5): policy P, bcrypt at {@code OPBX_BCRYPT_COST}, and generated passwords
 * that satisfy the policy. Hashes with the {@code $2a$}, {@code $2b$} and {@code $2y$} prefixes all verify, so users
 * imported from the original keep their passwords.
 */
public final class Passwords {

    public static final String POLICY_MESSAGE =
            "The password must be at least 8 characters and contain upper-case and lower-case letters and a number.";

    private static final Pattern LOWER = Pattern.compile("\\p{Ll}");
    private static final Pattern UPPER = Pattern.compile("\\p{Lu}");
    private static final Pattern DIGIT = Pattern.compile("\\d");
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    // bcrypt reads 72 bytes; longer passwords (policy P allows 128 characters) are truncated like other bcrypts do.
    private static final BCrypt.Hasher HASHER =
            BCrypt.with(BCrypt.Version.VERSION_2Y, LongPasswordStrategies.truncate(BCrypt.Version.VERSION_2Y));
    private static final BCrypt.Verifyer VERIFYER =
            BCrypt.verifyer(BCrypt.Version.VERSION_2Y, LongPasswordStrategies.truncate(BCrypt.Version.VERSION_2Y));

    private final int cost;
    private final SecureRandom random = new SecureRandom();
    /** Made off the start's critical path: a bcrypt at cost 12 takes a good part of a second on a slow machine. */
    private final CompletableFuture<String> decoyHash;

    public Passwords(int cost) {
        this.cost = cost;
        String decoy = "decoy-" + random.nextLong();
        this.decoyHash = CompletableFuture.supplyAsync(() -> hash(decoy), runnable -> {
            Thread thread = new Thread(runnable, "opbx-decoy-hash");
            thread.setDaemon(true);
            thread.start();
        });
    }

    public String hash(String password) {
        return HASHER.hashToString(cost, password.toCharArray());
    }

    public boolean matches(String password, String hash) {
        if (hash == null || !hash.startsWith("$2")) {
            return false;
        }
        try {
            return VERIFYER.verify(password.toCharArray(), hash.toCharArray()).verified;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Spends the time of one verification, so an unknown e-mail answers as slowly as a wrong password. */
    public void verifyDecoy(String password) {
        matches(password, decoyHash.join());
    }

    /** Policy P: 8..128 characters, a lower-case letter, an upper-case letter and a digit, not the e-mail address. */
    public static boolean meetsPolicy(String password, String email) {
        int length = password.codePointCount(0, password.length());
        return length >= 8 && length <= 128
                && LOWER.matcher(password).find()
                && UPPER.matcher(password).find()
                && DIGIT.matcher(password).find()
                && (email == null || !password.equalsIgnoreCase(email));
    }

    /** A random password that meets policy P, printed once to whoever asked for it. */
    public String generate(int length) {
        while (true) {
            StringBuilder password = new StringBuilder(length);
            for (int i = 0; i < length; i++) {
                password.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            if (meetsPolicy(password.toString(), null)) {
                return password.toString();
            }
        }
    }
}
