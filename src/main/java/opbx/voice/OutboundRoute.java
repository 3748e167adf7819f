package opbx.voice;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

import opbx.voice.model.WhitelistRow;

/**
 * Outbound calls (execution-plane spec §8) and the number helpers of §0.4 other routing code reuses. Pure logic: no
 * database, Redis, HTTP or clock. The caller decides that a call is outbound (direction, caller check, not an
 * extension or DID: §8.1) and passes the organisation's whitelist rows; this class parses the destination with
 * libphonenumber, scores the rows (§8.2) and renders the answer (§8.3).
 */
public final class OutboundRoute {

    /** The message of ERR("Outbound call not permitted"). */
    public static final String NOT_PERMITTED = "Outbound call not permitted";
    /** The organisation default country when none is set (§0.6). */
    public static final String DEFAULT_COUNTRY = "US";

    private static final PhoneNumberUtil PHONE = PhoneNumberUtil.getInstance();
    private static final Pattern NUMBER = Pattern.compile("\\+?[0-9]+");
    private static final Pattern SEVEN_DIGITS = Pattern.compile("[0-9]{7,}");
    private static final Pattern DIGITS = Pattern.compile("[0-9]*");

    private OutboundRoute() {
    }

    /** A destination as §8.1 defines it: {@code D} (E.164), {@code cc} (digits) and {@code R} (region, or null). */
    public record Destination(String e164, String callingCode, String region) {

        /** The digits of {@code D}. */
        public String digits() {
            return e164.substring(1);
        }
    }

    /** The winning row, with its score (§8.2). */
    public record Route(Destination destination, WhitelistRow row, int prefixLength, int countryRank) {

        /** The §8.3 document. */
        public String cxml() {
            return Cxml.response(Cxml.element("Dial").attr("trunks", row.trunkName())
                    .child(Cxml.element("Number").text(destination.e164()))).render();
        }
    }

    /**
     * The answer of §8.3: {@code <Dial trunks="...">} with {@code <Number>D</Number>} for the winning row, or
     * ERR("Outbound call not permitted") when the number is not parseable or possible in the default country, or no
     * row matches.
     *
     * @param to             the raw {@code To}
     * @param defaultCountry the organisation's {@code default_country}; null or blank means {@code US}
     */
    public static String decide(String to, String defaultCountry, List<WhitelistRow> rows) {
        return route(to, defaultCountry, rows).map(Route::cxml).orElseGet(() -> Cxml.err(NOT_PERMITTED));
    }

