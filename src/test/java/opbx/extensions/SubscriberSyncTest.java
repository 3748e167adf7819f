package opbx.extensions;

import static opbx.db.gen.Tables.CLOUDONIX_SETTINGS;
import static opbx.extensions.SyncKit.created;
import static opbx.extensions.SyncKit.warning;
import static opbx.support.TestData.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import opbx.support.FakeCloudonix.Behavior;
import opbx.support.FakeCloudonix.Request;
import opbx.support.HttpTestClient;
import opbx.support.HttpTestClient.Response;
import opbx.support.Identity;
import opbx.support.Identity.Team;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every extension write keeps its Cloudonix subscriber in step, and a failure never fails the write (§3.2, §6.4). */
class SubscriberSyncTest {

    private static SyncKit kit;

    @BeforeAll
    static void start() {
        kit = new SyncKit();
    }

    @AfterAll
    static void stop() {
        kit.close();
    }

    @Test
    void create_update_reset_delete_and_restore_reach_the_subscriber_with_the_right_bodies() {
        SyncKit.Org org = kit.org("Sync Lifecycle Org");
        HttpTestClient admin = org.admin();

        Response create = admin.postJson("/api/v1/extensions", json("extension_number", "1001", "type", "user"));
        long id = created(create);
        assertFalse(create.json().has("cloudonix_warning"), create.body());
        assertTrue(create.json().path("extension").path("cloudonix_synced").asBoolean());
        String password = create.json().path("extension").path("sip_config").path("password").asText();
        Request post = kit.requests(org, "POST", "").get(0);
        assertEquals("1001", post.body().path("msisdn").asText());
        assertEquals(password, post.body().path("sipPassword").asText());
        assertFalse(post.body().has("active"), "active is not a create property");
        JsonNode subscriber = kit.subscriber(org, "1001");
        SyncKit.Row row = kit.row(org.id(), id);
        assertEquals(subscriber.path("id").asText(), row.subscriberId());
        assertEquals(subscriber.path("uuid").asText(), row.uuid());
        assertTrue(row.synced());
        assertNotNull(row.syncedAt());
        assertNull(row.lastError());

        Response inactive = admin.put("/api/v1/extensions/" + id, json("status", "inactive"));
        assertEquals(200, inactive.status(), inactive.body());
        assertFalse(inactive.json().has("cloudonix_warning"), inactive.body());
        Request put = kit.requests(org, "PUT", "/" + row.subscriberId()).get(0);
        assertFalse(put.body().path("active").asBoolean(true));
        assertEquals(password, put.body().path("sipPassword").asText());

        Response reset = admin.put("/api/v1/extensions/" + id + "/reset-password", null);
        assertEquals(200, reset.status(), reset.body());
        String newPassword = reset.json().path("new_password").asText();
        assertEquals(newPassword, kit.subscriber(org, "1001").path("sipPassword").asText());
        assertEquals(2, kit.requests(org, "PUT", "/" + row.subscriberId()).size());

        assertEquals(204, admin.delete("/api/v1/extensions/" + id).status());
        assertEquals(1, kit.requests(org, "DELETE", "/" + row.subscriberId()).size());
        assertNull(kit.subscriber(org, "1001"));
        SyncKit.Row deleted = kit.row(org.id(), id);
        assertNull(deleted.subscriberId());
        assertNull(deleted.uuid());
        assertFalse(deleted.synced());

        Response restore = admin.post("/api/v1/extensions/" + id + "/restore");
        assertEquals(200, restore.status(), restore.body());
        assertFalse(restore.json().has("cloudonix_warning"), restore.body());
        assertTrue(restore.json().path("extension").path("cloudonix_synced").asBoolean());
        JsonNode recreated = kit.subscriber(org, "1001");
        assertEquals(newPassword, recreated.path("sipPassword").asText(), "re-created with its stored password");
        assertFalse(recreated.path("active").asBoolean(true), "and its stored status");
        assertEquals(recreated.path("id").asText(), kit.row(org.id(), id).subscriberId());
    }

    @Test
    void a_deleted_user_extension_frees_its_number_in_cloudonix_too() {
        SyncKit.Org org = kit.org("Sync Scenario 40 Org");
        long id = created(org.admin().postJson("/api/v1/extensions", json("extension_number", "1001", "type", "user")));
        String subscriberId = kit.row(org.id(), id).subscriberId();

        assertEquals(204, org.admin().delete("/api/v1/extensions/" + id).status());
        assertEquals(1, kit.requests(org, "DELETE", "/" + subscriberId).size());

        Response again = org.admin().postJson("/api/v1/extensions", json("extension_number", "1001", "type", "user"));
        long second = created(again);
        assertFalse(again.json().has("cloudonix_warning"), again.body());
        assertNotEquals(subscriberId, kit.row(org.id(), second).subscriberId());
    }

