package opbx.faults;

import static opbx.db.gen.Tables.CLOUDONIX_SETTINGS;
import static opbx.db.gen.Tables.DID_NUMBERS;
import static opbx.db.gen.Tables.EXTENSIONS;
import static opbx.db.gen.Tables.ORGANIZATIONS;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import opbx.auth.Tokens;
import opbx.support.Fixtures;
import opbx.support.HttpTestClient.Response;
import opbx.support.TestApp;
import org.jooq.DSLContext;
import org.jooq.JSONB;

/**
 * One organisation as Cloudonix sees it, written straight to the database: a requests key (stored as its hash, as the
 * product stores it), extension 1001 and a DID routed to it, and limits out of the way of the load the fault tests put
 * on it (they test faults, not limiting).
 */
final class FaultWorld {

    static final String ROUTE = "/api/voice/route";
    static final String CDR = "/api/webhooks/cloudonix/cdr";

    /** The routing answer of a DID to user extension 1001 (execution-plane spec §3.4). */
    static final String DIAL_1001 = """
            <?xml version="1.0" encoding="UTF-8"?>
            <Response>
              <Dial timeout="30">
                <Number>1001</Number>
              </Dial>
            </Response>
            """;

    final TestApp app;
    final long org;
    final String key;
    final String did;

    FaultWorld(TestApp app, String name) {
        this.app = app;
        DSLContext dsl = app.dsl();
        this.org = new Fixtures(dsl).organization(name);
        dsl.update(ORGANIZATIONS)
                .set(ORGANIZATIONS.SETTINGS, JSONB.valueOf("{\"rate_limits\":{\"voice\":100000000,\"webhook\":100000000}}"))
                .where(ORGANIZATIONS.ID.eq(org))
                .execute();
        this.key = "rk-" + UUID.randomUUID().toString().replace("-", "");
        dsl.insertInto(CLOUDONIX_SETTINGS)
                .set(CLOUDONIX_SETTINGS.ORGANIZATION_ID, org)
                .set(CLOUDONIX_SETTINGS.DOMAIN_REQUESTS_API_KEY, "v1:unused")
                .set(CLOUDONIX_SETTINGS.DOMAIN_REQUESTS_API_KEY_HASH, Tokens.sha256Hex(key))
                .execute();
        long extension = dsl.insertInto(EXTENSIONS)
                .set(EXTENSIONS.ORGANIZATION_ID, org)
                .set(EXTENSIONS.EXTENSION_NUMBER, "1001")
                .set(EXTENSIONS.TYPE, "user")
                .set(EXTENSIONS.STATUS, "active")
                .set(EXTENSIONS.CONFIGURATION, JSONB.valueOf("{}"))
                .set(EXTENSIONS.SIP_PASSWORD, "v1:unused")
                .returning(EXTENSIONS.ID)
                .fetchOne(EXTENSIONS.ID);
        this.did = "+1555" + ThreadLocalRandom.current().nextInt(1_000_000, 9_999_999);
        dsl.insertInto(DID_NUMBERS)
                .set(DID_NUMBERS.ORGANIZATION_ID, org)
                .set(DID_NUMBERS.PHONE_NUMBER, did)
                .set(DID_NUMBERS.ROUTING_TYPE, "extension")
                .set(DID_NUMBERS.ROUTING_CONFIG, JSONB.valueOf("{\"extension_id\":" + extension + "}"))
                .set(DID_NUMBERS.STATUS, "active")
                .execute();
    }

    /** POST with the bearer key Cloudonix sends. */
    Response post(String path, String json) {
        return app.http().send("POST", path, json, "application/json", Map.of("Authorization", "Bearer " + key));
    }

    /** An inbound call to the DID. */
    Response route(String callSid) {
        return post(ROUTE, "{\"CallSid\":\"" + callSid + "\",\"From\":\"+12125550199\",\"To\":\"" + did
                + "\",\"Direction\":\"inbound\"}");
    }

    /** The CDR of call {@code n}: call id, session id and token all derived from {@code n}. */
    static String cdr(long n) {
        return "{\"call_id\":\"fault-" + n + "@10.0.0.1\",\"session\":{\"id\":" + sessionId(n) + ",\"token\":\""
                + token(n) + "\"},\"from\":\"+12125550199\",\"to\":\"1001\",\"disposition\":\"ANSWERED\",\"billsec\":30}";
    }

    static String callId(long n) {
        return "fault-" + n + "@10.0.0.1";
    }

    static long sessionId(long n) {
        return 900_000_000L + n;
    }

    static String token(long n) {
        return "tok-fault-" + n;
    }

    /**
     * Polls {@code condition} until it holds or {@code cap} has passed; true when it held. The cap bounds a test that
     * would otherwise hang; it is not a timing assertion.
     */
    static boolean await(Duration cap, BooleanSupplier condition) {
        long deadline = System.nanoTime() + cap.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }
}
