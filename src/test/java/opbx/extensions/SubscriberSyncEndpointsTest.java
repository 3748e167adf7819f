package opbx.extensions;

import static opbx.db.gen.Tables.AUDIT_LOG;
import static opbx.db.gen.Tables.EXTENSIONS;
import static opbx.extensions.SyncKit.created;
import static opbx.support.TestData.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import opbx.access.Caller;
import opbx.access.Role;
import opbx.audit.AuditLog;
import opbx.cache.CacheInvalidator;
import opbx.cloudonix.CloudonixClient;
import opbx.http.Json;
import opbx.secrets.Secrets;
import opbx.settings.CloudonixAccounts;
import opbx.settings.CloudonixCache;
import opbx.settings.SettingsRepository;
import opbx.support.FakeCloudonix.Behavior;
import opbx.support.HttpTestClient;
import opbx.support.HttpTestClient.Response;
import opbx.support.Identity;
import opbx.support.Identity.Team;
import opbx.support.LogCapture;
import opbx.support.TestApp;
import opbx.support.TestStores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** GET /extensions/sync/compare and POST /extensions/sync against a fake Cloudonix (§3.2, scenario 45). */
class SubscriberSyncEndpointsTest {

    private static SyncKit kit;

    @BeforeAll
    static void start() {
        kit = new SyncKit();
    }

    @AfterAll
    static void stop() {
        kit.close();
    }

    private static JsonNode compare(HttpTestClient client) {
        Response response = client.get("/api/v1/extensions/sync/compare");
        assertEquals(200, response.status(), response.body());
        return response.json();
    }

    private static String password(HttpTestClient owner, long id) {
        return owner.get("/api/v1/extensions/" + id + "/password").json().path("password").asText();
    }

    private static long idOf(HttpTestClient client, String number) {
        for (JsonNode row : client.get("/api/v1/extensions?search=" + number).json().path("data")) {
            if (row.path("extension_number").asText().equals(number)) {
                return row.path("id").asLong();
            }
        }
        throw new AssertionError("no extension " + number);
    }

    @Test
    void compare_counts_user_extensions_against_subscribers_by_number_and_caches_for_a_minute() {
        SyncKit.Org org = kit.org("Compare Org");
        HttpTestClient admin = org.admin();
        created(admin.postJson("/api/v1/extensions", json("extension_number", "1001", "type", "user")));
        kit.fake.script("POST", org.subscribers(""), Behavior.status(500), 1);
        created(admin.postJson("/api/v1/extensions", json("extension_number", "1002", "type", "user")));
        created(admin.postJson("/api/v1/extensions", json("extension_number", "3001", "type", "forward",
                "configuration", Map.of("forward_to", "1001"))));
        kit.fake.addSubscriber(org.domainUuid(), "1003", "Their-Password-1", true);
        kit.fake.addSubscriber(org.domainUuid(), "alice", "Their-Password-2", true);
        kit.fake.clearRequests();

        JsonNode counts = compare(org.team().reporter().http());

        assertTrue(counts.path("needs_sync").asBoolean(), counts.toString());
        assertEquals(1, counts.path("local_only").asInt(), counts.toString());
        assertEquals(1, counts.path("cloudonix_only").asInt(), "only numbers that could be extensions count");
        assertEquals(1, counts.path("synced").asInt());
        assertFalse(counts.has("error"));
        String key = CloudonixCache.compare(org.id());
        long ttl = kit.app.server().redis().client().ttl(key);
        assertTrue(ttl > 0 && ttl <= 60, "ttl " + ttl);

        kit.fake.addSubscriber(org.domainUuid(), "1004", "Their-Password-3", true);
        assertEquals(counts, compare(admin), "cached");
        assertEquals(1, kit.requests(org, "GET", "").size());

        created(admin.postJson("/api/v1/extensions", json("extension_number", "1005", "type", "user")));
        assertNull(kit.app.server().redis().client().get(key), "an extension write drops the cache");
        JsonNode fresh = compare(admin);
        assertEquals(2, fresh.path("cloudonix_only").asInt(), fresh.toString());
        assertEquals(2, fresh.path("synced").asInt(), fresh.toString());
    }

