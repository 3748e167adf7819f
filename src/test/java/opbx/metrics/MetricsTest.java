package opbx.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import opbx.config.MetricsToken;
import opbx.metrics.MetricsAccess.Decision;
import opbx.support.HttpTestClient.Response;
import opbx.support.Identity;
import opbx.support.TestApp;
import opbx.support.TestStores;
import org.junit.jupiter.api.Test;

/** {@code GET /metrics} (issue 10): what it shows, to whom, and that the product's counters move. */
class MetricsTest {

    private static final String TOKEN = "metrics-token-" + UUID.randomUUID();

    private final TestApp app = TestApp.shared();

    @Test
    void loopback_without_a_token_gets_prometheus_text_with_route_templates_and_no_raw_ids() {
        Identity.Team team = Identity.team(app, "Metrics routes");
        long missing = 987_654_321L;
        assertEquals(404, team.owner().http().get("/api/v1/extensions/" + missing).status());

        Response metrics = app.http().get("/metrics");

        assertEquals(200, metrics.status(), metrics.body());
        assertTrue(metrics.header("Content-Type").startsWith("text/plain"), metrics.header("Content-Type"));
        String text = metrics.body();
        assertTrue(text.contains("http_server_requests_seconds_count{method=\"GET\",route=\"/api/v1/extensions/{id}\","
                + "status=\"404\"}"), text);
        assertTrue(text.contains("http_server_requests_seconds_bucket{method=\"GET\",route=\"/api/v1/extensions/{id}\""),
                "a latency histogram per route");
        assertFalse(text.contains(String.valueOf(missing)), "a raw id became a label");
        // Decisions and deliveries appear with their first occurrence: the tests below make them.
        for (String name : new String[] {"opbx_routing_cache_lookups_total{result=\"hit\"}",
                "opbx_routing_cache_lookups_total{result=\"miss\"}", "opbx_cloudonix_circuit_opens_total",
                "opbx_redis_up 1.0", "hikaricp_connections_active", "hikaricp_connections_idle",
                "hikaricp_connections_pending", "jvm_memory_used_bytes", "jvm_gc_", "jvm_threads_live_threads",
                "process_uptime_seconds"}) {
            assertTrue(text.contains(name), name + " missing");
        }
    }

    @Test
    void an_unmatched_path_is_one_series_not_one_per_path() {
        String path = "/api/v1/no-such-thing-" + UUID.randomUUID();
        app.http().get(path);

        String text = app.http().get("/metrics").body();

        assertTrue(text.contains("route=\"unmatched\""), text);
        assertFalse(text.contains(path));
    }

    @Test
    void with_a_token_configured_metrics_need_it_as_a_bearer_token() {
        TestStores stores = TestStores.get();
        TestApp own = TestApp.start(stores.database(), stores.redis(), Map.of("OPBX_METRICS_TOKEN", TOKEN));
        try {
            Response none = own.http().get("/metrics");
            Response wrong = own.http().send("GET", "/metrics", null, null, Map.of("Authorization", "Bearer " + TOKEN + "x"));
            Response right = own.http().send("GET", "/metrics", null, null, Map.of("Authorization", "Bearer " + TOKEN));

            assertEquals(401, none.status());
            assertEquals("Bearer realm=\"metrics\"", none.header("WWW-Authenticate"));
            assertEquals(401, wrong.status());
            assertEquals(200, right.status());
            assertTrue(right.body().contains("jvm_memory_used_bytes"));
            assertFalse(none.body().contains(TOKEN));
        } finally {
            own.close();
        }
    }

    @Test
    void a_request_through_a_proxy_is_refused_even_from_loopback_when_no_token_is_set() {
        Response proxied = app.http().send("GET", "/metrics", null, null, Map.of("X-Forwarded-For", "127.0.0.1"));

        assertEquals(403, proxied.status());
    }

    /** The test client is always on loopback, so a remote peer is checked on the decision itself. */
    @Test
    void without_a_token_only_loopback_peers_are_allowed() {
        MetricsAccess open = new MetricsAccess(Optional.empty());

        assertEquals(Decision.ALLOW, open.decide(null, "127.0.0.1", false));
        assertEquals(Decision.ALLOW, open.decide(null, "127.10.0.3", false));
        assertEquals(Decision.ALLOW, open.decide(null, "[0:0:0:0:0:0:0:1]", false));
        assertEquals(Decision.ALLOW, open.decide(null, "::1", false));
        assertEquals(Decision.ALLOW, open.decide(null, "::ffff:127.0.0.1", false));
        assertEquals(Decision.FORBIDDEN, open.decide(null, "10.0.0.7", false));
        assertEquals(Decision.FORBIDDEN, open.decide(null, "[2001:db8::1]", false));
        assertEquals(Decision.FORBIDDEN, open.decide(null, "128.0.0.1", false));
        assertEquals(Decision.FORBIDDEN, open.decide(null, null, false));
        assertEquals(Decision.FORBIDDEN, open.decide(null, "127.0.0.1", true), "proxied");
        assertEquals(Decision.FORBIDDEN, open.decide("Bearer anything-at-all-here", "10.0.0.7", false));
    }

