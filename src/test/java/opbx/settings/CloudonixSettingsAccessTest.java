package opbx.settings;

import static opbx.settings.Settings.API_KEY;
import static opbx.settings.Settings.PATH;
import static opbx.support.TestData.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import opbx.db.gen.tables.records.CloudonixSettingsRecord;
import opbx.support.HttpTestClient;
import opbx.support.HttpTestClient.Response;
import opbx.support.Identity;
import opbx.support.Identity.Member;
import opbx.support.Identity.Team;
import opbx.support.TestApp;
import org.junit.jupiter.api.Test;

/** Who may do what with the Cloudonix settings (control-plane spec §2.2) and tenant isolation (§2.3). */
class CloudonixSettingsAccessTest {

    private final TestApp app = CloudonixApp.app();

    @Test
    void a_pbx_admin_reads_masked_settings_but_every_owner_only_action_is_403() {
        Team team = Identity.team(app, "Settings Admin Org");
        CloudonixApp.Domain domain = CloudonixApp.newDomain();
        CloudonixApp.configure(team.owner().http(), domain);
        CloudonixSettingsRecord before = Settings.row(app.dsl(), team.organizationId());
        HttpTestClient admin = team.admin().http();

        Response get = admin.get(PATH);
        assertEquals(200, get.status(), get.body());
        assertTrue(get.json().path("settings").path("domain_api_key").asText().matches("\\*{12}.{4}"), get.body());
        assertFalse(get.body().contains(domain.key()));
        assertEquals(200, admin.get(PATH + "/outbound-trunks").status(), "trunks are for pbx_admin too");

        for (Response response : ownerOnly(admin)) {
            assertEquals(403, response.status(), response.body());
            assertEquals("FORBIDDEN", response.json().path("error").path("code").asText());
        }
        assertEquals(before, Settings.row(app.dsl(), team.organizationId()), "nothing changed");
    }

    @Test
    void pbx_user_and_reporter_get_403_on_every_settings_route() {
        Team team = Identity.team(app, "Settings Users Org");
        Settings.save(team.owner().http(), json("domain_api_key", API_KEY));

        List<String> failures = new ArrayList<>();
        for (Member member : List.of(team.user(), team.reporter())) {
            List<Response> responses = new ArrayList<>(ownerOnly(member.http()));
            responses.add(member.http().get(PATH));
            responses.add(member.http().get(PATH + "/outbound-trunks"));
            for (Response response : responses) {
                if (response.status() != 403 || response.body().contains("ak_l")) {
                    failures.add(member.role() + " -> " + response.status() + " " + response.body());
                }
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    @Test
    void each_organisation_sees_and_changes_only_its_own_settings() {
        Team a = Identity.team(app, "Settings Isolation A Org");
        Team b = Identity.team(app, "Settings Isolation B Org");
        String domain = Settings.domainName();
        Settings.save(b.owner().http(), json("domain_name", domain, "domain_api_key", API_KEY));
        CloudonixSettingsRecord before = Settings.row(app.dsl(), b.organizationId());

        Response get = a.owner().http().get(PATH);
        assertTrue(get.json().path("settings").isNull(), get.body());
        Settings.save(a.owner().http(), json("cloudonix_package", "A only", "organization_id", b.organizationId()));
        Response reveal = a.owner().http().postJson(PATH + "/reveal", json("current_password", Identity.PASSWORD));

        assertEquals(200, reveal.status(), reveal.body());
        assertTrue(reveal.json().path("domain_api_key").isNull(), reveal.body());
        assertEquals(before, Settings.row(app.dsl(), b.organizationId()), "B's settings are unchanged");
        assertEquals("A only", Settings.row(app.dsl(), a.organizationId()).getCloudonixPackage());
    }

    @Test
    void without_a_token_the_settings_are_401() {
        Response response = app.http().get(PATH);

        assertEquals(401, response.status(), response.body());
        assertEquals("UNAUTHENTICATED", response.json().path("error").path("code").asText());
    }

    private static List<Response> ownerOnly(HttpTestClient http) {
        return List.of(
                http.put(PATH, json("cloudonix_package", "Hijacked")),
                Settings.patch(http, json("cloudonix_package", "Hijacked")),
                http.postJson(PATH + "/validate", json("domain_uuid", UUID.randomUUID().toString(),
                        "domain_api_key", "x")),
                http.post(PATH + "/generate-requests-key"),
                http.postJson(PATH + "/reveal", json("current_password", Identity.PASSWORD)));
    }
}