    @Test
    void compare_and_sync_answer_when_cloudonix_is_not_configured_or_failing() {
        Team team = Identity.team(kit.app, "Compare Missing Org");
        JsonNode missing = compare(team.reporter().http());
        assertEquals("Cloudonix is not configured.", missing.path("error").asText());
        assertFalse(missing.path("needs_sync").asBoolean(true));
        assertEquals(0, missing.path("local_only").asInt(-1));
        Response sync = team.admin().http().post("/api/v1/extensions/sync");
        assertEquals(400, sync.status(), sync.body());
        assertEquals("CLOUDONIX_NOT_CONFIGURED", sync.json().path("error").path("code").asText());
        assertEquals("Cloudonix is not configured.", sync.json().path("message").asText());
        assertFalse(sync.json().path("success").asBoolean(true));

        SyncKit.Org org = kit.org("Compare Failing Org");
        kit.fake.script("GET", org.subscribers(""), Behavior.status(500));
        try {
            JsonNode failing = compare(org.admin());
            assertEquals("Cloudonix request failed with status 500", failing.path("error").asText());
            assertEquals(0, failing.path("synced").asInt(-1));
            assertFalse(failing.path("needs_sync").asBoolean(true));
            assertNull(kit.app.server().redis().client().get(CloudonixCache.compare(org.id())), "failures are not cached");

            Response failed = org.admin().post("/api/v1/extensions/sync");
            assertEquals(502, failed.status(), failed.body());
            assertEquals("CLOUDONIX_UNAVAILABLE", failed.json().path("error").path("code").asText());
            assertFalse(failed.json().path("success").asBoolean(true));
        } finally {
            kit.fake.clearScripts();
        }
        assertEquals(403, org.team().user().http().post("/api/v1/extensions/sync").status());
    }

    @Test
    void a_fresh_domain_with_no_subscribers_compares_and_syncs_instead_of_failing() {
        // Cloudonix answers an empty subscriber list with 404 "No subscribers found".
        SyncKit.Org org = kit.org("Sync Fresh Domain Org");
        JsonNode counts = compare(org.admin());
        assertEquals(0, counts.path("cloudonix_only").asInt(), counts.toString());
        Response sync = org.admin().post("/api/v1/extensions/sync");
        assertEquals(200, sync.status(), sync.body());
        assertTrue(sync.json().path("success").asBoolean(), sync.body());
    }