    @Test
    void with_a_token_the_peer_does_not_matter_only_the_token() {
        MetricsAccess guarded = new MetricsAccess(Optional.of(MetricsToken.parse("OPBX_METRICS_TOKEN", TOKEN)));

        assertEquals(Decision.ALLOW, guarded.decide("Bearer " + TOKEN, "10.0.0.7", true));
        assertEquals(Decision.ALLOW, guarded.decide("bearer " + TOKEN, "10.0.0.7", false));
        assertEquals(Decision.UNAUTHENTICATED, guarded.decide(null, "127.0.0.1", false));
        assertEquals(Decision.UNAUTHENTICATED, guarded.decide(TOKEN, "127.0.0.1", false));
        assertEquals(Decision.UNAUTHENTICATED, guarded.decide("Bearer " + TOKEN.substring(1), "127.0.0.1", false));
        assertFalse(guarded.toString().contains(TOKEN));
        assertFalse(MetricsToken.parse("OPBX_METRICS_TOKEN", TOKEN).toString().contains(TOKEN));
    }

    @Test
    void a_voice_route_counts_its_decision_by_outcome_and_its_cache_lookups() {
        String key = requestsKey(Identity.team(app, "Metrics voice"));
        double decisions = value("opbx_routing_decisions_total", "outcome=\"error\"");
        double lookups = value("opbx_routing_cache_lookups_total", "result=\"hit\"")
                + value("opbx_routing_cache_lookups_total", "result=\"miss\"");

        Response routed = app.http().send("POST", "/api/voice/route", "{\"CallSid\":\"m-" + UUID.randomUUID()
                + "\",\"From\":\"+12125550199\",\"To\":\"+15559990000\",\"Direction\":\"inbound\"}",
                "application/json", Map.of("Authorization", "Bearer " + key));

        assertEquals(200, routed.status(), routed.body());
        assertEquals(decisions + 1, value("opbx_routing_decisions_total", "outcome=\"error\""), routed.body());
        assertTrue(value("opbx_routing_cache_lookups_total", "result=\"hit\"")
                + value("opbx_routing_cache_lookups_total", "result=\"miss\"") > lookups);
    }

    @Test
    void a_duplicate_webhook_delivery_counts_as_a_duplicate_of_its_kind() {
        String key = requestsKey(Identity.team(app, "Metrics hooks"));
        String callId = "metrics-" + UUID.randomUUID() + "@10.0.0.1";
        String cdr = "{\"call_id\":\"" + callId + "\",\"session\":{\"id\":771001,\"token\":\"tok-m\"},"
                + "\"from\":\"+12125550199\",\"to\":\"1001\",\"disposition\":\"ANSWERED\",\"billsec\":30}";
        double storedBefore = value("opbx_webhook_deliveries_total", "kind=\"cdr\",result=\"stored\"");
        double duplicatesBefore = value("opbx_webhook_deliveries_total", "kind=\"cdr\",result=\"duplicate\"");

        Map<String, String> bearer = Map.of("Authorization", "Bearer " + key);
        Response first = app.http().send("POST", "/api/webhooks/cloudonix/cdr", cdr, "application/json", bearer);
        Response again = app.http().send("POST", "/api/webhooks/cloudonix/cdr", cdr, "application/json", bearer);

        assertEquals(200, first.status(), first.body());
        assertTrue(again.json().path("duplicate").asBoolean(), again.body());
        assertEquals(storedBefore + 1, value("opbx_webhook_deliveries_total", "kind=\"cdr\",result=\"stored\""));
        assertEquals(duplicatesBefore + 1, value("opbx_webhook_deliveries_total", "kind=\"cdr\",result=\"duplicate\""));
    }

    /** Gives the team's organisation a Cloudonix domain and requests key, the bearer voice and webhooks take. */
    private static String requestsKey(Identity.Team team) {
        String key = "rk-" + UUID.randomUUID().toString().replace("-", "");
        Response saved = team.owner().http().put("/api/v1/settings/cloudonix", "{\"domain_uuid\":\"" + UUID.randomUUID()
                + "\",\"domain_name\":\"m" + UUID.randomUUID().toString().substring(0, 8) + ".cloudonix.net\","
                + "\"domain_requests_api_key\":\"" + key + "\"}");
        assertEquals(200, saved.status(), saved.body());
        return key;
    }

    /** The value of the series {@code name{labels}} in a fresh scrape, 0 when it does not exist yet. */
    private double value(String name, String labels) {
        String text = app.http().get("/metrics").body();
        Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(name + "{" + labels) + "[^}]*} (\\S+)$").matcher(text);
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }
}
