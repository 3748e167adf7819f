package opbx.webhooks;

import static opbx.db.gen.Tables.DID_NUMBERS;
import static opbx.db.gen.Tables.EXTENSIONS;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import opbx.secrets.Secrets;
import opbx.support.HttpTestClient.Response;
import opbx.support.Identity;
import opbx.support.TestApp;
import org.jooq.DSLContext;
import org.jooq.JSONB;

/**
 * One organisation set up as Cloudonix talks to it: a domain, a requests key, a webhook secret (all through the
 * settings API), extension 1001 and a DID routed to it.
 */
final class HookWorld {

    static final String SESSION_UPDATE = "/api/webhooks/cloudonix/session-update";
    static final String CDR = "/api/webhooks/cloudonix/cdr";
    static final String CALL_STATUS = "/api/webhooks/cloudonix/call-status";

    final TestApp app;
    final Identity.Team team;
    final long org;
    final String key;
    final String secret;
    final String domainName;
    final String domainUuid;
    final long extension;
    final String did;
    final long didId;

    HookWorld(TestApp app, String name) {
        this.app = app;
        this.team = Identity.team(app, name);
        this.org = team.organizationId();
        this.key = "rk-" + UUID.randomUUID().toString().replace("-", "");
        this.secret = "whsec-" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        this.domainName = "d" + UUID.randomUUID().toString().substring(0, 8) + ".cloudonix.net";
        this.domainUuid = UUID.randomUUID().toString();
        settings("{\"domain_uuid\":\"" + domainUuid + "\",\"domain_name\":\"" + domainName
                + "\",\"domain_requests_api_key\":\"" + key + "\",\"webhook_secret\":\"" + secret + "\"}");
        DSLContext dsl = app.dsl();
        Secrets secrets = new Secrets(app.server().appKey(), Optional.empty());
        this.extension = dsl.insertInto(EXTENSIONS)
                .set(EXTENSIONS.ORGANIZATION_ID, org)
                .set(EXTENSIONS.EXTENSION_NUMBER, "1001")
                .set(EXTENSIONS.TYPE, "user")
                .set(EXTENSIONS.STATUS, "active")
                .set(EXTENSIONS.CONFIGURATION, JSONB.valueOf("{}"))
                .set(EXTENSIONS.SIP_PASSWORD, secrets.encrypt("SipPass1001x9", "extensions", "sip_password", org))
                .returning(EXTENSIONS.ID)
                .fetchOne(EXTENSIONS.ID);
        this.did = "+1555" + ThreadLocalRandom.current().nextInt(1_000_000, 9_999_999);
        this.didId = dsl.insertInto(DID_NUMBERS)
                .set(DID_NUMBERS.ORGANIZATION_ID, org)
                .set(DID_NUMBERS.PHONE_NUMBER, did)
                .set(DID_NUMBERS.ROUTING_TYPE, "extension")
                .set(DID_NUMBERS.ROUTING_CONFIG, JSONB.valueOf("{\"extension_id\":" + extension + "}"))
                .set(DID_NUMBERS.STATUS, "active")
                .returning(DID_NUMBERS.ID)
                .fetchOne(DID_NUMBERS.ID);
    }

    void settings(String body) {
        Response response = team.owner().http().put("/api/v1/settings/cloudonix", body);
        if (response.status() != 200) {
            throw new AssertionError("settings: " + response.status() + " " + response.body());
        }
    }

    /** POST with the bearer key Cloudonix sends. */
    Response post(String path, String json) {
        return app.http().send("POST", path, json, "application/json", Map.of("Authorization", "Bearer " + key));
    }

    Response post(String path, String json, Map<String, String> headers) {
        return app.http().send("POST", path, json, "application/json", headers);
    }

    /** POST signed with the webhook secret at {@code timestamp} (Unix seconds), no bearer key. */
    Response signed(String path, String json, long timestamp) {
        String signature = WebhookSignature.sign(secret, String.valueOf(timestamp), json.getBytes(StandardCharsets.UTF_8));
        Map<String, String> headers = new HashMap<>();
        headers.put("X-Cloudonix-Timestamp", String.valueOf(timestamp));
        headers.put("X-Cloudonix-Signature", signature);
        return post(path, json, headers);
    }

    /** An inbound call routed through the DID, leaving the call summary a webhook builds the call log from. */
    Response routeInbound(String callSid) {
        return post("/api/voice/route", "{\"CallSid\":\"" + callSid + "\",\"From\":\"+12125550199\",\"To\":\"" + did
                + "\",\"Direction\":\"inbound\"}");
    }
}
