package opbx.ivr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import opbx.secrets.Secrets;
import opbx.support.FakeCloudonix;
import opbx.support.FakeCloudonix.Behavior;
import opbx.support.HttpTestClient.Response;
import opbx.support.Identity;
import opbx.support.Identity.Member;
import opbx.support.Identity.Team;
import opbx.support.TestApp;
import opbx.support.TestStores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** GET /api/v1/ivr-menus/voices (control-plane spec §3.6, §6.1, §6.2): every role, against the fake Cloudonix. */
class IvrVoicesTest {

    private static final String PATH = "/api/v1/ivr-menus/voices";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static FakeCloudonix fake;
    private static TestApp app;

    @BeforeAll
    static void start() {
        fake = FakeCloudonix.start();
        app = TestApp.start(TestStores.get().database(), TestStores.get().redis(),
                Map.of("CLOUDONIX_API_BASE_URL", fake.baseUrl(), "CLOUDONIX_TIMEOUT_MS", "1000"));
    }

    @AfterAll
    static void stop() {
        app.close();
        fake.close();
    }

    @AfterEach
    void clearScripts() {
        fake.clearScripts();
    }

    @Test
    void the_catalogue_is_mapped_sorted_by_language_gender_and_name_with_its_filters() throws Exception {
        Team team = Identity.team(app, "IVR Voices Catalogue Org");
        String domain = configure(team);
        ArrayNode voices = fake.domain(domain).voices;
        synchronized (fake) {
            voices.add(voice("AWS:Matthew", "AWS", "male", "standard", "en-US"));
            voices.add(voice("AWS:Joanna", "AWS", "female", "premium", "en-US"));
            voices.add(voice("AWS:Aditi", "AWS", "Female", null, "hi-IN", "en-IN"));
            voices.addObject().put("voice", "Acme:Plain");
        }

        Response response = team.user().http().get(PATH);

        assertEquals(200, response.status(), response.body());
        JsonNode data = response.json().path("data");
        assertEquals(List.of("Google:en-GB-Standard-B", "AWS:Joanna", "Cloudonix-Neural:Zoe", "AWS:Matthew",
                "Acme:Plain", "AWS:Aditi"), ids(data));
        assertEquals(MAPPER.createObjectNode().put("id", "AWS:Joanna").put("name", "Joanna").put("provider", "AWS")
                .put("language", "en-US").put("gender", "female").put("premium", true).put("pricing", "premium"), data.get(1));
        assertEquals(MAPPER.createObjectNode().put("id", "Acme:Plain").put("name", "Plain").put("provider", "Acme")
                .put("language", "en-US").put("gender", "neutral").put("premium", false).put("pricing", "standard"),
                data.get(4), "defaults: first language en-US, gender neutral, pricing standard");
        assertEquals("hi-IN", data.get(5).path("language").asText(), "the first listed language");
        assertEquals("female", data.get(5).path("gender").asText());
        JsonNode filters = response.json().path("filters");
        assertEquals(MAPPER.readTree("[{\"code\":\"en-GB\",\"name\":\"English (United Kingdom)\"},"
                + "{\"code\":\"en-US\",\"name\":\"English (United States)\"},{\"code\":\"hi-IN\",\"name\":\"Hindi (India)\"}]"),
                filters.path("languages"));
        assertEquals(MAPPER.readTree("[\"female\",\"male\",\"neutral\"]"), filters.path("genders"));
        assertEquals(MAPPER.readTree("[\"AWS\",\"Acme\",\"Cloudonix-Neural\",\"Google\"]"), filters.path("providers"));
        assertEquals(MAPPER.readTree("[\"premium\",\"standard\"]"), filters.path("pricing"));
    }

    @Test
    void every_role_reads_the_voices_and_the_catalogue_is_cached_for_an_hour() {
        Team team = Identity.team(app, "IVR Voices Cached Org");
        String domain = configure(team);
        String voicesPath = "/domains/" + domain + "/resources/voices";

        List<Response> responses = new ArrayList<>();
        for (Member member : List.of(team.owner(), team.admin(), team.user(), team.reporter())) {
            responses.add(member.http().get(PATH));
        }

        for (Response response : responses) {
            assertEquals(200, response.status(), response.body());
            assertEquals(responses.get(0).json(), response.json());
        }
        assertEquals(1, fake.requests("GET", voicesPath).size(), "the later reads came from the cache");
        long ttl = app.server().redis().client().ttl("opbx:{" + team.organizationId() + "}:cloudonix:voices");
        assertTrue(ttl > 3500 && ttl <= 3600, "cached 1 h: " + ttl);
    }

