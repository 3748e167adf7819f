package opbx.voice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import opbx.voice.model.WhitelistRow;

class OutboundRouteTest {

    private static final WhitelistRow W1 = new WhitelistRow(1, "US", null, "us-trunk");
    private static final WhitelistRow W2 = new WhitelistRow(2, "US", "+1212", "nyc-trunk");
    private static final WhitelistRow W3 = new WhitelistRow(3, "IL", "05", "il-mobile");
    private static final List<WhitelistRow> ROWS = List.of(W1, W2, W3);

    private static final String NOT_PERMITTED = """
            <?xml version="1.0" encoding="UTF-8"?>
            <Response>
              <Say>Outbound call not permitted</Say>
              <Hangup/>
            </Response>
            """;

    private static String dial(String trunk, String number) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <Response>
                  <Dial trunks="%s">
                    <Number>%s</Number>
                  </Dial>
                </Response>
                """.formatted(trunk, number);
    }

    @Test
    void the_spec_example_goes_to_the_longer_nyc_prefix() {
        assertEquals(dial("nyc-trunk", "+12125550100"), OutboundRoute.decide("+12125550100", "US", ROWS));
        OutboundRoute.Route route = OutboundRoute.route("+12125550100", "US", ROWS).orElseThrow();
        assertEquals(2, route.row().id());
        assertEquals(4, route.prefixLength());
        assertEquals(2, route.countryRank());
    }

    @Test
    void a_us_number_outside_212_goes_to_the_us_trunk() {
        assertEquals(dial("us-trunk", "+14155550123"), OutboundRoute.decide("+14155550123", "US", ROWS));
        assertEquals(0, OutboundRoute.route("+14155550123", "US", ROWS).orElseThrow().prefixLength());
    }

    @Test
    void an_israeli_mobile_matches_the_national_05_prefix() {
        assertEquals(dial("il-mobile", "+972501234567"), OutboundRoute.decide("+972501234567", "US", ROWS));
        OutboundRoute.Route route = OutboundRoute.route("+972501234567", "US", ROWS).orElseThrow();
        assertEquals(4, route.prefixLength());
        assertEquals(2, route.countryRank());
    }

    @Test
    void the_us_international_access_prefix_011_is_understood() {
        assertEquals(dial("il-mobile", "+972501234567"), OutboundRoute.decide("011972501234567", "US", ROWS));
    }

    @Test
    void a_national_number_is_parsed_in_the_default_country() {
        assertEquals(dial("nyc-trunk", "+12125550100"), OutboundRoute.decide("2125550100", "US", ROWS));
        assertEquals(dial("nyc-trunk", "+12125550100"), OutboundRoute.decide("2125550100", null, ROWS));
        assertEquals(dial("nyc-trunk", "+12125550100"), OutboundRoute.decide("(212) 555-0100", " us ", ROWS));
    }

    @Test
    void a_london_number_dialled_with_011_from_the_us_is_not_permitted_without_a_gb_row() {
        OutboundRoute.Destination d = OutboundRoute.destination("011 44 20 7946 0958", "US").orElseThrow();
        assertEquals("+442079460958", d.e164());
        assertEquals("44", d.callingCode());
        assertEquals("GB", d.region());
        assertEquals(NOT_PERMITTED, OutboundRoute.decide("011 44 20 7946 0958", "US", ROWS));
        assertEquals(NOT_PERMITTED, OutboundRoute.decide("+447700900123", "US", ROWS));
    }

    @Test
    void a_gb_row_permits_the_london_number() {
        List<WhitelistRow> rows = List.of(W1, new WhitelistRow(9, "gb ", null, "uk-trunk"));
        assertEquals(dial("uk-trunk", "+442079460958"), OutboundRoute.decide("011 44 20 7946 0958", "US", rows));
    }

    @Test
    void the_00_access_prefix_and_the_national_trunk_zero_are_understood() {
        assertEquals("+442079460958", OutboundRoute.destination("0044 20 7946 0958", "IL").orElseThrow().e164());
        assertEquals("+442079460958", OutboundRoute.destination("020 7946 0958", "GB").orElseThrow().e164());
        assertEquals("+972501234567", OutboundRoute.destination("050-123-4567", "IL").orElseThrow().e164());
    }

    @Test
    void a_calling_code_row_ranks_one_and_loses_to_the_region_row_at_equal_prefix() {
        WhitelistRow plus44 = new WhitelistRow(4, "+44", null, "cc-plus-trunk");
        WhitelistRow bare44 = new WhitelistRow(5, "44", null, "cc-bare-trunk");
        WhitelistRow gb = new WhitelistRow(6, "GB", null, "gb-trunk");
        OutboundRoute.Route plus = OutboundRoute.route("+442079460958", "US", List.of(plus44)).orElseThrow();
        assertEquals(1, plus.countryRank());
        OutboundRoute.Route bare = OutboundRoute.route("+442079460958", "US", List.of(bare44)).orElseThrow();
        assertEquals(1, bare.countryRank());
        assertEquals(dial("gb-trunk", "+442079460958"),
                OutboundRoute.decide("+442079460958", "US", List.of(plus44, bare44, gb)));
    }

    @Test
    void a_longer_prefix_beats_a_better_country_rank() {
        WhitelistRow gb = new WhitelistRow(6, "GB", null, "gb-trunk");
        WhitelistRow london = new WhitelistRow(7, "+44", "020", "london-trunk");
        OutboundRoute.Route route = OutboundRoute.route("+442079460958", "US", List.of(gb, london)).orElseThrow();
        assertEquals("london-trunk", route.row().trunkName());
        assertEquals(4, route.prefixLength());
        assertEquals(1, route.countryRank());
    }

    @Test
    void equal_scores_go_to_the_lowest_id() {
        WhitelistRow late = new WhitelistRow(20, "US", "+1 212", "late-trunk");
        WhitelistRow early = new WhitelistRow(8, "US", "212", "early-trunk");
        assertEquals(dial("early-trunk", "+12125550100"),
                OutboundRoute.decide("+12125550100", "US", List.of(late, early)));
        assertEquals(dial("early-trunk", "+12125550100"),
                OutboundRoute.decide("+12125550100", "US", List.of(early, late)));
    }

    @Test
    void a_prefix_that_does_not_match_rules_the_row_out() {
        assertEquals(NOT_PERMITTED, OutboundRoute.decide("+14155550123", "US", List.of(W2, W3)));
        assertEquals(NOT_PERMITTED, OutboundRoute.decide("+97231234567", "US", List.of(W3)));
    }

    @Test
    void a_country_that_is_neither_the_region_nor_the_calling_code_rules_the_row_out() {
        assertEquals(NOT_PERMITTED, OutboundRoute.decide("+12125550100", "US",
                List.of(new WhitelistRow(1, "CA", null, "ca"), new WhitelistRow(2, "+44", null, "uk"),
                        new WhitelistRow(3, null, null, "none"), new WhitelistRow(4, " ", null, "blank"))));
    }

    @Test
    void a_canadian_number_has_region_ca_and_calling_code_1() {
        OutboundRoute.Destination d = OutboundRoute.destination("+14165550123", "US").orElseThrow();
        assertEquals("1", d.callingCode());
        assertEquals(dial("ca-trunk", "+14165550123"), OutboundRoute.decide("+14165550123", "US",
                List.of(new WhitelistRow(1, "+1", null, "nanp-trunk"), new WhitelistRow(2, "CA", null, "ca-trunk"))));
    }

    @Test
    void garbage_and_impossible_numbers_are_not_permitted() {
        assertEquals(NOT_PERMITTED, OutboundRoute.decide("garbage", "US", ROWS));
        assertEquals(NOT_PERMITTED, OutboundRoute.decide("", "US", ROWS));
        assertEquals(NOT_PERMITTED, OutboundRoute.decide(null, "US", ROWS));
        assertEquals(NOT_PERMITTED, OutboundRoute.decide("+1", "US", ROWS));
        assertEquals(NOT_PERMITTED, OutboundRoute.decide("1-800-FLOWERS", "US", ROWS));
        assertEquals(NOT_PERMITTED, OutboundRoute.decide("+99912345678", "US", ROWS));
        assertEquals(NOT_PERMITTED, OutboundRoute.decide("2125550100", "XX", ROWS));
        assertEquals(NOT_PERMITTED, OutboundRoute.decide("+12125550100", "US", List.of()));
        assertEquals(NOT_PERMITTED, OutboundRoute.decide("+12125550100", "US", null));
    }

    @Test
    void a_malformed_prefix_matches_nothing() {
        assertNull(OutboundRoute.internationalPrefix("+12a", "1"));
        assertNull(OutboundRoute.internationalPrefix("1+2", "1"));
        assertEquals("", OutboundRoute.internationalPrefix(null, "1"));
        assertEquals("", OutboundRoute.internationalPrefix(" - ", "1"));
        assertEquals("1212", OutboundRoute.internationalPrefix("+1 (212)", "1"));
        assertEquals("9725", OutboundRoute.internationalPrefix("005", "972"));
    }

    @Test
    void normalize_strips_uri_schemes_hosts_and_separators() {
        assertEquals("1001", OutboundRoute.normalize("sip:1001@acme.cloudonix.net"));
        assertEquals("+12125550100", OutboundRoute.normalize("tel:+1 (212) 555-0100"));
        assertEquals("+12125550100", OutboundRoute.normalize("  +1.212.555.0100  "));
        assertEquals("12125550100", OutboundRoute.normalize("SIP:12125550100@host;user=phone"));
    }

    @Test
    void normalize_keeps_the_raw_trimmed_value_when_it_is_not_a_number() {
        assertEquals("abc", OutboundRoute.normalize("abc"));
        assertEquals("sip:alice@acme.cloudonix.net", OutboundRoute.normalize(" sip:alice@acme.cloudonix.net "));
        assertEquals("1+2", OutboundRoute.normalize("1+2"));
        assertEquals("", OutboundRoute.normalize(null));
        assertEquals("", OutboundRoute.normalize("   "));
    }

    @Test
    void looks_external_when_it_starts_with_plus_or_has_seven_digits() {
        assertTrue(OutboundRoute.looksExternal("+44"));
        assertTrue(OutboundRoute.looksExternal("2125550100"));
        assertTrue(OutboundRoute.looksExternal("5550100"));
        assertFalse(OutboundRoute.looksExternal("555010"));
        assertFalse(OutboundRoute.looksExternal("1001"));
        assertFalse(OutboundRoute.looksExternal("abcdefgh"));
        assertFalse(OutboundRoute.looksExternal(""));
        assertFalse(OutboundRoute.looksExternal(null));
    }

    @Test
    void to_e164_gives_the_libphonenumber_form_in_the_default_country() {
        assertEquals("+12125550100", OutboundRoute.toE164("212-555-0100", "US").orElseThrow());
        assertEquals("+15551230001", OutboundRoute.toE164("+15551230001", "US").orElseThrow());
        assertTrue(OutboundRoute.toE164("1001", "US").isEmpty());
        assertTrue(OutboundRoute.toE164("abc", "US").isEmpty());
    }
}
