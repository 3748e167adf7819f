package opbx.settings;

import static opbx.settings.Settings.API_KEY;
import static opbx.settings.Settings.PATH;
import static opbx.support.TestData.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import opbx.support.FakeCloudonix;
import opbx.support.FakeCloudonix.Behavior;
import opbx.support.HttpTestClient;
import opbx.support.HttpTestClient.Response;
import opbx.support.Identity;
import opbx.support.Identity.Team;
import opbx.support.TestApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;

/** GET /settings/cloudonix/outbound-trunks (control-plane spec §3.14, §6.1, §6.2) against the fake Cloudonix. */
class OutboundTrunksTest {

    private static final String TRUNKS = PATH + "/outbound-trunks";

    private final TestApp app = CloudonixApp.app();
    private final FakeCloudonix fake = CloudonixApp.fake();

    @AfterEach
    void clearScripts() {
        fake.clearScripts();
    }

    @Test
    void only_outbound_trunks_are_listed_as_cloudonix_sends_them_and_the_list_is_cached() {
        Team team = Identity.team(app, "Trunks Listed Org");
        CloudonixApp.Domain domain = CloudonixApp.newDomain();
        CloudonixApp.configureRow(team.organizationId(), domain);
        fake.addTrunk(domain.uuid(), "Carrier A", "public-outbound");
        fake.addTrunk(domain.uuid(), "Inbound only", "inbound");
        fake.addTrunk(domain.uuid(), "Carrier B", "outbound");
        String list = domain.path("/trunks");

        Response first = team.admin().http().get(TRUNKS);
        Response second = team.owner().http().get(TRUNKS);

        assertEquals(200, first.status(), first.body());
        assertEquals(2, first.json().path("count").asInt());
        JsonNode trunks = first.json().path("trunks");
        assertEquals(List.of("Carrier A", "Carrier B"), List.of(trunks.get(0).path("name").asText(),
                trunks.get(1).path("name").asText()));
        assertEquals("198.51.100.7", trunks.get(0).path("ip").asText(), "passed through as Cloudonix sends it");
        assertEquals(first.json(), second.json());
        assertEquals(1, fake.requests("GET", list).size(), "the second read came from the cache");
        assertEquals("Bearer " + domain.key(), fake.requests("GET", list).get(0).header("Authorization"));
        JedisPooled redis = app.server().redis().client();
        long ttl = redis.ttl("opbx:{" + team.organizationId() + "}:cloudonix:trunks");
        assertTrue(ttl > 240 && ttl <= 300, "cached 5 min: " + ttl);
    }

    @Test
    void a_settings_change_drops_the_cached_trunks_and_the_other_cloudonix_caches() {
        Team team = Identity.team(app, "Trunks Invalidated Org");
        CloudonixApp.Domain domain = CloudonixApp.newDomain();
        HttpTestClient owner = team.owner().http();
        CloudonixApp.configureRow(team.organizationId(), domain);
        fake.addTrunk(domain.uuid(), "Carrier A", "outbound");
        assertEquals(1, owner.get(TRUNKS).json().path("count").asInt());
        JedisPooled redis = app.server().redis().client();
        String voices = "opbx:{" + team.organizationId() + "}:cloudonix:voices";
        String compare = "opbx:{" + team.organizationId() + "}:cloudonix:compare";
        redis.set(voices, "{}");
        redis.set(compare, "{}");
        fake.addTrunk(domain.uuid(), "Carrier B", "public-outbound");

        Settings.save(owner, json("no_answer_timeout", 50));

        assertFalse(redis.exists(voices), "voices dropped");
        assertFalse(redis.exists(compare), "sync compare dropped");
        assertEquals(2, owner.get(TRUNKS).json().path("count").asInt(), "read again from Cloudonix");
        assertEquals(2, fake.requests("GET", domain.path("/trunks")).size());
    }

    @Test
    void cloudonix_failing_is_502_and_nothing_is_cached() {
        Team team = Identity.team(app, "Trunks Failing Org");
        CloudonixApp.Domain domain = CloudonixApp.newDomain();
        CloudonixApp.configure(team.owner().http(), domain);
        fake.script("GET", domain.path("/trunks"), Behavior.status(500), 1);
        fake.script("GET", domain.path("/trunks"), Behavior.malformedJson(), 1);

        for (int i = 0; i < 2; i++) {
            Response response = team.owner().http().get(TRUNKS);

            assertEquals(502, response.status(), response.body());
            assertEquals("CLOUDONIX_UNAVAILABLE", response.json().path("error").path("code").asText());
            assertEquals("Cloudonix could not be reached. Please try again later.", response.json().path("message").asText());
        }
        // The domain has no trunks: Cloudonix answers 404 "No trunks found", which is an empty list, not a failure.
        Response recovered = team.owner().http().get(TRUNKS);
        assertEquals(200, recovered.status(), recovered.body());
        assertEquals(0, recovered.json().path("count").asInt());
    }

    @Test
    void without_configured_settings_the_answer_is_422_not_configured_and_cloudonix_is_not_asked() {
        Team team = Identity.team(app, "Trunks Unconfigured Org");
        HttpTestClient http = team.admin().http();

        Response none = http.get(TRUNKS);
        Settings.save(team.owner().http(), json("domain_api_key", API_KEY));
        Response keyOnly = http.get(TRUNKS);

        for (Response response : new Response[] {none, keyOnly}) {
            assertEquals(422, response.status(), response.body());
            assertEquals("CLOUDONIX_NOT_CONFIGURED", response.json().path("error").path("code").asText());
            assertEquals("Please configure Cloudonix settings before fetching outbound trunks.",
                    response.json().path("message").asText());
            assertTrue(response.json().path("troubleshooting").isArray(), response.body());
            assertFalse(response.json().path("error").has("details"), "not a field validation error");
        }
    }
}