    @Test
    void a_type_change_to_user_creates_the_subscriber_and_away_from_user_deletes_it() {
        SyncKit.Org org = kit.org("Sync Type Org");
        HttpTestClient admin = org.admin();
        long id = created(admin.postJson("/api/v1/extensions", json("extension_number", "2001", "type", "forward",
                "configuration", Map.of("forward_to", "sip:front-desk@pbx.example.com"))));
        assertTrue(kit.fake.requests().stream().noneMatch(r -> r.path().contains(org.domainUuid())), "no call for a forward");

        Response toUser = admin.put("/api/v1/extensions/" + id, json("type", "user", "configuration", Map.of()));
        assertEquals(200, toUser.status(), toUser.body());
        assertEquals(1, kit.requests(org, "POST", "").size());
        assertNotNull(kit.subscriber(org, "2001"));
        String subscriberId = kit.row(org.id(), id).subscriberId();

        Response away = admin.put("/api/v1/extensions/" + id, json("type", "forward",
                "configuration", Map.of("forward_to", "sip:front-desk@pbx.example.com")));
        assertEquals(200, away.status(), away.body());
        assertFalse(away.json().has("cloudonix_warning"), away.body());
        assertEquals(1, kit.requests(org, "DELETE", "/" + subscriberId).size());
        assertNull(kit.subscriber(org, "2001"));
        assertNull(kit.row(org.id(), id).subscriberId());
    }

    @Test
    void a_cloudonix_500_keeps_the_write_with_a_warning_and_five_of_them_open_the_circuit() {
        SyncKit.Org org = kit.org("Sync Scenario 47 Org");
        kit.fake.script("POST", org.subscribers(""), Behavior.status(500));
        try {
            for (int i = 1; i <= 5; i++) {
                String number = "100" + i;
                Response response = org.admin().postJson("/api/v1/extensions", json("extension_number", number, "type", "user"));
                long id = created(response);
                JsonNode warning = warning(response);
                assertEquals("Extension created locally but Cloudonix sync failed", warning.path("message").asText());
                assertEquals("Cloudonix request failed with status 500", warning.path("error").asText());
                assertEquals("api_request_failed", warning.path("details").path("reason").asText());
                assertEquals("create_subscriber", warning.path("details").path("operation").asText());
                assertEquals(500, warning.path("details").path("status").asInt());
                assertEquals(number, warning.path("details").path("extension_number").asText());
                assertFalse(response.json().path("extension").path("cloudonix_synced").asBoolean(true));
                SyncKit.Row row = kit.row(org.id(), id);
                assertFalse(row.synced());
                assertEquals("Cloudonix request failed with status 500", row.lastError());
            }
            kit.fake.clearRequests();

            Response sixth = org.admin().postJson("/api/v1/extensions", json("extension_number", "1006", "type", "user"));

            created(sixth);
            assertEquals("circuit_open", warning(sixth).path("details").path("reason").asText(), sixth.body());
            assertFalse(warning(sixth).path("details").has("status"));
            assertTrue(kit.fake.requests().stream().noneMatch(r -> r.path().contains(org.domainUuid())),
                    "no request while the circuit is open");
        } finally {
            kit.fake.clearScripts();
        }
    }

    @Test
    void an_unsynced_extension_is_created_on_its_next_update() {
        SyncKit.Org org = kit.org("Sync Retry Org");
        kit.fake.script("POST", org.subscribers(""), Behavior.status(503), 1);
        long id = created(org.admin().postJson("/api/v1/extensions", json("extension_number", "1001", "type", "user")));
        assertFalse(kit.row(org.id(), id).synced());

        Response update = org.admin().put("/api/v1/extensions/" + id, json("voicemail_enabled", true));

        assertEquals(200, update.status(), update.body());
        assertFalse(update.json().has("cloudonix_warning"), update.body());
        assertTrue(update.json().path("extension").path("cloudonix_synced").asBoolean());
        assertEquals(2, kit.requests(org, "POST", "").size());
        assertNull(kit.row(org.id(), id).lastError());
    }

