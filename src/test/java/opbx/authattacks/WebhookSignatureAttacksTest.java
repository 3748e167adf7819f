package opbx.authattacks;

import static opbx.db.gen.Tables.CALL_DETAIL_RECORDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import opbx.auth.Tokens;
import opbx.support.HttpTestClient.Response;
import opbx.support.Identity;
import opbx.support.TestApp;
import opbx.webhooks.WebhookSignature;
import org.junit.jupiter.api.Test;

/**
 * Forged and replayed HMAC signatures on the webhooks (execution-plane spec §1.3 step 2), beyond the basic forged,
 * stale and replayed cases of WebhookCredentialsTest: a signature is bound to its body, its timestamp and its
 * organisation's secret; its accepted spellings are exactly "lowercase or uppercase hex, optional sha256= prefix";
 * a refused delivery stores nothing, and a replay stores nothing twice.
 */
class WebhookSignatureAttacksTest {

    private static final String CDR = "/api/webhooks/cloudonix/cdr";
    private static final String INVALID = "{\"error\":\"Unauthorized - Invalid signature\"}";
    private static final String MISSING = "{\"error\":\"Unauthorized - Missing signature\"}";
    private static final String STALE = "{\"error\":\"Unauthorized - Stale timestamp\"}";

    private final TestApp app = TestApp.shared();

    /** An organisation with a Cloudonix domain and a webhook secret, set through the settings API. */
    private record HookOrg(long id, String domain, String secret) {
    }

    private HookOrg org(String name) {
        Identity.Team team = Identity.team(app, name);
        String domain = "sig" + UUID.randomUUID().toString().substring(0, 8) + ".cloudonix.net";
        String secret = "whsec-" + UUID.randomUUID().toString().replace("-", "");
        Response saved = team.owner().http().put("/api/v1/settings/cloudonix", "{\"domain_uuid\":\"" + UUID.randomUUID()
                + "\",\"domain_name\":\"" + domain + "\",\"webhook_secret\":\"" + secret + "\"}");
        assertEquals(200, saved.status(), saved.body());
        return new HookOrg(team.organizationId(), domain, secret);
    }

    private static String cdr(HookOrg org, String callId) {
        return "{\"call_id\":\"" + callId + "\",\"domain\":\"" + org.domain() + "\",\"duration\":7}";
    }

    private Response post(String body, String timestamp, String signature, Map<String, String> extra) {
        Map<String, String> headers = new LinkedHashMap<>(extra);
        headers.put("X-Cloudonix-Timestamp", timestamp);
        headers.put("X-Cloudonix-Signature", signature);
        return app.http().send("POST", CDR, body, "application/json", headers);
    }

    private int stored(HookOrg org) {
        return app.dsl().fetchCount(CALL_DETAIL_RECORDS, CALL_DETAIL_RECORDS.ORGANIZATION_ID.eq(org.id()));
    }

    private static String now() {
        return String.valueOf(TestApp.CLOCK.instant().getEpochSecond());
    }

    @Test
    void a_signature_is_bound_to_its_body_its_timestamp_and_its_organisations_secret() {
        HookOrg org = org("Signature Bound Org");
        HookOrg other = org("Signature Other Org");
        String ts = now();
        String signedBody = cdr(org, "bound-1");
        String signature = WebhookSignature.sign(org.secret(), ts, signedBody.getBytes(StandardCharsets.UTF_8));
        long later = Long.parseLong(ts) + 1;

        Map<String, Response> forged = new LinkedHashMap<>();
        forged.put("another body", post(cdr(org, "bound-2"), ts, signature, Map.of()));
        forged.put("the body plus a space", post(signedBody + " ", ts, signature, Map.of()));
        forged.put("another timestamp", post(signedBody, String.valueOf(later), signature, Map.of()));
        forged.put("another organisation's secret", post(signedBody, ts,
                WebhookSignature.sign(other.secret(), ts, signedBody.getBytes(StandardCharsets.UTF_8)), Map.of()));
        forged.put("the secret as the signature", post(signedBody, ts, org.secret(), Map.of()));
        forged.put("a plain SHA-256 of the body", post(signedBody, ts, Tokens.sha256Hex(ts + "." + signedBody), Map.of()));
        forged.put("signed without the timestamp", post(signedBody, ts, hmacOf(org.secret(), signedBody), Map.of()));

        forged.forEach((what, response) -> {
            assertEquals(401, response.status(), what);
            assertEquals(INVALID, response.body(), what);
        });
        assertEquals(0, stored(org), "no forged delivery was stored");
        Response genuine = post(signedBody, ts, signature, Map.of());
        assertEquals(200, genuine.status(), genuine.body());
        assertEquals(1, stored(org));
    }

