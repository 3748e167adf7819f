package opbx.settings;

import static opbx.db.gen.Tables.CLOUDONIX_SETTINGS;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import opbx.db.gen.tables.records.CloudonixSettingsRecord;
import opbx.secrets.Secrets;
import opbx.support.HttpTestClient;
import opbx.support.HttpTestClient.Response;
import opbx.support.TestApp;
import org.jooq.DSLContext;

/** Shared steps of the Cloudonix settings tests. */
final class Settings {

    static final String PATH = "/api/v1/settings/cloudonix";
    static final String API_KEY = "ak_live_0123456789abcdefXYZ";
    static final String WEBHOOK_SECRET = "whsec_abcdefghijklmnop";

    private Settings() {
    }

    /**
     * A requests key no other organisation holds (its hash is globally unique): 32 characters, always masked as
     * {@code ************pqrs}.
     */
    static String requestsKey() {
        return "rk-0" + UUID.randomUUID().toString().replace("-", "").substring(0, 24) + "pqrs";
    }

    /** A domain name no other test uses. */
    static String domainName() {
        return "d" + UUID.randomUUID().toString().substring(0, 8) + ".cloudonix.net";
    }

    /** PUTs the body; fails unless 200. */
    static JsonNode save(HttpTestClient http, String body) {
        Response response = http.put(PATH, body);
        if (response.status() != 200) {
            throw new AssertionError("settings save failed: " + response.status() + " " + response.body());
        }
        return response.json();
    }

    static Response patch(HttpTestClient http, String body) {
        return http.send("PATCH", PATH, body, "application/json", Map.of());
    }

    static CloudonixSettingsRecord row(DSLContext dsl, long organizationId) {
        return dsl.selectFrom(CLOUDONIX_SETTINGS)
                .where(CLOUDONIX_SETTINGS.ORGANIZATION_ID.eq(organizationId))
                .fetchOne();
    }

    /** The app's own secrets, to read what it stored. */
    static Secrets secrets(TestApp app) {
        return new Secrets(app.server().appKey(), Optional.empty());
    }

    static String decrypt(TestApp app, String stored, String column, long organizationId) {
        return secrets(app).decrypt(stored, "cloudonix_settings", column, organizationId);
    }
}
