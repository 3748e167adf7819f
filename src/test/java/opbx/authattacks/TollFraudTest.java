package opbx.authattacks;

import static opbx.support.TestData.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import opbx.support.HttpTestClient;
import opbx.support.HttpTestClient.Response;
import opbx.support.Identity;
import opbx.support.TestApp;
import org.junit.jupiter.api.Test;

/**
 * Toll fraud at save time: a forward that would dial outside the organisation must be one the outbound whitelist allows
 * (for every role), and a pbx_user may forward their own extension only to an extension or such a number. The runtime
 * side (every routing path that reaches a forward) is {@code OutboundPolicyScenariosTest}.
 */
class TollFraudTest {

    private static final String FORWARD = "configuration.forward_to";
    private final TestApp app = TestApp.shared();

    private static void assertRefused(Response response, String message) {
        assertEquals(422, response.status(), response.body());
        assertEquals(message, response.json().path("errors").path(FORWARD).path(0).asText(), response.body());
    }

    private static long created(Response response) {
        assertEquals(201, response.status(), response.body());
        return response.json().path("extension").path("id").asLong();
    }

    private static String forward(String target) {
        return json("configuration", Map.of("forward_to", target));
    }

    @Test
    void a_pbx_user_forwards_only_to_extensions_and_whitelisted_numbers() {
        Identity.Team team = Identity.team(app, "Toll Fraud Org");
        HttpTestClient admin = team.admin().http();
        assertEquals(201, admin.postJson("/api/v1/outbound-whitelist", json("name", "US only",
                "destination_country", "US", "outbound_trunk_name", "trunkA")).status());
        long own = created(admin.postJson("/api/v1/extensions", json("extension_number", "1700", "type", "user",
                "user_id", team.user().userId())));
        created(admin.postJson("/api/v1/extensions", json("extension_number", "1701", "type", "user")));
        HttpTestClient user = team.user().http();
        String path = "/api/v1/extensions/" + own;

        assertRefused(user.send("PATCH", path, forward("+3726000000"), "application/json", Map.of()),
                "The forward to number is not allowed by the outbound whitelist.");
        assertRefused(user.send("PATCH", path, forward("+88213123456"), "application/json", Map.of()),
                "The forward to number is not allowed by the outbound whitelist.");
        assertRefused(user.send("PATCH", path, forward("sip:+442079460000@gateway.example.net"), "application/json",
                Map.of()), "You may forward only to an extension or to a number the outbound whitelist allows.");
        assertEquals("{}", admin.get(path).json().path("extension").path("configuration").toString(),
                "nothing was written");

        Response allowed = user.send("PATCH", path, forward("+1 212 555 0100"), "application/json", Map.of());
        assertEquals(200, allowed.status(), allowed.body());
        assertEquals("+12125550100", allowed.json().path("extension").path("configuration").path("forward_to").asText());
        Response internal = user.send("PATCH", path, forward("1701"), "application/json", Map.of());
        assertEquals(200, internal.status(), internal.body());
    }

    @Test
    void an_admin_gets_the_same_refusal_for_a_number_no_whitelist_entry_allows() {
        Identity.Team team = Identity.team(app, "Toll Fraud Admin Org");
        HttpTestClient admin = team.admin().http();
        assertEquals(201, admin.postJson("/api/v1/outbound-whitelist", json("name", "New York",
                "destination_country", "US", "destination_prefix", "+1212", "outbound_trunk_name", "nyc")).status());

        assertRefused(admin.postJson("/api/v1/extensions", json("extension_number", "1800", "type", "forward",
                "configuration", Map.of("forward_to", "+442079460000"))),
                "The forward to number is not allowed by the outbound whitelist.");
        assertRefused(admin.postJson("/api/v1/extensions", json("extension_number", "1800", "type", "forward",
                "configuration", Map.of("forward_to", "+14155550123"))),
                "The forward to number is not allowed by the outbound whitelist.");
        long forward = created(admin.postJson("/api/v1/extensions", json("extension_number", "1800", "type", "forward",
                "configuration", Map.of("forward_to", "+12125550100"))));
        created(admin.postJson("/api/v1/extensions", json("extension_number", "1801", "type", "forward",
                "configuration", Map.of("forward_to", "sip:reception@pbx.example.com"))));

        // The whitelist changes later: the stored forward is refused at call time, and unrelated edits still save.
        long row = admin.get("/api/v1/outbound-whitelist").json().path("data").path(0).path("id").asLong();
        assertEquals(204, admin.delete("/api/v1/outbound-whitelist/" + row).status());
        Response unrelated = admin.send("PATCH", "/api/v1/extensions/" + forward, json("status", "inactive"),
                "application/json", Map.of());
        assertEquals(200, unrelated.status(), unrelated.body());
        assertRefused(admin.send("PATCH", "/api/v1/extensions/" + forward, forward("+12125550101"), "application/json",
                Map.of()), "The forward to number is not allowed by the outbound whitelist.");
    }
}
