package opbx.numbers;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Phone numbers in E.164 (control-plane spec §3.9): the input must start with {@code +} once spaces, dashes, dots
 * and parentheses are removed, and be a <em>possible</em> number for its country (validity metadata lags new ranges).
 */
public final class E164 {

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    private static final Pattern SEPARATORS = Pattern.compile("[\\s\\-.()]");
    private static final Pattern STRICT = Pattern.compile("^\\+[1-9][0-9]{1,14}$");

    private E164() {
    }

    /** Spaces, dashes, dots and parentheses removed. */
    public static String strip(String raw) {
        return SEPARATORS.matcher(raw).replaceAll("");
    }

    /** The E.164 form of a possible international number, or empty. */
    public static Optional<String> normalize(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String stripped = strip(raw.trim());
        if (!stripped.startsWith("+") || stripped.length() > 20) {
            return Optional.empty();
        }
        try {
            Phonenumber.PhoneNumber number = UTIL.parse(stripped, "ZZ");
            if (!UTIL.isPossibleNumber(number)) {
                return Optional.empty();
            }
            String formatted = UTIL.format(number, PhoneNumberUtil.PhoneNumberFormat.E164);
            return STRICT.matcher(formatted).matches() ? Optional.of(formatted) : Optional.empty();
        } catch (NumberParseException e) {
            return Optional.empty();
        }
    }

    /** Already strict E.164 text ({@code +} and 2..15 digits), without consulting number metadata. */
    public static boolean isStrict(String value) {
        return value != null && STRICT.matcher(value).matches();
    }
}