    @Test
    void a_domain_without_tts_voices_is_a_clear_409_and_one_with_none_an_empty_catalogue() {
        Team team = Identity.team(app, "IVR Voices Not Enabled Org");
        String domain = configure(team);
        fake.domain(domain).voicesEnabled = false;

        Response refused = team.owner().http().get(PATH);

        assertEquals(409, refused.status(), refused.body());
        assertEquals("CLOUDONIX_VOICES_NOT_ENABLED", refused.json().path("error").path("code").asText());
        assertTrue(refused.json().path("message").asText().contains("not authorized for text-to-speech voices"),
                refused.body());

        Team other = Identity.team(app, "IVR Voices None Org");
        String empty = configure(other);
        synchronized (fake) {
            fake.domain(empty).voices.removeAll();
        }
        Response none = other.owner().http().get(PATH);
        assertEquals(200, none.status(), "Cloudonix's 404 \"No voices found\" is no voices: " + none.body());
        assertEquals(0, none.json().path("data").size());
    }

    @Test
    void cloudonix_failing_is_502_and_nothing_is_cached() {
        Team team = Identity.team(app, "IVR Voices Failing Org");
        String domain = configure(team);
        fake.script("GET", "/domains/" + domain + "/resources/voices", Behavior.status(500), 1);
        fake.script("GET", "/domains/" + domain + "/resources/voices", Behavior.malformedJson(), 1);

        for (int i = 0; i < 2; i++) {
            Response response = team.reporter().http().get(PATH);

            assertEquals(502, response.status(), response.body());
            assertEquals("CLOUDONIX_UNAVAILABLE", response.json().path("error").path("code").asText());
            assertEquals("Cloudonix could not be reached. Please try again later.", response.json().path("message").asText());
        }
        assertEquals(200, team.reporter().http().get(PATH).status(), "the failures were not cached");
    }

    @Test
    void without_cloudonix_settings_every_role_gets_503_not_configured_with_troubleshooting_hints() {
        Team team = Identity.team(app, "IVR Voices Org");

        for (Member member : List.of(team.owner(), team.admin(), team.user(), team.reporter())) {
            Response response = member.http().get(PATH);

            assertEquals(503, response.status(), member.role() + ": " + response.body());
            JsonNode body = response.json();
            assertEquals("CLOUDONIX_NOT_CONFIGURED", body.path("error").path("code").asText());
            assertEquals("Cloudonix settings not configured for your organization.", body.path("message").asText());
            JsonNode hints = body.path("troubleshooting");
            assertTrue(hints.isArray() && !hints.isEmpty(), body.toString());
            hints.forEach(hint -> assertTrue(hint.isTextual() && !hint.asText().isBlank(), hints.toString()));
        }
    }

    @Test
    void settings_without_an_api_key_are_not_configured() {
        Team team = Identity.team(app, "IVR Voices Partial Org");
        new IvrMenuRows(app.dsl(), team.organizationId()).cloudonixSettings(UUID.randomUUID(), null);
        int asked = fake.requests().size();

        Response response = team.user().http().get(PATH);

        assertEquals(503, response.status(), response.body());
        assertEquals("CLOUDONIX_NOT_CONFIGURED", response.json().path("error").path("code").asText());
        assertEquals(asked, fake.requests().size(), "Cloudonix was not asked");
    }

    @Test
    void voices_is_not_taken_for_a_menu_id() {
        Team team = Identity.team(app, "IVR Voices Route Org");

        Response response = team.owner().http().get(PATH);

        assertTrue(response.status() != 404, "a /{id} route would answer 404 for \"voices\": " + response.body());
    }

    /** A fake domain with the fake's two default voices, stored as the organisation's settings; its uuid. */
    private static String configure(Team team) {
        String uuid = UUID.randomUUID().toString();
        String key = "ck_" + UUID.randomUUID().toString().replace("-", "");
        fake.addDomain(uuid, key);
        String encrypted = new Secrets(app.server().appKey(), Optional.empty())
                .encrypt(key, "cloudonix_settings", "domain_api_key", team.organizationId());
        new IvrMenuRows(app.dsl(), team.organizationId()).cloudonixSettings(UUID.fromString(uuid), encrypted);
        return uuid;
    }

    private static JsonNode voice(String id, String provider, String gender, String pricing, String... languages) {
        var voice = MAPPER.createObjectNode().put("voice", id).put("provider", provider).put("gender", gender);
        if (pricing != null) {
            voice.put("pricing", pricing);
        }
        ArrayNode list = voice.putArray("languages");
        for (String language : languages) {
            list.add(language);
        }
        return voice;
    }

    private static List<String> ids(JsonNode data) {
        List<String> ids = new ArrayList<>();
        data.forEach(item -> ids.add(item.path("id").asText()));
        return ids;
    }
}