    /** The winning row of §8.2 for {@code to}, or empty when the call is not permitted. */
    public static Optional<Route> route(String to, String defaultCountry, List<WhitelistRow> rows) {
        Optional<Destination> parsed = destination(to, defaultCountry);
        if (parsed.isEmpty() || rows == null) {
            return Optional.empty();
        }
        Destination d = parsed.get();
        Route best = null;
        for (WhitelistRow row : rows) {
            if (row == null) {
                continue;
            }
            int rank = countryRank(row.destinationCountry(), d);
            if (rank == 0) {
                continue;
            }
            String prefix = internationalPrefix(row.destinationPrefix(), d.callingCode());
            if (prefix == null || !d.digits().startsWith(prefix)) {
                continue;
            }
            Route candidate = new Route(d, row, prefix.length(), rank);
            if (best == null || better(candidate, best)) {
                best = candidate;
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * {@code to} (normalised by {@link #normalize}) parsed by libphonenumber in {@code defaultCountry} (§8.1); empty
     * when the normalised value is not an optional {@code +} then digits, not parseable or not a possible number.
     */
    public static Optional<Destination> destination(String to, String defaultCountry) {
        String number = normalize(to);
        if (!NUMBER.matcher(number).matches()) {
            // Not an optional + then digits: it matches nothing (§0.4); letters are never read as a vanity number.
            return Optional.empty();
        }
        String region = defaultCountry == null || defaultCountry.isBlank()
                ? DEFAULT_COUNTRY : defaultCountry.trim().toUpperCase(Locale.ROOT);
        PhoneNumber parsed;
        try {
            parsed = PHONE.parse(number, region);
        } catch (NumberParseException e) {
            return Optional.empty();
        }
        if (!PHONE.isPossibleNumber(parsed)) {
            return Optional.empty();
        }
        int cc = parsed.getCountryCode();
        String r = PHONE.getRegionCodeForNumber(parsed);
        if (r == null || r.isEmpty() || PhoneNumberUtil.REGION_CODE_FOR_NON_GEO_ENTITY.equals(r) || "ZZ".equals(r)) {
            r = PHONE.getRegionCodeForCountryCode(cc);
        }
        if (r == null || r.isEmpty() || "ZZ".equals(r)) {
            r = null;
        }
        return Optional.of(new Destination(PHONE.format(parsed, PhoneNumberUtil.PhoneNumberFormat.E164),
                Integer.toString(cc), r));
    }

    /**
     * The E.164 form libphonenumber gives for {@code x} in {@code defaultCountry} (the third DID candidate of §0.4 and
     * {@code D} of §8.1); empty under the same conditions as {@link #destination}.
     */
    public static Optional<String> toE164(String x, String defaultCountry) {
        return destination(x, defaultCountry).map(Destination::e164);
    }

    /**
     * Whether a normalised {@code To} looks like an external number (§8.1): it starts with {@code +} or is 7 or more
     * digits.
     */
    public static boolean looksExternal(String normalizedTo) {
        return normalizedTo != null
                && (normalizedTo.startsWith("+") || SEVEN_DIGITS.matcher(normalizedTo).matches());
    }

    /**
     * {@code normalize(x)} of §0.4: a leading {@code sip:} or {@code tel:} and anything from {@code @} on dropped,
     * spaces, {@code -}, {@code .}, {@code (} and {@code )} removed; the result if it is an optional {@code +} then
     * digits, else the raw trimmed value (null gives the empty string).
     */
    public static String normalize(String x) {
        if (x == null) {
            return "";
        }
        String raw = x.trim();
        String value = raw;
        if (value.regionMatches(true, 0, "sip:", 0, 4) || value.regionMatches(true, 0, "tel:", 0, 4)) {
            value = value.substring(4);
        }
        int at = value.indexOf('@');
        if (at >= 0) {
            value = value.substring(0, at);
        }
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c != ' ' && c != '-' && c != '.' && c != '(' && c != ')') {
                out.append(c);
            }
        }
        String cleaned = out.toString();
        return NUMBER.matcher(cleaned).matches() ? cleaned : raw;
    }

    /** 2 when the row's country is {@code R}, 1 when it is {@code +cc} or {@code cc}, else 0 (ruled out). */
    static int countryRank(String destinationCountry, Destination d) {
        if (destinationCountry == null) {
            return 0;
        }
        String country = destinationCountry.trim().toUpperCase(Locale.ROOT);
        if (country.isEmpty()) {
            return 0;
        }
        if (country.equals(d.region())) {
            return 2;
        }
        if (country.equals("+" + d.callingCode()) || country.equals(d.callingCode())) {
            return 1;
        }
        return 0;
    }

    /**
     * The row's prefix as international digits (§8.2): empty for none; {@code +}digits as they are; national digits
     * without leading zeros and with {@code cc} in front. Null when the prefix is malformed, which rules the row out.
     */
    static String internationalPrefix(String destinationPrefix, String callingCode) {
        if (destinationPrefix == null) {
            return "";
        }
        String prefix = destinationPrefix.replaceAll("[\\s\\-()]", "");
        if (prefix.isEmpty()) {
            return "";
        }
        if (prefix.startsWith("+")) {
            String digits = prefix.substring(1);
            return DIGITS.matcher(digits).matches() ? digits : null;
        }
        if (!DIGITS.matcher(prefix).matches()) {
            return null;
        }
        int start = 0;
        while (start < prefix.length() && prefix.charAt(start) == '0') {
            start++;
        }
        return callingCode + prefix.substring(start);
    }

    private static boolean better(Route candidate, Route best) {
        if (candidate.prefixLength() != best.prefixLength()) {
            return candidate.prefixLength() > best.prefixLength();
        }
        if (candidate.countryRank() != best.countryRank()) {
            return candidate.countryRank() > best.countryRank();
        }
        return candidate.row().id() < best.row().id();
    }
}
