package opbx.voice;

import static opbx.db.gen.Tables.CLOUDONIX_SETTINGS;
import static opbx.db.gen.Tables.DID_NUMBERS;
import static opbx.db.gen.Tables.EXTENSIONS;
import static opbx.db.gen.Tables.RING_GROUPS;
import static opbx.db.gen.Tables.RING_GROUP_MEMBERS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import opbx.auth.Tokens;
import opbx.infra.EmbeddedRedisServer;
import opbx.support.Fixtures;
import opbx.support.HttpTestClient;
import opbx.support.TestApp;
import opbx.support.TestStores;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.junit.jupiter.api.Test;

/** N instances behave as one, and routing survives Redis going away. */
class VoiceInstancesTest {

    private static final Pattern DIALLED = Pattern.compile("<Number>([0-9]+)</Number>");

    /** An organisation with a requests key, three user extensions in a round-robin group, and a DID to it. */
    private record Setup(long org, long group, String key, String did) {
    }

    private static Setup roundRobin(DSLContext dsl) {
        long org = new Fixtures(dsl).organization("Voice RR Org");
        String key = UUID.randomUUID().toString().replace("-", "");
        dsl.insertInto(CLOUDONIX_SETTINGS)
                .set(CLOUDONIX_SETTINGS.ORGANIZATION_ID, org)
                .set(CLOUDONIX_SETTINGS.DOMAIN_REQUESTS_API_KEY, "v1:x")
                .set(CLOUDONIX_SETTINGS.DOMAIN_REQUESTS_API_KEY_HASH, Tokens.sha256Hex(key))
                .set(CLOUDONIX_SETTINGS.WEBHOOK_BASE_URL, "https://pbx.example.com/")
                .execute();
        long group = dsl.insertInto(RING_GROUPS).set(RING_GROUPS.ORGANIZATION_ID, org).set(RING_GROUPS.NAME, "RR")
                .set(RING_GROUPS.STRATEGY, "round_robin").set(RING_GROUPS.TIMEOUT, 15)
                .returning(RING_GROUPS.ID).fetchOne(RING_GROUPS.ID);
        for (String number : List.of("1001", "1002", "1004")) {
            long extension = dsl.insertInto(EXTENSIONS).set(EXTENSIONS.ORGANIZATION_ID, org)
                    .set(EXTENSIONS.EXTENSION_NUMBER, number).set(EXTENSIONS.TYPE, "user").set(EXTENSIONS.SIP_PASSWORD, "v1:x")
                    .returning(EXTENSIONS.ID).fetchOne(EXTENSIONS.ID);
            dsl.insertInto(RING_GROUP_MEMBERS).set(RING_GROUP_MEMBERS.ORGANIZATION_ID, org)
                    .set(RING_GROUP_MEMBERS.RING_GROUP_ID, group).set(RING_GROUP_MEMBERS.EXTENSION_ID, extension)
                    .set(RING_GROUP_MEMBERS.PRIORITY, (short) Integer.parseInt(number.substring(3))).execute();
        }
        String did = "+1555" + (1_000_000 + ThreadLocalRandom.current().nextInt(9_000_000));
        dsl.insertInto(DID_NUMBERS).set(DID_NUMBERS.ORGANIZATION_ID, org).set(DID_NUMBERS.PHONE_NUMBER, did)
                .set(DID_NUMBERS.ROUTING_TYPE, "ring_group")
                .set(DID_NUMBERS.ROUTING_CONFIG, JSONB.valueOf("{\"ring_group_id\":" + group + "}"))
                .execute();
        return new Setup(org, group, key, did);
    }

    private static String call(HttpTestClient http, Setup setup, String callSid) {
        HttpTestClient.Response response = http.send("POST", "/api/voice/route",
                "{\"CallSid\":\"" + callSid + "\",\"From\":\"+12125550199\",\"To\":\"" + setup.did() + "\",\"Direction\":\"inbound\"}",
                "application/json", Map.of("Authorization", "Bearer " + setup.key()));
        assertEquals(200, response.status(), response.body());
        // Jetty writes the header as text/xml;charset=utf-8: the same media type and charset (RFC 9110 §8.3.1).
        assertEquals("text/xml;charset=utf-8", response.header("Content-Type").replace(" ", "").toLowerCase());
        Matcher dialled = DIALLED.matcher(response.body());
        assertTrue(dialled.find(), response.body());
        return dialled.group(1);
    }

    @Test
    void two_instances_on_one_postgresql_and_redis_make_one_round_robin_rotation() {
        TestApp first = TestApp.shared();
        TestApp second = TestApp.start(TestStores.get().database(), TestStores.get().redis());
        try {
            Setup setup = roundRobin(first.dsl());
            List<String> dialled = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                dialled.add(call((i % 2 == 0 ? first : second).http(), setup, "rr-" + i));
            }

            assertEquals(List.of("1001", "1002", "1004", "1001", "1002", "1004"), dialled);
            String summary = first.server().redis().client().get("opbx:{" + setup.org() + "}:call:rr-0");
            assertTrue(summary.contains("\"direction\":\"inbound\"") && summary.contains("\"ring_group_id\":" + setup.group())
                    && summary.contains("\"from\":\"+12125550199\""), summary);
        } finally {
            second.close();
        }
    }

    @Test
    void with_redis_stopped_routing_still_answers_from_postgresql_and_starts_the_rotation_at_the_first_member() {
        try (EmbeddedRedisServer redis = EmbeddedRedisServer.start()) {
            TestApp app = TestApp.start(TestStores.get().database(), redis.target());
            try {
                Setup setup = roundRobin(app.dsl());
                assertEquals("1001", call(app.http(), setup, "down-0"));
                assertEquals("1002", call(app.http(), setup, "down-1"));

                redis.stop();

                for (int i = 2; i < 6; i++) {
                    assertEquals("1001", call(app.http(), setup, "down-" + i));
                }
                redis.startAgain();
            } finally {
                app.close();
            }
        }
    }
}
