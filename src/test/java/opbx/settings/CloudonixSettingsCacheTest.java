package opbx.settings;

import static opbx.db.gen.Tables.CLOUDONIX_SETTINGS;
import static opbx.support.TestData.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.UUID;
import opbx.auth.Tokens;
import opbx.support.Identity;
import opbx.support.Identity.Team;
import opbx.support.TestApp;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;

/** A save deletes the keys that find or describe the organisation, for old and new values (execution-plane §10.2). */
class CloudonixSettingsCacheTest {

    private final TestApp app = CloudonixApp.app();

    @Test
    void a_save_deletes_the_organisation_entry_and_the_auth_and_domain_keys_of_old_and_new_values() {
        Team team = Identity.team(app, "Settings Cache Org");
        long org = team.organizationId();
        String oldKey = "old-requests-key-" + UUID.randomUUID();
        String newKey = "new-requests-key-" + UUID.randomUUID();
        UUID oldUuid = UUID.randomUUID();
        UUID newUuid = UUID.randomUUID();
        String oldName = Settings.domainName();
        String newName = Settings.domainName();
        // Written straight to the table, so no earlier save's delayed second invalidation pass can remove the keys.
        app.dsl().insertInto(CLOUDONIX_SETTINGS)
                .set(CLOUDONIX_SETTINGS.ORGANIZATION_ID, org)
                .set(CLOUDONIX_SETTINGS.DOMAIN_UUID, oldUuid)
                .set(CLOUDONIX_SETTINGS.DOMAIN_NAME, oldName)
                .set(CLOUDONIX_SETTINGS.DOMAIN_REQUESTS_API_KEY,
                        Settings.secrets(app).encrypt(oldKey, "cloudonix_settings", "domain_requests_api_key", org))
                .set(CLOUDONIX_SETTINGS.DOMAIN_REQUESTS_API_KEY_HASH, Tokens.sha256Hex(oldKey))
                .execute();
        List<String> keys = List.of(
                "opbx:{" + org + "}:org",
                "opbx:auth:key:" + Tokens.sha256Hex(oldKey),
                "opbx:auth:key:" + Tokens.sha256Hex(newKey),
                "opbx:dom:" + oldUuid,
                "opbx:dom:" + newUuid,
                "opbx:dom:" + oldName,
                "opbx:dom:" + newName);
        String unrelated = "opbx:dom:" + Settings.domainName();
        JedisPooled redis = app.server().redis().client();
        keys.forEach(key -> redis.set(key, String.valueOf(org)));
        redis.set(unrelated, "1");

        Settings.save(team.owner().http(), json("domain_requests_api_key", newKey, "domain_uuid", newUuid.toString(),
                "domain_name", newName.toUpperCase()));

        for (String key : keys) {
            assertFalse(redis.exists(key), "the save deleted " + key);
        }
        assertEquals("1", redis.get(unrelated), "another domain's key is untouched");
    }
}
