package opbx.settings;

import static opbx.settings.Settings.PATH;
import static opbx.settings.Settings.WEBHOOK_SECRET;
import static opbx.support.TestData.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import opbx.support.FakeCloudonix;
import opbx.support.FakeCloudonix.Behavior;
import opbx.support.HttpTestClient;
import opbx.support.Identity;
import opbx.support.Identity.Team;
import opbx.support.LogCapture;
import opbx.support.TestApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * No secret of the settings reaches the log (control-plane spec §6.1): not the domain API key, not the requests key
 * pushed in the profile, not the webhook secret, through a validate, a full save, a failed push whose error echoes the
 * profile, and the trunks. slf4j-simple writes to System.err, which the test captures around the requests.
 */
class CloudonixSettingsLogsTest {

    private final TestApp app = CloudonixApp.app();
    private final FakeCloudonix fake = CloudonixApp.fake();

    @AfterEach
    void clearScripts() {
        fake.clearScripts();
    }

    @Test
    void validating_saving_and_a_failed_push_log_no_key() {
        Team team = Identity.team(app, "Settings Logs Org");
        CloudonixApp.Domain domain = CloudonixApp.newDomain();
        String requestsKey = Settings.requestsKey();
        HttpTestClient owner = team.owner().http();
        String body = json("domain_uuid", domain.uuid(), "domain_api_key", domain.key(),
                "domain_requests_api_key", requestsKey, "webhook_secret", WEBHOOK_SECRET);

        String logs = LogCapture.during(() -> {
            owner.postJson(PATH + "/validate", json("domain_uuid", domain.uuid(), "domain_api_key", domain.key()));
            owner.postJson(PATH + "/validate", json("domain_uuid", domain.uuid(), "domain_api_key", domain.key() + "x"));
            Settings.save(owner, body);
            fake.script("PUT", domain.path(""), Behavior.status(400, "{\"error\":\"bad profile\",\"echo\":{\"profile\":"
                    + "{\"authorization-api-key\":\"" + requestsKey + "\"},\"key\":\"" + domain.key() + "\"}}"), 1);
            Settings.save(owner, json("no_answer_timeout", 30));
            owner.get(PATH + "/outbound-trunks");
        });

        assertEquals(1, fake.requests("POST", domain.path("/applications")).size(), "the full save reached its end");
        assertTrue(logs.contains("update_domain_profile"), "the failed push was logged: " + logs);
        for (String secret : new String[] {domain.key(), requestsKey, WEBHOOK_SECRET}) {
            assertFalse(logs.contains(secret), "a secret was logged");
            assertFalse(logs.contains(secret.substring(4, 12)), "more than the first 4 characters of a secret were logged");
        }
    }
}