    @Test
    void a_signature_signed_with_one_organisations_secret_cannot_write_into_another() {
        HookOrg attacker = org("Signature Attacker Org");
        HookOrg victim = org("Signature Victim Org");
        String ts = now();
        String body = cdr(victim, "cross-1");

        Response response = post(body, ts, WebhookSignature.sign(attacker.secret(), ts, body.getBytes(StandardCharsets.UTF_8)),
                Map.of());

        assertEquals(401, response.status());
        assertEquals(INVALID, response.body());
        assertEquals(0, stored(victim));
        assertEquals(0, stored(attacker));
    }

    @Test
    void only_hex_of_exactly_64_digits_with_an_optional_sha256_prefix_is_a_signature() {
        HookOrg org = org("Signature Spelling Org");
        String ts = now();
        int accepted = 0;
        Map<String, String> spellings = new LinkedHashMap<>();
        spellings.put("lowercase", "");
        spellings.put("uppercase", "upper");
        spellings.put("sha256= prefix", "sha256=");
        spellings.put("SHA256= prefix", "SHA256=");
        for (Map.Entry<String, String> spelling : spellings.entrySet()) {
            String body = cdr(org, "spelling-" + accepted);
            String hex = WebhookSignature.sign(org.secret(), ts, body.getBytes(StandardCharsets.UTF_8));
            String sent = spelling.getValue().equals("upper") ? hex.toUpperCase(Locale.ROOT) : spelling.getValue() + hex;
            Response response = post(body, ts, sent, Map.of());
            assertEquals(200, response.status(), spelling.getKey() + ": " + response.body());
            accepted++;
        }

        String body = cdr(org, "spelling-bad");
        byte[] mac = HexFormat.of().parseHex(WebhookSignature.sign(org.secret(), ts, body.getBytes(StandardCharsets.UTF_8)));
        String hex = HexFormat.of().formatHex(mac);
        Map<String, String> refused = new LinkedHashMap<>();
        refused.put("63 hex digits", hex.substring(1));
        refused.put("65 hex digits", hex + "0");
        refused.put("65 hex digits, extra in front", "0" + hex);
        refused.put("the MAC twice", hex + hex);
        refused.put("base64 of the MAC", Base64.getEncoder().encodeToString(mac));
        refused.put("a non-hex digit", "g" + hex.substring(1));
        refused.put("a space inside", hex.substring(0, 32) + " " + hex.substring(32));
        refused.put("sha1= prefix", "sha1=" + hex);
        refused.put("sha256: prefix", "sha256:" + hex);
        refused.put("v1= prefix", "v1=" + hex);
        refused.put("two signatures", hex + "," + hex);
        refused.put("a flipped last digit", hex.substring(0, 63) + (hex.charAt(63) == '0' ? '1' : '0'));
        refused.put("zeros", "0".repeat(64));
        refused.forEach((what, signature) -> {
            Response response = post(body, ts, signature, Map.of());
            assertEquals(401, response.status(), what);
            assertEquals(INVALID, response.body(), what);
        });
        for (String empty : new String[] {"", " ", "sha256=", "sha256= "}) {
            Response response = post(body, ts, empty, Map.of());
            assertEquals(401, response.status(), "'" + empty + "'");
            assertEquals(MISSING, response.body(), "'" + empty + "'");
        }
        assertEquals(accepted, stored(org), "only the genuine spellings were stored");
    }

    @Test
    void timestamps_that_are_not_plain_recent_unix_seconds_are_stale() {
        HookOrg org = org("Signature Timestamp Org");
        long now = TestApp.CLOCK.instant().getEpochSecond();
        String body = cdr(org, "ts-1");
        for (String ts : new String[] {now + "000", "-" + now, now + ".0", "0x" + Long.toHexString(now), "1e9",
                "99999999999999999999", String.valueOf(now - 86_400), "", "now"}) {
            String signature = WebhookSignature.sign(org.secret(), ts, body.getBytes(StandardCharsets.UTF_8));
            Response response = post(body, ts, signature, Map.of());
            assertEquals(401, response.status(), ts);
            assertEquals(STALE, response.body(), ts);
        }
        assertEquals(0, stored(org));
    }

    @Test
    void a_replayed_delivery_is_stored_once_even_under_fresh_idempotency_keys() {
        HookOrg org = org("Signature Replay Org");
        String ts = now();
        String body = cdr(org, "replay-1");
        String signature = WebhookSignature.sign(org.secret(), ts, body.getBytes(StandardCharsets.UTF_8));

        assertEquals(200, post(body, ts, signature, Map.of()).status());
        for (int i = 0; i < 3; i++) {
            // The idempotency key is not signed: an attacker may change it, but the database's unique key still holds.
            Response replay = post(body, ts, signature, Map.of("X-Idempotency-Key", "replay-" + UUID.randomUUID()));
            assertEquals(200, replay.status(), replay.body());
            assertTrue(replay.json().path("duplicate").asBoolean(), replay.body());
        }
        assertEquals(1, stored(org));
    }

    private static String hmacOf(String secret, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
