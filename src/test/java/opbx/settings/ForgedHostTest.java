package opbx.settings;

import static opbx.db.gen.Tables.IVR_MENUS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.UUID;
import opbx.support.FakeCloudonix;
import opbx.support.Identity;
import opbx.support.RawHttp;
import opbx.support.TestApp;
import opbx.support.TestStores;
import org.junit.jupiter.api.Test;

/**
 * Callback URLs never come from the request (issue 14, item 4): without {@code OPBX_PUBLIC_URL} and without the
 * organisation's {@code webhook_base_url}, a forged {@code Host} changes neither the CXML's callback URLs nor the
 * settings' webhook URLs, and a save does not push a guessed URL to Cloudonix: it says why in its warning.
 */
class ForgedHostTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void a_forged_host_reaches_neither_the_cxml_nor_the_settings_nor_cloudonix() throws Exception {
        try (FakeCloudonix fake = FakeCloudonix.start()) {
            TestApp app = TestApp.start(TestStores.get().database(), TestStores.get().redis(),
                    Map.of("CLOUDONIX_API_BASE_URL", fake.baseUrl()));
            try {
                int port = app.server().port();
                String local = "http://localhost:" + port;
                Identity.Team team = Identity.team(app, "Forged Host Org");
                String domain = UUID.randomUUID().toString();
                fake.addDomain(domain, "ck_" + UUID.randomUUID().toString().replace("-", ""));
                String requestsKey = Settings.requestsKey();
                String body = "{\"domain_uuid\":\"" + domain + "\",\"domain_api_key\":\"" + fake.domain(domain).apiKey
                        + "\",\"domain_requests_api_key\":\"" + requestsKey + "\"}";
                Map<String, String> headers = Map.of("Host", "evil.example", "Content-Type", "application/json",
                        "Authorization", "Bearer " + team.owner().token());

                RawHttp.Answer saved = RawHttp.send(port, "PUT", Settings.PATH, headers, body);
                assertEquals(200, saved.status(), saved.body());
                JsonNode json = MAPPER.readTree(saved.body());
                assertEquals(local + "/api/webhooks/cloudonix/session-update", json.path("callback_url").asText());
                assertEquals("no_public_url", json.path("cloudonix_warning").path("details").path("reason").asText(),
                        saved.body());
                assertEquals(SettingsPush.WARNING, json.path("warning").asText());
                assertTrue(fake.requests().stream().noneMatch(request -> request.path().contains(domain)),
                        "nothing was pushed to the domain");
                assertFalse(saved.body().contains("evil.example"));

                RawHttp.Answer shown = RawHttp.send(port, "GET", Settings.PATH, headers, null);
                assertEquals(local + "/api/webhooks/cloudonix/cdr", MAPPER.readTree(shown.body()).path("cdr_url").asText());

                long menu = app.dsl().insertInto(IVR_MENUS)
                        .set(IVR_MENUS.ORGANIZATION_ID, team.organizationId())
                        .set(IVR_MENUS.NAME, "Main")
                        .set(IVR_MENUS.TTS_TEXT, "Hello")
                        .returning(IVR_MENUS.ID)
                        .fetchOne(IVR_MENUS.ID);
                RawHttp.Answer cxml = RawHttp.send(port, "POST", "/api/voice/ivr-input?menu_id=" + menu + "&hops=1",
                        Map.of("Host", "evil.example", "Content-Type", "application/json",
                                "Authorization", "Bearer " + requestsKey), "{\"CallSid\":\"forged-1\",\"Digits\":\"7\"}");
                assertEquals(200, cxml.status(), cxml.body());
                assertTrue(cxml.body().contains("action=\"" + local + "/api/voice/ivr-input?menu_id=" + menu), cxml.body());
                assertFalse(cxml.body().contains("evil.example"), cxml.body());
            } finally {
                app.close();
            }
        }
    }
}
