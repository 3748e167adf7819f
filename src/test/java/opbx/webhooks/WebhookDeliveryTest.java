package opbx.webhooks;

import static opbx.db.gen.Tables.CALL_DETAIL_RECORDS;
import static opbx.db.gen.Tables.CALL_LOGS;
import static opbx.db.gen.Tables.SESSION_UPDATES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import opbx.config.DatabaseTarget;
import opbx.support.HttpTestClient.Response;
import opbx.support.TestApp;
import opbx.support.TestStores;
import org.junit.jupiter.api.Test;

/** Exactly once under concurrency and outages, tenant isolation, the request pipeline's refusals. */
class WebhookDeliveryTest {

    private final TestApp app = TestApp.shared();

    private static String cdr(String callId, long session) {
        return "{\"call_id\":\"" + callId + "\",\"session\":{\"id\":" + session + ",\"token\":\"tok-" + callId
                + "\"},\"from\":\"+12125550199\",\"to\":\"1001\",\"disposition\":\"ANSWERED\",\"billsec\":30}";
    }

    @Test
    void twenty_parallel_deliveries_of_one_cdr_store_one_row_and_all_get_200() throws Exception {
        HookWorld w = new HookWorld(app, "Hooks parallel");
        String body = cdr("par-1@10.0.0.1", 777_001);
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<Callable<Response>> posts = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                posts.add(() -> w.post(HookWorld.CDR, body));
            }
            int fresh = 0;
            for (Future<Response> answer : pool.invokeAll(posts)) {
                Response response = answer.get();
                assertEquals(200, response.status(), response.body());
                fresh += response.json().path("duplicate").asBoolean() ? 0 : 1;
            }
            assertEquals(1, fresh, "exactly one delivery is the one that stored it");
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, app.dsl().fetchCount(CALL_DETAIL_RECORDS, CALL_DETAIL_RECORDS.ORGANIZATION_ID.eq(w.org)));
        assertEquals(1, app.dsl().fetchCount(CALL_LOGS, CALL_LOGS.ORGANIZATION_ID.eq(w.org)));
        assertEquals(1, app.dsl().fetchCount(SESSION_UPDATES, SESSION_UPDATES.ORGANIZATION_ID.eq(w.org)));
    }

    @Test
    void a_cdr_posted_while_the_database_is_down_gets_503_and_its_retry_is_stored_once() {
        TestStores stores = TestStores.get();
        DatabaseTarget database = stores.freshDatabase();
        TestApp own = TestApp.start(database, stores.redis());
        try {
            HookWorld w = new HookWorld(own, "Hooks outage");
            String body = cdr("outage@10.0.0.1", 777_002);
            // A first delivery warms the key lookup, so the outage hits the store itself (the cold path is a 503 too).
            assertEquals(200, w.post(HookWorld.CALL_STATUS, "{\"call_id\":\"warm\",\"status\":\"ringing\"}").status());

            stores.allowConnections(database, false);
            Response down;
            try {
                down = w.post(HookWorld.CDR, body);
            } finally {
                stores.allowConnections(database, true);
            }

            assertEquals(503, down.status(), down.body());
            assertEquals("5", down.header("Retry-After"));
            assertEquals("{\"error\":\"Service unavailable\",\"message\":\"Database unavailable\"}", down.body());
            // Cloudonix retries on 503; the pool drops one dead connection per failed try until a fresh one serves.
            Response retry = w.post(HookWorld.CDR, body);
            for (int attempt = 0; attempt < 20 && retry.status() == 503; attempt++) {
                retry = w.post(HookWorld.CDR, body);
            }
            assertEquals(200, retry.status(), retry.body());
            assertFalse(retry.json().has("duplicate"), "the failed delivery left no marker behind");
            assertTrue(w.post(HookWorld.CDR, body).json().path("duplicate").asBoolean());
            assertEquals(1, own.dsl().fetchCount(CALL_DETAIL_RECORDS, CALL_DETAIL_RECORDS.ORGANIZATION_ID.eq(w.org)));
            assertEquals(1, own.dsl().fetchCount(CALL_LOGS, CALL_LOGS.ORGANIZATION_ID.eq(w.org)
                    .and(CALL_LOGS.CALL_ID.eq("tok-outage@10.0.0.1"))));
        } finally {
            own.close();
        }
    }

    @Test
    void an_organisations_key_writes_only_into_its_own_records_whatever_the_payload_names() {
        HookWorld a = new HookWorld(app, "Hooks A");
        HookWorld b = new HookWorld(app, "Hooks B");
        String aimedAtA = "{\"call_id\":\"iso@10.0.0.1\",\"owner\":{\"domain\":{\"uuid\":\"" + a.domainUuid
                + "\"}},\"domain\":\"" + a.domainName + "\",\"session\":{\"id\":777003,\"token\":\"iso-tok\"}}";

        assertEquals(200, b.post(HookWorld.CDR, aimedAtA).status());

        assertEquals(0, app.dsl().fetchCount(CALL_DETAIL_RECORDS, CALL_DETAIL_RECORDS.ORGANIZATION_ID.eq(a.org)));
        assertEquals(0, app.dsl().fetchCount(CALL_LOGS, CALL_LOGS.ORGANIZATION_ID.eq(a.org)));
        assertEquals(1, app.dsl().fetchCount(CALL_DETAIL_RECORDS, CALL_DETAIL_RECORDS.ORGANIZATION_ID.eq(b.org)));
        // And A's own delivery of the same call id is A's, not a duplicate of B's.
        Response own = a.post(HookWorld.CDR, aimedAtA);
        assertEquals(200, own.status());
        assertFalse(own.json().has("duplicate"));
        // B's signature cannot post as A: A's domain with B's secret is a forgery.
        long now = TestApp.CLOCK.instant().getEpochSecond();
        String namesA = "{\"id\":777004,\"status\":\"ringing\",\"domain\":\"" + a.domainName + "\"}";
        String bSignature = WebhookSignature.sign(b.secret, String.valueOf(now), namesA.getBytes());
        Response forged = app.http().send("POST", HookWorld.SESSION_UPDATE, namesA, "application/json",
                Map.of("X-Cloudonix-Timestamp", String.valueOf(now), "X-Cloudonix-Signature", bSignature));
        assertEquals(401, forged.status());
        assertEquals(0, app.dsl().fetchCount(SESSION_UPDATES, SESSION_UPDATES.ORGANIZATION_ID.eq(a.org)
                .and(SESSION_UPDATES.SESSION_ID.eq(777_004L))));
    }

    @Test
    void a_suspended_organisation_still_reports_and_a_deleted_one_is_refused() {
        HookWorld w = new HookWorld(app, "Hooks status");
        // Written straight to the table, and the version in Redis dropped, as a lost after-commit step would leave it
        // until the next sync: the next call reads PostgreSQL's version.
        app.dsl().execute("UPDATE organizations SET status = 'suspended' WHERE id = ?", w.org);
        app.server().redis().client().del(opbx.voice.ConfigVersions.key(w.org));
        assertEquals(200, w.post(HookWorld.CDR, cdr("susp@10.0.0.1", 777_005)).status());

        app.dsl().execute("UPDATE organizations SET status = 'deleted', deleted_at = now() WHERE id = ?", w.org);
        app.server().redis().client().del(opbx.voice.ConfigVersions.key(w.org));
        Response refused = w.post(HookWorld.CDR, cdr("del@10.0.0.1", 777_006));
        assertEquals(403, refused.status());
        assertEquals("{\"error\":\"Forbidden\",\"message\":\"Organization is not active\"}", refused.body());
    }

    @Test
    void an_idempotency_key_header_replaces_the_derived_key_and_an_oversized_one_is_refused() {
        HookWorld w = new HookWorld(app, "Hooks idem");
        Response first = w.post(HookWorld.CALL_STATUS, "{\"call_id\":\"idem-1\",\"status\":\"ringing\"}",
                Map.of("Authorization", "Bearer " + w.key, "X-Idempotency-Key", "delivery-42"));
        assertEquals(200, first.status());
        Response other = w.post(HookWorld.CALL_STATUS, "{\"call_id\":\"idem-2\",\"status\":\"ringing\"}",
                Map.of("Authorization", "Bearer " + w.key, "X-Idempotency-Key", "delivery-42"));
        assertTrue(other.json().path("duplicate").asBoolean(), other.body());
        assertEquals(0, app.dsl().fetchCount(CALL_LOGS, CALL_LOGS.ORGANIZATION_ID.eq(w.org).and(CALL_LOGS.CALL_ID.eq("idem-2"))));

        Response oversized = w.post(HookWorld.CALL_STATUS, "{\"call_id\":\"idem-3\",\"status\":\"ringing\"}",
                Map.of("Authorization", "Bearer " + w.key, "X-Idempotency-Key", "k".repeat(129)));
        assertEquals(422, oversized.status());
        assertTrue(oversized.json().path("details").has("X-Idempotency-Key"));
    }

    @Test
    void a_source_outside_the_allowlist_is_refused_before_anything_else() {
        TestApp own = TestApp.start(TestStores.get().database(), TestStores.get().redis(),
                Map.of("OPBX_WEBHOOK_ALLOWED_IPS", "203.0.113.0/24"));
        try {
            Response refused = own.http().send("POST", HookWorld.CDR, "{}", "application/json", Map.of());
            assertEquals(403, refused.status());
            assertEquals("{\"error\":\"Forbidden\",\"message\":\"Source address not allowed\"}", refused.body());
        } finally {
            own.close();
        }
    }

    @Test
    void out_of_order_session_updates_never_move_a_call_backwards() {
        HookWorld w = new HookWorld(app, "Hooks order");
        String base = "{\"id\":777007,\"token\":\"ord-1\",\"callerId\":\"+12125550199\",\"destination\":\"" + w.did + "\",";
        assertEquals(200, w.post(HookWorld.SESSION_UPDATE, base + "\"eventId\":\"e3\",\"status\":\"completed\","
                + "\"callAnswerTime\":1768404607000,\"callEndTime\":1768404667000}").status());
        assertEquals(200, w.post(HookWorld.SESSION_UPDATE, base + "\"eventId\":\"e2\",\"status\":\"connected\"}").status());
        assertEquals(200, w.post(HookWorld.SESSION_UPDATE, base + "\"eventId\":\"e1\",\"status\":\"ringing\"}").status());

        var log = app.dsl().selectFrom(CALL_LOGS)
                .where(CALL_LOGS.ORGANIZATION_ID.eq(w.org).and(CALL_LOGS.CALL_ID.eq("ord-1"))).fetchOne();
        assertEquals("completed", log.getStatus());
        assertEquals(60, log.getDuration(), "answer to end, from the report's own times");
        assertEquals(w.didId, log.getDidId(), "inbound DID found from the destination without a call summary");
        assertEquals(3, app.dsl().fetchCount(SESSION_UPDATES, SESSION_UPDATES.ORGANIZATION_ID.eq(w.org)));
    }
}
