package opbx.faults;

import static opbx.db.gen.Tables.CLOUDONIX_SETTINGS;
import static opbx.db.gen.Tables.EXTENSIONS;
import static opbx.support.TestData.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import opbx.access.Role;
import opbx.db.gen.tables.records.ExtensionsRecord;
import opbx.secrets.Secrets;
import opbx.support.FakeCloudonix;
import opbx.support.FakeCloudonix.Behavior;
import opbx.support.HttpTestClient.Response;
import opbx.support.Identity;
import opbx.support.TestApp;
import opbx.support.TestStores;
import org.junit.jupiter.api.Test;

/**
 * Issue 9 item 5, control-plane spec §6.3-§6.4: Cloudonix answering later than {@code CLOUDONIX_TIMEOUT_MS} never
 * fails a local write; the write is committed and answered with a {@code cloudonix_warning} naming the timeout, and
 * routing goes on as before.
 */
class SlowCloudonixTest {

    @Test
    void a_user_extension_written_while_cloudonix_is_slow_is_committed_with_a_timeout_warning_and_routes() {
        try (FakeCloudonix fake = FakeCloudonix.start()) {
            TestApp app = TestApp.start(TestStores.get().database(), TestStores.get().redis(), Map.of(
                    "CLOUDONIX_API_BASE_URL", fake.baseUrl(),
                    "CLOUDONIX_TIMEOUT_MS", "500"));
            try {
                FaultWorld w = new FaultWorld(app, "Fault slow Cloudonix");
                Identity.Member admin = Identity.member(app, w.org, Role.PBX_ADMIN);
                String domain = UUID.randomUUID().toString();
                String apiKey = "ck_" + UUID.randomUUID().toString().replace("-", "");
                fake.addDomain(domain, apiKey);
                app.dsl().update(CLOUDONIX_SETTINGS)
                        .set(CLOUDONIX_SETTINGS.DOMAIN_UUID, UUID.fromString(domain))
                        .set(CLOUDONIX_SETTINGS.DOMAIN_API_KEY, new Secrets(app.server().appKey(), Optional.empty())
                                .encrypt(apiKey, "cloudonix_settings", "domain_api_key", w.org))
                        .where(CLOUDONIX_SETTINGS.ORGANIZATION_ID.eq(w.org))
                        .execute();
                String subscribers = "/customers/self/domains/" + domain + "/subscribers";
                fake.script("POST", subscribers, Behavior.delay(Duration.ofSeconds(3)));
                fake.script("PUT", subscribers + "/.*", Behavior.delay(Duration.ofSeconds(3)));

                Response created = admin.http().postJson("/api/v1/extensions",
                        json("extension_number", "2001", "type", "user"));

                assertEquals(201, created.status(), created.body());
                JsonNode warning = created.json().path("cloudonix_warning");
                assertEquals("Extension created locally but Cloudonix sync failed", warning.path("message").asText(),
                        created.body());
                assertEquals("timeout", warning.path("details").path("reason").asText(), created.body());
                assertEquals("create_subscriber", warning.path("details").path("operation").asText());
                long id = created.json().path("extension").path("id").asLong();
                ExtensionsRecord row = app.dsl().selectFrom(EXTENSIONS)
                        .where(EXTENSIONS.ORGANIZATION_ID.eq(w.org))
                        .and(EXTENSIONS.ID.eq(id))
                        .fetchOne();
                assertNotNull(row, "the extension is committed");
                assertEquals("2001", row.getExtensionNumber());
                assertFalse(row.getCloudonixSynced(), "left for the sync to pick up");
                assertNotNull(row.getCloudonixLastError());

                Response updated = admin.http().put("/api/v1/extensions/" + id, json("status", "inactive"));
                assertEquals(200, updated.status(), updated.body());
                assertEquals("timeout", updated.json().path("cloudonix_warning").path("details").path("reason").asText(),
                        updated.body());
                assertEquals("inactive", app.dsl().select(EXTENSIONS.STATUS).from(EXTENSIONS)
                        .where(EXTENSIONS.ORGANIZATION_ID.eq(w.org)).and(EXTENSIONS.ID.eq(id)).fetchOne(EXTENSIONS.STATUS));

                // Routing never calls Cloudonix: the organisation's calls route as before while its writes time out.
                assertEquals(FaultWorld.DIAL_1001, w.route("slow-cloudonix").body());
            } finally {
                app.close();
            }
        }
    }
}