    @Test
    void sync_creates_both_ways_pushes_local_status_and_retries_what_failed() {
        SyncKit.Org org = kit.org("Sync Both Ways Org");
        HttpTestClient admin = org.admin();
        HttpTestClient owner = org.team().owner().http();
        kit.fake.script("POST", org.subscribers(""), Behavior.status(500), 1);
        long localOnly = created(admin.postJson("/api/v1/extensions", json("extension_number", "1001", "type", "user")));
        long statusApart = created(admin.postJson("/api/v1/extensions", json("extension_number", "1002", "type", "user")));
        synchronized (kit.fake) {
            kit.fake.domain(org.domainUuid()).subscribers.values().forEach(s -> s.put("active", false));
        }
        long unsynced = created(admin.postJson("/api/v1/extensions", json("extension_number", "1003", "type", "user")));
        kit.fake.script("PUT", org.subscribers("/.*"), Behavior.status(500), 1);
        Response reset = admin.put("/api/v1/extensions/" + unsynced + "/reset-password", null);
        assertEquals("update_subscriber", reset.json().path("cloudonix_warning").path("details").path("operation").asText());
        long deleted = created(admin.postJson("/api/v1/extensions", json("extension_number", "1004", "type", "user")));
        String deletedSubscriber = kit.row(org.id(), deleted).subscriberId();
        kit.refillPace(org); // ten calls so far, each write looking its subscriber up first: a fresh pacing window
        kit.fake.script("DELETE", org.subscribers("/.*"), Behavior.status(500), 1);
        assertEquals(204, admin.delete("/api/v1/extensions/" + deleted).status());
        kit.fake.addSubscriber(org.domainUuid(), "2001", "Imported-Password-1", true);
        kit.fake.addSubscriber(org.domainUuid(), "2002", "short", false);
        kit.fake.addSubscriber(org.domainUuid(), "bob", "Not-An-Extension-1", true);
        kit.refillPace(org);
        kit.fake.clearRequests();

        Response sync = admin.post("/api/v1/extensions/sync");

        assertEquals(200, sync.status(), sync.body());
        JsonNode body = sync.json();
        assertTrue(body.path("success").asBoolean());
        assertTrue(body.path("complete").asBoolean());
        assertEquals("Extensions synchronized successfully.", body.path("message").asText());
        assertEquals(1, body.path("to_cloudonix").path("created").asInt(), body.toString());
        assertEquals(1, body.path("to_cloudonix").path("updated").asInt(), body.toString());
        assertEquals(1, body.path("to_cloudonix").path("deleted").asInt(), body.toString());
        assertEquals(0, body.path("to_cloudonix").path("failed").asInt(), body.toString());
        assertEquals(2, body.path("from_cloudonix").path("created").asInt(), body.toString());
        assertEquals(0, body.path("from_cloudonix").path("failed").asInt(), body.toString());
        assertEquals(1, body.path("status_sync").path("updated").asInt(), body.toString());
        assertEquals(0, body.path("status_sync").path("failed").asInt(), body.toString());
        assertEquals(body.path("to_cloudonix"), body.path("result").path("to_cloudonix"), "scenario 45");
        assertEquals(body.path("from_cloudonix"), body.path("result").path("from_cloudonix"));
        assertEquals(body.path("status_sync"), body.path("result").path("status_sync"));
        assertTrue(body.path("result").path("success").asBoolean());

        assertEquals(password(owner, localOnly), kit.subscriber(org, "1001").path("sipPassword").asText());
        assertTrue(kit.subscriber(org, "1002").path("active").asBoolean(), "the local status is pushed");
        assertEquals(password(owner, unsynced), kit.subscriber(org, "1003").path("sipPassword").asText());
        assertTrue(kit.row(org.id(), unsynced).synced());
        assertNull(kit.subscriber(org, "1004"), "the failed delete is retried");
        assertNull(kit.row(org.id(), deleted).subscriberId());
        assertEquals(1, kit.requests(org, "DELETE", "/" + deletedSubscriber).size());
        assertTrue(kit.row(org.id(), statusApart).synced());

        long imported = idOf(admin, "2001");
        JsonNode extension = admin.get("/api/v1/extensions/" + imported).json().path("extension");
        assertEquals("user", extension.path("type").asText());
        assertTrue(extension.path("user_id").isNull());
        assertEquals("active", extension.path("status").asText());
        assertEquals("Imported-Password-1", password(owner, imported), "a usable password is kept");
        assertEquals(kit.subscriber(org, "2001").path("id").asText(), kit.row(org.id(), imported).subscriberId());
        long weak = idOf(admin, "2002");
        assertEquals("inactive", admin.get("/api/v1/extensions/" + weak).json().path("extension").path("status").asText());
        String generated = password(owner, weak);
        assertNotEquals("short", generated);
        assertEquals(generated, kit.subscriber(org, "2002").path("sipPassword").asText(), "a generated one is pushed back");
        assertTrue(kit.row(org.id(), weak).synced());

        JsonNode after = compare(admin);
        assertFalse(after.path("needs_sync").asBoolean(true), after.toString());
        assertEquals(5, after.path("synced").asInt(), after.toString());
        assertEquals(0, after.path("local_only").asInt(-1));
        assertEquals(0, after.path("cloudonix_only").asInt(-1));

        String audit = kit.app.dsl().select(AUDIT_LOG.CHANGES).from(AUDIT_LOG)
                .where(AUDIT_LOG.ORGANIZATION_ID.eq(org.id())).and(AUDIT_LOG.ACTION.eq("extension.sync"))
                .fetchOne(r -> r.value1().data());
        assertNotNull(audit, "extension.sync is audited");
        assertTrue(audit.contains("from_cloudonix") && audit.contains("status_sync"), audit);
    }

    @Test
    void a_failed_delete_whose_subscriber_a_new_extension_adopted_is_forgotten_not_deleted() {
        SyncKit.Org org = kit.org("Sync Adopted Delete Org");
        HttpTestClient admin = org.admin();
        long old = created(admin.postJson("/api/v1/extensions", json("extension_number", "1001", "type", "user")));
        String subscriberId = kit.row(org.id(), old).subscriberId();
        kit.fake.script("DELETE", org.subscribers("/.*"), Behavior.status(500), 1);
        assertEquals(204, admin.delete("/api/v1/extensions/" + old).status());
        long reused = created(admin.postJson("/api/v1/extensions", json("extension_number", "1001", "type", "user")));
        assertEquals(subscriberId, kit.row(org.id(), reused).subscriberId(), "the new extension adopted it (409)");
        kit.fake.clearRequests();

        Response sync = admin.post("/api/v1/extensions/sync");

        assertEquals(200, sync.status(), sync.body());
        assertEquals(0, sync.json().path("to_cloudonix").path("deleted").asInt(-1), sync.body());
        assertTrue(kit.requests(org, "DELETE", "/.*").isEmpty());
        assertNotNull(kit.subscriber(org, "1001"));
        assertNull(kit.row(org.id(), old).subscriberId(), "the deleted row forgets it");
        assertEquals(subscriberId, kit.row(org.id(), reused).subscriberId());
    }

