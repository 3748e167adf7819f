package opbx.whitelist;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import opbx.http.Fields;

/**
 * Reads an outbound whitelist body (control-plane spec §3.7) over the stored entry: absent fields keep their stored
 * value, a present null clears the nullable prefix (§0.5). Values come out in their stored form: the country
 * upper-case or as {@code +N}, the prefix without spaces and dashes.
 */
final class WhitelistInput {

    private static final Set<String> ISO_COUNTRIES = Set.of(Locale.getISOCountries());
    private static final Pattern ALPHA_2 = Pattern.compile("[A-Za-z]{2}");
    private static final Pattern CALLING_CODE = Pattern.compile("\\+?([0-9]{1,3})");
    private static final Pattern PREFIX = Pattern.compile("[0-9+\\-\\s]{1,16}");
    private static final int MAX_STORED_PREFIX = 12;

    final Fields fields;
    final OutboundWhitelistRepository.Values values;

    private WhitelistInput(Fields fields, OutboundWhitelistRepository.Values values) {
        this.fields = fields;
        this.values = values;
    }

    /** @param stored the current values, or null on create */
    static WhitelistInput read(ObjectNode body, OutboundWhitelistRepository.Values stored) {
        boolean create = stored == null;
        Fields fields = new Fields(body);
        String name = create || fields.has("name") ? fields.string("name", true, 1, 255) : stored.name();
        String country = create || fields.has("destination_country") ? country(fields) : stored.destinationCountry();
        String prefix = fields.has("destination_prefix") ? prefix(fields) : create ? null : stored.destinationPrefix();
        String trunk = create || fields.has("outbound_trunk_name")
                ? fields.string("outbound_trunk_name", true, 1, 255) : stored.outboundTrunkName();
        return new WhitelistInput(fields, new OutboundWhitelistRepository.Values(name, country, prefix, trunk));
    }

    /** An ISO 3166-1 alpha-2 code (stored upper-case) or a calling code of 1..3 digits (stored with {@code +}). */
    private static String country(Fields fields) {
        String value = fields.string("destination_country", true, 0, 255);
        if (value == null) {
            return null;
        }
        if (ALPHA_2.matcher(value).matches()) {
            String code = value.toUpperCase(Locale.ROOT);
            if (ISO_COUNTRIES.contains(code)) {
                return code;
            }
            fields.add("destination_country", "The selected destination country is invalid.");
            return null;
        }
        Matcher callingCode = CALLING_CODE.matcher(value);
        if (callingCode.matches()) {
            return "+" + callingCode.group(1);
        }
        fields.add("destination_country", "The destination country format is invalid.");
        return null;
    }

    /** Digits, {@code +}, dashes and spaces, 1..16 of them; stored without spaces and dashes, at most 12. */
    private static String prefix(Fields fields) {
        String value = fields.string("destination_prefix", false, 0, 16);
        if (value == null) {
            return null;
        }
        String stored = value.replaceAll("[\\-\\s]", "");
        if (!PREFIX.matcher(value).matches() || stored.isEmpty()) {
            fields.add("destination_prefix", "The destination prefix format is invalid.");
            return null;
        }
        if (stored.length() > MAX_STORED_PREFIX) {
            fields.add("destination_prefix", "The destination prefix must not be greater than " + MAX_STORED_PREFIX
                    + " characters without spaces and dashes.");
            return null;
        }
        return stored;
    }
}
