package opbx.webhooks;

import static opbx.db.gen.Tables.CALL_LOGS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import opbx.support.HttpTestClient.Response;
import opbx.support.TestApp;
import org.junit.jupiter.api.Test;

/** {@code /api/webhooks/cloudonix/call-initiated} (execution-plane spec §9.5): the route's legacy alias. */
class CallInitiatedTest {

    private static final String PATH = "/api/webhooks/cloudonix/call-initiated";
    private final TestApp app = TestApp.shared();

    @Test
    void it_answers_the_routes_cxml_and_inserts_the_call_log_once() {
        HookWorld w = new HookWorld(app, "Hooks initiated");
        String body = "{\"call_id\":\"ci-1\",\"From\":\"+12125550199\",\"To\":\"" + w.did + "\",\"Direction\":\"inbound\"}";

        Response first = w.post(PATH, body);
        Response again = w.post(PATH, body);

        assertEquals(200, first.status());
        assertTrue(first.body().contains("<Number>1001</Number>"), first.body());
        assertTrue(first.header("Content-Type").startsWith("text/xml"));
        assertEquals(first.body(), again.body());
        var log = app.dsl().selectFrom(CALL_LOGS)
                .where(CALL_LOGS.ORGANIZATION_ID.eq(w.org).and(CALL_LOGS.CALL_ID.eq("ci-1"))).fetchOne();
        assertEquals("initiated", log.getStatus());
        assertEquals(w.didId, log.getDidId());
        assertEquals(w.extension, log.getExtensionId());
        assertEquals("+12125550199", log.getFromNumber());
        assertEquals(1, app.dsl().fetchCount(CALL_LOGS, CALL_LOGS.ORGANIZATION_ID.eq(w.org)));
    }

    @Test
    void a_signed_request_is_accepted_and_a_forged_one_gets_an_autherr_document() {
        HookWorld w = new HookWorld(app, "Hooks initiated signed");
        String body = "{\"CallSid\":\"ci-2\",\"From\":\"+12125550199\",\"To\":\"" + w.did + "\",\"Domain\":\""
                + w.domainName + "\"}";
        long now = TestApp.CLOCK.instant().getEpochSecond();

        Response signed = w.signed(PATH, body, now);
        assertEquals(200, signed.status(), signed.body());
        assertTrue(signed.body().contains("<Number>1001</Number>"), signed.body());

        String wrong = WebhookSignature.sign("not-the-secret-at-all", String.valueOf(now), body.getBytes(StandardCharsets.UTF_8));
        Response forged = w.post(PATH, body, Map.of("X-Cloudonix-Timestamp", String.valueOf(now),
                "X-Cloudonix-Signature", wrong));
        assertEquals(401, forged.status());
        assertTrue(forged.body().contains("<Say language=\"en-US\">Unauthorized. Authentication failed.</Say>"),
                forged.body());
    }

    @Test
    void a_wrong_method_is_answered_in_cxml() {
        Response get = app.http().get(PATH);
        assertEquals(405, get.status());
        assertTrue(get.header("Content-Type").startsWith("text/xml"), get.header("Content-Type"));
    }
}