    @Test
    void a_full_sync_logs_no_sip_password_and_no_api_key() {
        SyncKit.Org org = kit.org("Sync Logs Org");
        HttpTestClient admin = org.admin();
        HttpTestClient owner = org.team().owner().http();
        List<String> secrets = new ArrayList<>(List.of(org.apiKey(), "Cloud-Side-Secret-1", "Cloud-Side-Secret-2"));
        kit.fake.addSubscriber(org.domainUuid(), "2001", secrets.get(1), true);
        kit.fake.addSubscriber(org.domainUuid(), "2002", secrets.get(2), false);

        String logs = LogCapture.during(() -> {
            kit.fake.script("POST", org.subscribers(""), Behavior.status(500), 1);
            long first = created(admin.postJson("/api/v1/extensions", json("extension_number", "1001", "type", "user")));
            secrets.add(password(owner, first));
            long second = created(admin.postJson("/api/v1/extensions", json("extension_number", "1002", "type", "user")));
            secrets.add(password(owner, second));
            // Cloudonix echoing the request, password included, in an error.
            kit.fake.script("PUT", org.subscribers("/.*"), Behavior.status(422, "{\"message\":\"invalid\",\"request\":"
                    + "{\"sipPassword\":\"" + secrets.get(secrets.size() - 1) + "\"}}"), 1);
            admin.put("/api/v1/extensions/" + second, json("status", "inactive"));
            kit.refillPace(org);
            Response sync = admin.post("/api/v1/extensions/sync");
            assertEquals(200, sync.status(), sync.body());
        });

        assertFalse(logs.isEmpty(), "the failures were logged");
        for (String secret : secrets) {
            assertFalse(secret.isEmpty());
            assertFalse(logs.contains(secret), "a secret reached the logs");
        }
        assertFalse(logs.contains(org.apiKey().substring(4, 14)), "beyond the key's first 4 characters");
    }

    @Test
    void a_sync_out_of_time_stops_and_reports_complete_false() {
        SyncKit.Org org = kit.org("Sync Budget Org");
        kit.fake.addSubscriber(org.domainUuid(), "2001", "Imported-Password-1", true);
        TestApp app = kit.app;
        Secrets secrets = new Secrets(app.server().appKey(), Optional.empty());
        CloudonixClient client = CloudonixClient.create(TestApp.config(TestStores.get().database(), TestStores.get().redis(),
                Map.of("CLOUDONIX_API_BASE_URL", kit.fake.baseUrl())).cloudonix(), Json.newMapper(), app.server().redis(),
                TestApp.CLOCK);
        CloudonixAccounts accounts = new CloudonixAccounts(app.dsl(), new SettingsRepository(), secrets);
        CacheInvalidator cache = new CacheInvalidator(app.server().redis());
        SubscriberSync sync = new SubscriberSync(app.dsl(), client, accounts, secrets, cache);
        SubscriberReconciler reconciler = new SubscriberReconciler(app.dsl(), new ExtensionRepository(Json.newMapper()), sync,
                client, accounts, secrets, new AuditLog(Json.newMapper()), cache, Json.newMapper(), Duration.ZERO);
        Caller caller = new Caller(org.team().admin().userId(), org.id(), Role.PBX_ADMIN, org.team().admin().email(),
                "Admin", 0);

        Map<String, Object> answer = reconciler.sync(caller, null);
        cache.close();

        assertEquals(false, answer.get("complete"));
        assertEquals(true, answer.get("success"));
        assertEquals(0, ((Map<?, ?>) answer.get("from_cloudonix")).get("created"));
        assertEquals(0, kit.app.dsl().fetchCount(EXTENSIONS, EXTENSIONS.ORGANIZATION_ID.eq(org.id())), "nothing imported");
    }
}
