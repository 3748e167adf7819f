package opbx.settings;

import static opbx.settings.Settings.PATH;
import static opbx.support.TestData.fieldNames;
import static opbx.support.TestData.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import java.util.UUID;
import opbx.db.gen.tables.records.CloudonixSettingsRecord;
import opbx.support.HttpTestClient.Response;
import opbx.support.Identity;
import opbx.support.Identity.Team;
import opbx.support.TestApp;
import org.junit.jupiter.api.Test;

/**
 * Webhooks and voice requests find the organisation by domain uuid, domain name or requests key, so each belongs to one
 * organisation (control-plane spec §3.14): a clash is a 422 on that field, never a 500.
 */
class CloudonixSettingsUniquenessTest {

    private static final String DOMAIN_TAKEN = "This Cloudonix domain is already connected to another organization.";

    private final TestApp app = CloudonixApp.app();

    @Test
    void a_domain_name_held_by_another_organisation_is_422_whatever_its_case() {
        Team a = Identity.team(app, "Settings Domain A Org");
        Team b = Identity.team(app, "Settings Domain B Org");
        String domain = Settings.domainName();
        Settings.save(b.owner().http(), json("domain_name", domain));
        Settings.save(a.owner().http(), json("domain_name", "mine-" + domain));
        CloudonixSettingsRecord before = Settings.row(app.dsl(), a.organizationId());

        Response response = a.owner().http().put(PATH, json("domain_name", domain.toUpperCase(), "no_answer_timeout", 30));

        assertEquals(422, response.status(), response.body());
        assertEquals(Set.of("domain_name"), fieldNames(response.json().path("errors")));
        assertEquals(DOMAIN_TAKEN, response.json().path("errors").path("domain_name").get(0).asText());
        assertEquals(before, Settings.row(app.dsl(), a.organizationId()), "A's settings are unchanged");
        assertEquals(domain, Settings.row(app.dsl(), b.organizationId()).getDomainName());
    }

    @Test
    void a_domain_uuid_held_by_another_organisation_is_422() {
        Team a = Identity.team(app, "Settings Uuid A Org");
        Team b = Identity.team(app, "Settings Uuid B Org");
        String uuid = UUID.randomUUID().toString();
        Settings.save(b.owner().http(), json("domain_uuid", uuid));

        Response response = a.owner().http().put(PATH, json("domain_uuid", uuid.toUpperCase()));

        assertEquals(422, response.status(), response.body());
        assertEquals(DOMAIN_TAKEN, response.json().path("errors").path("domain_uuid").get(0).asText());
        assertEquals(null, Settings.row(app.dsl(), a.organizationId()));
    }

    @Test
    void a_requests_key_whose_hash_another_organisation_holds_is_422() {
        Team a = Identity.team(app, "Settings Key A Org");
        Team b = Identity.team(app, "Settings Key B Org");
        String key = "shared-" + UUID.randomUUID();
        Settings.save(b.owner().http(), json("domain_requests_api_key", key));

        Response response = a.owner().http().put(PATH, json("domain_requests_api_key", key));

        assertEquals(422, response.status(), response.body());
        assertEquals("This domain requests api key cannot be used. Generate a new one.",
                response.json().path("errors").path("domain_requests_api_key").get(0).asText());
    }

    @Test
    void saving_an_organisations_own_domain_and_key_again_is_no_clash() {
        Team team = Identity.team(app, "Settings Own Domain Org");
        String domain = Settings.domainName();
        String uuid = UUID.randomUUID().toString();
        String key = "own-key-" + UUID.randomUUID();
        Settings.save(team.owner().http(), json("domain_name", domain, "domain_uuid", uuid,
                "domain_requests_api_key", key));

        Response again = team.owner().http().put(PATH, json("domain_name", domain.toUpperCase(), "domain_uuid", uuid,
                "domain_requests_api_key", key, "cloudonix_package", "Pro"));

        assertEquals(200, again.status(), again.body());
        assertEquals(domain.toUpperCase(), Settings.row(app.dsl(), team.organizationId()).getDomainName());
    }
}
