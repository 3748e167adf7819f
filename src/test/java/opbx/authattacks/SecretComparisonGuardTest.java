package opbx.authattacks;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A source-level guard (issue 9 item 4; control-plane spec §1.1, execution-plane spec §1.3): no secret is compared
 * with {@code String.equals}, {@code equalsIgnoreCase}, {@code Objects.equals}, {@code Arrays.equals},
 * {@code contentEquals} or {@code compareTo}, whose running time tells an attacker how much of a guess was right.
 * Secrets are compared with {@code MessageDigest.isEqual} (Tokens.sameHash, WebhookSignature, ConferenceFlow), checked
 * with bcrypt's verifier, or looked up by their SHA-256 in an index, none of which this guard flags. A comparison
 * whose line names a secret (token, secret, signature, password, pin, key, hash, digest, hmac) and compares two
 * non-literal values fails the build, unless it is in {@link #ALLOWED} with the reason it leaks nothing.
 */
class SecretComparisonGuardTest {

    private static final Path SOURCES = Path.of("src", "main", "java");

    private static final Pattern COMPARISON = Pattern.compile(
            "\\.(equals|equalsIgnoreCase|contentEquals|compareTo|compareToIgnoreCase)\\s*\\(|\\b(Objects|Arrays)\\.equals\\s*\\(");
    private static final Pattern SECRET_WORD = Pattern.compile("(?i)(token|secret|signature|passw|apikey|api_key|requestskey"
            + "|key\\(\\)|hash|digest|hmac|\\bmac\\b)|(?<![A-Za-z])pins?(?![a-z])|Pins?(?![a-z])|PINS?(?![A-Za-z])");
    private static final Pattern STRING_LITERAL = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");
    private static final Pattern METHOD_HEADER = Pattern.compile(
            "^\\s*(public|protected|private|static|final|synchronized|\\s)*[\\w<>\\[\\],.? ]+\\s+\\w+\\s*\\([^;]*$");

    /**
     * Comparisons that name a secret but leak nothing, by file and a fragment of the line. Each says why; add one only
     * with a reason as good.
     */
    private static final Map<String, String> ALLOWED = Map.of(
            "settings/SettingsService.java|!values.domainRequestsApiKey().equals(before.domainRequestsApiKey())",
            "change detection between the owner's new key and the stored one, after authentication; no guess involved",
            "settings/SettingsService.java|Objects.equals(before.domainRequestsApiKey(), after.domainRequestsApiKey())",
            "change detection of the owner's own key, after authentication",
            "profile/ProfileService.java|next.equals(current)",
            "the new password against the current one, both from the same request (bcrypt checks the stored hash)",
            "profile/ProfileService.java|!next.equals(body.path(\"new_password_confirmation\")",
            "the new password against its confirmation, both from the same request",
            "voice/VoiceAuth.java|!value.equalsIgnoreCase(String.valueOf(org.domain",
            "the request's Domain against the organisation's domain name and uuid, public identifiers, compared only to log"
                    + " a mismatch after the key has authenticated (execution-plane spec §1.2 step 3)",
            "auth/Passwords.java|!password.equalsIgnoreCase(email)",
            "policy P: the new password must not equal the e-mail, both from the same request",
            "conferences/ConferenceRoomInput.java|values.hostPin().equals(values.pin())",
            "validation that the host PIN differs from the PIN, both from the same write by an administrator");

    @Test
    void no_secret_is_compared_with_a_time_leaking_equals() {
        List<String> found = new ArrayList<>();
        List<String> used = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            files.filter(path -> path.toString().endsWith(".java")).sorted().forEach(path -> scan(path, found, used));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }

        assertTrue(found.isEmpty(), "secrets compared with a time-leaking comparison (use MessageDigest.isEqual on"
                + " bytes, e.g. Tokens.sameHash, or compare SHA-256 digests by an indexed lookup; if the comparison leaks"
                + " nothing, add it to ALLOWED with the reason):\n  " + String.join("\n  ", found));
        List<String> stale = ALLOWED.keySet().stream().filter(key -> !used.contains(key)).sorted().toList();
        assertTrue(stale.isEmpty(), "ALLOWED entries that match no line any more (remove them): " + stale);
    }

    @Test
    void the_guard_flags_a_token_compared_with_equals_and_passes_constant_time_ones() {
        assertTrue(flags("if (presented.secret().equals(owner.tokenHash())) {", ""));
        assertTrue(flags("return Objects.equals(signature, expected);", ""));
        assertTrue(flags("boolean ok = digits.equalsIgnoreCase(room.pin());", ""));
        assertTrue(flags("if (Arrays.equals(mac, presentedMac)) {", ""));
        assertTrue(flags("return a != null && a.equals(b);", "    public static boolean sameHash(String a, String b) {"));
        assertTrue(isMethodHeader("    public static boolean sameHash(String a, String b) {"));
        assertFalse(flags("return MessageDigest.isEqual(expected, presented) ? Verdict.VALID : Verdict.INVALID;", ""));
        assertFalse(flags("if (key.equals(\"token\")) {", ""));
        assertFalse(flags("return \"active\".equals(row.get(USERS.STATUS));", ""));
        assertFalse(flags("// compare the token with equals() here? never", ""));
        assertFalse(isMethodHeader("        return new Verdict(token, secret) {"));
        assertTrue(flags("if (digits.equals(hostPin)) {", ""));
        assertFalse(flags("if (stored.equals(input)) {", "    private void checkLinks(RingGroupInput input, Spinner spinner) {"));
    }

    private static void scan(Path path, List<String> found, List<String> used) {
        List<String> lines;
        try {
            lines = Files.readAllLines(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String file = SOURCES.relativize(path).toString().replace('\\', '/').replaceFirst("^opbx/", "");
        String method = "";
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (isMethodHeader(line)) {
                method = line;
            }
            if (!flags(line, method)) {
                continue;
            }
            String allowed = ALLOWED.keySet().stream()
                    .filter(key -> key.startsWith(file + "|") && line.contains(key.substring(key.indexOf('|') + 1)))
                    .findFirst().orElse(null);
            if (allowed != null) {
                used.add(allowed);
            } else {
                found.add(file + ":" + (i + 1) + ": " + line.trim());
            }
        }
    }

    /** A method's first line: its name and parameters name what it compares ({@code sameHash(String a, String b)}). */
    private static boolean isMethodHeader(String line) {
        String code = line.trim();
        return METHOD_HEADER.matcher(line).matches() && !code.contains("=") && (code.endsWith("{") || code.endsWith(","))
                && !code.matches("(return|throw|new|if|for|while|switch|catch|else|try|do|case)\\b.*");
    }

    /**
     * True when the line compares with a time-leaking method, it or its method's header names a secret outside string
     * literals, and it does not compare against a literal (a literal is public: {@code "active".equals(status)},
     * {@code key.equals("token")}).
     */
    static boolean flags(String line, String method) {
        String code = line.trim();
        if (code.startsWith("//") || code.startsWith("*") || code.startsWith("/*")) {
            return false;
        }
        Matcher comparison = COMPARISON.matcher(code);
        if (!comparison.find()) {
            return false;
        }
        if (code.matches(".*\"(?:[^\"\\\\]|\\\\.)*\"\\s*\\.(equals|equalsIgnoreCase)\\s*\\(.*")
                || code.matches(".*\\.(equals|equalsIgnoreCase)\\s*\\(\\s*\"(?:[^\"\\\\]|\\\\.)*\"\\s*\\).*")) {
            return false;
        }
        return SECRET_WORD.matcher(STRING_LITERAL.matcher(code + " " + method).replaceAll("\"\"")).find();
    }
}
