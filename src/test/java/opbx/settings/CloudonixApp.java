package opbx.settings;

import static opbx.db.gen.Tables.CLOUDONIX_SETTINGS;
import static opbx.support.TestData.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.UUID;
import opbx.support.FakeCloudonix;
import opbx.support.HttpTestClient;
import opbx.support.TestApp;
import opbx.support.TestStores;

/**
 * One server for the settings tests, pointed at one {@link FakeCloudonix} (control-plane spec §6.5), so a save of
 * configured settings never reaches the real Cloudonix. Tests keep to domains of their own and script paths with their
 * domain's uuid, so they do not see each other's requests.
 */
final class CloudonixApp {

    /** A domain in the fake: its uuid and the bearer key it accepts. */
    record Domain(String uuid, String key) {

        /** The fake's path regex of this domain, plus {@code rest} (a regex too). */
        String path(String rest) {
            return "/customers/self/domains/" + uuid + rest;
        }
    }

    /** The public URL of the settings tests' server: pushes need one (a guessed loopback URL is never pushed). */
    static final String PUBLIC_URL = "https://pbx-settings.example.com";

    private static TestApp app;
    private static FakeCloudonix fake;

    private CloudonixApp() {
    }

    static synchronized TestApp app() {
        if (app == null) {
            fake = FakeCloudonix.start();
            app = TestApp.start(TestStores.get().database(), TestStores.get().redis(), Map.of(
                    "CLOUDONIX_API_BASE_URL", fake.baseUrl(),
                    "OPBX_PUBLIC_URL", PUBLIC_URL,
                    "CLOUDONIX_TIMEOUT_MS", "1000"));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                app.close();
                fake.close();
            }));
        }
        return app;
    }

    static synchronized FakeCloudonix fake() {
        app();
        return fake;
    }

    /** A new domain in the fake, with a key longer than 12 characters (so its mask shows its ends). */
    /** A fresh pacing window for the organisation's domain, for tests that make more than ten calls on purpose of other things. */
    static void refillPace(long organizationId) {
        app().server().redis().client().del(opbx.cache.RedisKeys.tenant(organizationId, "cloudonix", "pace"));
    }

    static Domain newDomain() {
        Domain domain = new Domain(UUID.randomUUID().toString(), "ck_" + UUID.randomUUID().toString().replace("-", ""));
        fake().addDomain(domain.uuid(), domain.key());
        return domain;
    }

    /**
     * Writes the domain's uuid and encrypted key straight to the organisation's settings row: configured without a
     * save, so no save's delayed second cache invalidation can drop what a test then caches.
     */
    static void configureRow(long organizationId, Domain domain) {
        TestApp server = app();
        server.dsl().insertInto(CLOUDONIX_SETTINGS)
                .set(CLOUDONIX_SETTINGS.ORGANIZATION_ID, organizationId)
                .set(CLOUDONIX_SETTINGS.DOMAIN_UUID, UUID.fromString(domain.uuid()))
                .set(CLOUDONIX_SETTINGS.DOMAIN_API_KEY,
                        Settings.secrets(server).encrypt(domain.key(), "cloudonix_settings", "domain_api_key", organizationId))
                .execute();
    }

    /** Saves the domain's uuid and key as the organisation's settings; answers the save. */
    static JsonNode configure(HttpTestClient owner, Domain domain) {
        return Settings.save(owner, json("domain_uuid", domain.uuid(), "domain_api_key", domain.key()));
    }
}