    @Test
    void an_existing_subscriber_of_the_number_is_adopted_and_updated() {
        SyncKit.Org org = kit.org("Sync Adopt Org");
        JsonNode existing = kit.fake.addSubscriber(org.domainUuid(), "1001", "Their-Old-Password", false);

        Response create = org.admin().postJson("/api/v1/extensions", json("extension_number", "1001", "type", "user"));

        long id = created(create);
        assertFalse(create.json().has("cloudonix_warning"), create.body());
        String password = create.json().path("extension").path("sip_config").path("password").asText();
        assertEquals(1, kit.requests(org, "GET", "/1001").size(), "looked up by its number first");
        assertEquals(0, kit.requests(org, "POST", "").size(), "not created twice");
        List<Request> puts = kit.requests(org, "PUT", "/" + existing.path("id").asText());
        assertEquals(1, puts.size(), "then update the existing one");
        assertEquals(password, puts.get(0).body().path("sipPassword").asText());
        assertTrue(kit.subscriber(org, "1001").path("active").asBoolean());
        SyncKit.Row row = kit.row(org.id(), id);
        assertEquals(existing.path("id").asText(), row.subscriberId());
        assertEquals(existing.path("uuid").asText(), row.uuid());
        assertTrue(row.synced());
    }

    @Test
    void an_update_of_a_subscriber_gone_from_cloudonix_creates_it_again() {
        SyncKit.Org org = kit.org("Sync Gone Org");
        long id = created(org.admin().postJson("/api/v1/extensions", json("extension_number", "1001", "type", "user")));
        String first = kit.row(org.id(), id).subscriberId();
        synchronized (kit.fake) {
            kit.fake.domain(org.domainUuid()).subscribers.clear();
        }

        Response update = org.admin().put("/api/v1/extensions/" + id, json("status", "inactive"));

        assertEquals(200, update.status(), update.body());
        assertFalse(update.json().has("cloudonix_warning"), update.body());
        assertEquals(2, kit.requests(org, "POST", "").size(), "404 → create");
        String second = kit.row(org.id(), id).subscriberId();
        assertNotEquals(first, second);
        assertEquals(second, kit.subscriber(org, "1001").path("id").asText());
    }

    @Test
    void a_failed_delete_keeps_the_subscriber_on_the_row_for_a_later_sync() {
        SyncKit.Org org = kit.org("Sync Failed Delete Org");
        long id = created(org.admin().postJson("/api/v1/extensions", json("extension_number", "1001", "type", "user")));
        String subscriberId = kit.row(org.id(), id).subscriberId();
        kit.fake.script("DELETE", org.subscribers("/.*"), Behavior.status(500), 1);

        assertEquals(204, org.admin().delete("/api/v1/extensions/" + id).status());

        SyncKit.Row row = kit.row(org.id(), id);
        assertEquals(subscriberId, row.subscriberId());
        assertFalse(row.synced());
        assertEquals("Cloudonix request failed with status 500", row.lastError());
        assertNotNull(kit.subscriber(org, "1001"));
    }

    @Test
    void without_settings_writes_warn_missing_settings_and_with_half_of_them_incomplete_settings() {
        Team missing = Identity.team(kit.app, "Sync Missing Org");
        Response none = missing.admin().http().postJson("/api/v1/extensions", json("extension_number", "1001", "type", "user"));
        created(none);
        assertEquals("missing_settings", warning(none).path("details").path("reason").asText());
        assertEquals("Cloudonix settings not configured for your organization.", warning(none).path("error").asText());
        assertEquals("create_subscriber", warning(none).path("details").path("operation").asText());

        Team half = Identity.team(kit.app, "Sync Incomplete Org");
        kit.app.dsl().insertInto(CLOUDONIX_SETTINGS)
                .set(CLOUDONIX_SETTINGS.ORGANIZATION_ID, half.organizationId())
                .set(CLOUDONIX_SETTINGS.DOMAIN_UUID, UUID.randomUUID())
                .execute();
        Response incomplete = half.admin().http().postJson("/api/v1/extensions", json("extension_number", "1001", "type", "user"));
        long id = created(incomplete);
        JsonNode details = warning(incomplete).path("details");
        assertEquals("incomplete_settings", details.path("reason").asText());
        assertTrue(details.path("has_domain_uuid").asBoolean());
        assertFalse(details.path("has_domain_api_key").asBoolean(true));
        assertEquals("1001", details.path("extension_number").asText());
        assertFalse(kit.row(half.organizationId(), id).synced());

        Response forward = half.admin().http().postJson("/api/v1/extensions", json("extension_number", "2001",
                "type", "forward", "configuration", Map.of("forward_to", "1001")));
        created(forward);
        assertFalse(forward.json().has("cloudonix_warning"), "only user extensions are subscribers");
    }
}
