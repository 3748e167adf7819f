package opbx.whitelist;

import static opbx.support.TestData.fieldNames;
import static opbx.support.TestData.json;
import static opbx.whitelist.Whitelists.PATH;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;
import opbx.support.HttpTestClient;
import opbx.support.HttpTestClient.Response;
import opbx.support.Identity;
import opbx.support.Identity.Team;
import opbx.support.TestApp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The field rules of control-plane spec §3.7 and the 422 body of §0.6. */
class OutboundWhitelistValidationTest {

    private final TestApp app = TestApp.shared();
    private Team team;
    private HttpTestClient http;

    @BeforeEach
    void team() {
        team = Identity.team(app, "Whitelist Validation Org");
        http = team.owner().http();
    }

    @Test
    void a_post_without_name_is_422_with_error_details_naming_the_field() {
        Response response = http.postJson(PATH, json("destination_country", "US", "outbound_trunk_name", "nyc"));

        assertEquals(422, response.status(), response.body());
        JsonNode body = response.json();
        assertEquals("VALIDATION_FAILED", body.path("error").path("code").asText());
        JsonNode details = body.path("error").path("details");
        assertEquals(1, details.size(), body.toString());
        assertEquals("name", details.get(0).path("field").asText());
        assertEquals("The name field is required.", details.get(0).path("message").asText());
        assertEquals("The name field is required.", body.path("errors").path("name").get(0).asText());
        assertEquals("The name field is required.", body.path("message").asText());
        assertEquals(0, Whitelists.rows(app.dsl(), team.organizationId()).size());
    }

    @Test
    void an_empty_body_reports_every_required_field() {
        Response response = http.postJson(PATH, "{}");

        assertEquals(422, response.status(), response.body());
        assertEquals(Set.of("name", "destination_country", "outbound_trunk_name"),
                fieldNames(response.json().path("errors")));
        assertEquals("The name field is required. (and 2 more errors)", response.json().path("message").asText());
    }

    @Test
    void name_and_trunk_name_are_at_most_255_characters() {
        Response response = http.postJson(PATH, json("name", "n".repeat(256), "destination_country", "US",
                "outbound_trunk_name", "t".repeat(256)));

        assertEquals(422, response.status(), response.body());
        assertEquals("The name must not be greater than 255 characters.",
                response.json().path("errors").path("name").get(0).asText());
        assertEquals("The outbound trunk name must not be greater than 255 characters.",
                response.json().path("errors").path("outbound_trunk_name").get(0).asText());
    }

    @Test
    void a_country_code_is_stored_upper_case_and_a_calling_code_with_a_plus() {
        JsonNode alpha = Whitelists.create(http, "Germany", " de ", null, "eu-trunk");
        JsonNode bare = Whitelists.create(http, "UK", "44", null, "eu-trunk");
        JsonNode plus = Whitelists.create(http, "Israel", "+972", null, "il-trunk");

        assertEquals("DE", alpha.path("destination_country").asText());
        assertEquals("+44", bare.path("destination_country").asText());
        assertEquals("+972", plus.path("destination_country").asText());
        assertEquals(Set.of("DE", "+44", "+972"), Set.copyOf(Whitelists.rows(app.dsl(), team.organizationId())
                .getValues(opbx.db.gen.Tables.OUTBOUND_WHITELISTS.DESTINATION_COUNTRY)));
    }

    @Test
    void an_unknown_country_or_a_malformed_calling_code_is_422_on_destination_country() {
        for (String country : new String[] {"XX", "USA", "+1234", "1-1", "++1", "+"}) {
            Response response = http.postJson(PATH, json("name", "Bad", "destination_country", country,
                    "outbound_trunk_name", "t"));
            assertEquals(422, response.status(), country + ": " + response.body());
            assertEquals(Set.of("destination_country"), fieldNames(response.json().path("errors")), country);
        }
        assertEquals(0, Whitelists.rows(app.dsl(), team.organizationId()).size());
    }

    @Test
    void a_prefix_is_stored_without_spaces_and_dashes() {
        JsonNode entry = Whitelists.create(http, "NYC", "US", "+1 212-555", "nyc");

        assertEquals("+1212555", entry.path("destination_prefix").asText());
        assertEquals("+1212555", Whitelists.rows(app.dsl(), team.organizationId()).get(0).getDestinationPrefix());
    }

    @Test
    void a_prefix_with_other_characters_longer_than_16_or_longer_than_12_once_compacted_is_422() {
        String[] invalid = {"12a4", "(212)", "1".repeat(17), "1234567890123", "- -"};
        for (String prefix : invalid) {
            Response response = http.postJson(PATH, json("name", "Bad", "destination_country", "US",
                    "destination_prefix", prefix, "outbound_trunk_name", "t"));
            assertEquals(422, response.status(), prefix + ": " + response.body());
            assertEquals(Set.of("destination_prefix"), fieldNames(response.json().path("errors")), prefix);
        }
        JsonNode spaced = Whitelists.create(http, "Spaced", "US", "1 2 3 4 5 6 7 8", "t");
        assertEquals("12345678", spaced.path("destination_prefix").asText());
    }

    @Test
    void an_empty_or_null_prefix_is_stored_as_null() {
        JsonNode empty = Whitelists.create(http, "Empty", "US", "  ", "t");
        JsonNode missing = Whitelists.create(http, "Missing", "FR", null, "t");

        assertTrue(empty.path("destination_prefix").isNull(), empty.toString());
        assertTrue(missing.path("destination_prefix").isNull(), missing.toString());
    }

    @Test
    void an_update_validates_only_the_fields_sent_and_a_present_null_name_is_required() {
        long id = Whitelists.create(http, "Keep", "US", "+1212", "nyc").path("id").asLong();

        Response nullName = http.put(PATH + "/" + id, json("name", null));
        assertEquals(422, nullName.status(), nullName.body());
        assertEquals(Set.of("name"), fieldNames(nullName.json().path("errors")));

        Response trunkOnly = Whitelists.patch(http, PATH + "/" + id, json("outbound_trunk_name", "nyc-2"));
        assertEquals(200, trunkOnly.status(), trunkOnly.body());
        assertEquals("Keep", trunkOnly.json().path("data").path("name").asText());
        assertEquals("+1212", trunkOnly.json().path("data").path("destination_prefix").asText());
        assertEquals("nyc-2", trunkOnly.json().path("data").path("outbound_trunk_name").asText());

        Response cleared = http.put(PATH + "/" + id, json("destination_prefix", null));
        assertEquals(200, cleared.status(), cleared.body());
        assertTrue(cleared.json().path("data").path("destination_prefix").isNull());
    }
}
