package opbx.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import opbx.access.Role;
import opbx.support.Identity;
import opbx.support.TestApp;
import opbx.support.TestStores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/v1/events} (execution-plane spec §12.2) on two instances sharing PostgreSQL and Redis: the shared
 * test server (A) and one of its own (B) whose heartbeat is one second, so pings and token re-checks come quickly.
 */
class EventStreamTest {

    private static final TestApp A = TestApp.shared();
    private static TestApp b;

    @BeforeAll
    static void startSecondInstance() {
        b = TestApp.start(TestStores.get().database(), TestStores.get().redis(), Map.of("OPBX_SSE_HEARTBEAT_S", "1"));
    }

    @AfterAll
    static void stopSecondInstance() {
        b.close();
    }

    private static String url(TestApp app) {
        return "http://127.0.0.1:" + app.server().port();
    }

    /** As a browser's {@code encodeURIComponent}: the token's {@code |} is not allowed in a URL as it is. */
    private static String encoded(String token) {
        return URLEncoder.encode(token, StandardCharsets.UTF_8);
    }

    @Test
    void an_event_published_on_one_instance_reaches_a_client_of_another() {
        Identity.Team team = Identity.team(A, "Events Across Org");
        try (SseTestClient client = SseTestClient.open(url(b), "/api/v1/events", team.reporter().token())) {
            assertTrue(client.header("Content-Type").startsWith("text/event-stream"), client.header("Content-Type"));
            assertEquals("no-store", client.header("Cache-Control"));
            assertEquals("no", client.header("X-Accel-Buffering"));
            client.awaitOpen();

            A.server().events().publish(team.organizationId(), "call.initiated",
                    Map.of("call_id", "c-across", "from_number", "+12125550199", "status", "initiated"));

            SseTestClient.Event event = client.nextEvent();
            assertEquals("call.initiated", event.type());
            assertEquals(event.envelope().path("id").asText(), event.id());
            assertTrue(event.id().matches("[0-9a-f-]{36}"), event.id());
            assertEquals("call.initiated", event.envelope().path("type").asText());
            assertEquals(team.organizationId(), event.envelope().path("organization_id").asLong());
            assertTrue(event.envelope().path("occurred_at").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"),
                    event.envelope().toString());
            assertEquals("c-across", event.envelope().path("data").path("call_id").asText());
            assertEquals("+12125550199", event.envelope().path("data").path("from_number").asText());
        }
    }

    @Test
    void a_client_sees_only_its_own_organisations_events() {
        Identity.Team mine = Identity.team(A, "Events Mine Org");
        Identity.Team other = Identity.team(A, "Events Other Org");
        try (SseTestClient mineClient = SseTestClient.open(url(b), "/api/v1/events", mine.owner().token());
             SseTestClient otherClient = SseTestClient.open(url(b), "/api/v1/events", other.owner().token())) {
            mineClient.awaitOpen();
            otherClient.awaitOpen();

            A.server().events().publish(mine.organizationId(), "call.ended", Map.of("call_id", "c-mine"));
            A.server().events().publish(other.organizationId(), "call.ended", Map.of("call_id", "c-other"));

            // Redis delivers in publishing order: had the first event leaked, it would come first.
            assertEquals("c-other", otherClient.nextEvent().envelope().path("data").path("call_id").asText());
            assertEquals("c-mine", mineClient.nextEvent().envelope().path("data").path("call_id").asText());
        }
    }

    @Test
    void the_types_parameter_filters_the_events() {
        Identity.Team team = Identity.team(A, "Events Types Org");
        try (SseTestClient client = SseTestClient.open(url(b), "/api/v1/events?types=call.ended,%20cdr.received",
                team.user().token())) {
            client.awaitOpen();

            A.server().events().publish(team.organizationId(), "call.initiated", Map.of("call_id", "c-1"));
            A.server().events().publish(team.organizationId(), "cdr.received", Map.of("call_id", "c-2"));
            A.server().events().publish(team.organizationId(), "call.answered", Map.of("call_id", "c-3"));
            A.server().events().publish(team.organizationId(), "call.ended", Map.of("call_id", "c-4"));

            assertEquals("cdr.received", client.nextEvent().type());
            assertEquals("call.ended", client.nextEvent().type());
        }
    }

    @Test
    void an_unknown_type_is_a_validation_error() {
        Identity.Team team = Identity.team(A, "Events Bad Type Org");
        try (SseTestClient client = SseTestClient.open(url(A), "/api/v1/events?types=call.ended,call.exploded",
                team.owner().token())) {
            assertEquals(422, client.status());
            assertTrue(client.errorJson().path("errors").has("types"), client.errorJson().toString());
        }
    }

    @Test
    void the_token_may_come_as_a_query_parameter() {
        Identity.Team team = Identity.team(A, "Events Query Token Org");
        try (SseTestClient client = SseTestClient.open(url(A), "/api/v1/events?token=" + encoded(team.admin().token()), Map.of())) {
            client.awaitOpen();

            A.server().events().publish(team.organizationId(), "session.updated", Map.of("session_id", 9804683));

            assertEquals(9804683, client.nextEvent().envelope().path("data").path("session_id").asLong());
        }
    }

    @Test
    void a_missing_or_invalid_token_is_a_json_401() {
        for (String path : List.of("/api/v1/events", "/api/v1/events?token=", "/api/v1/events?token=12%7Cnope")) {
            try (SseTestClient client = SseTestClient.open(url(A), path, Map.of())) {
                assertEquals(401, client.status(), path);
                assertEquals("UNAUTHENTICATED", client.errorJson().path("error").path("code").asText(), path);
            }
        }
        try (SseTestClient client = SseTestClient.open(url(A), "/api/v1/events", "nope")) {
            assertEquals(401, client.status());
            assertEquals("UNAUTHENTICATED", client.errorJson().path("error").path("code").asText());
        }
    }

    @Test
    void the_query_parameter_token_is_accepted_nowhere_else() {
        Identity.Team team = Identity.team(A, "Events Query Elsewhere Org");

        assertEquals(401, A.http().get("/api/v1/auth/me?token=" + encoded(team.owner().token())).status());
        assertEquals(200, team.owner().http().get("/api/v1/auth/me").status());
    }

    @Test
    void a_ping_comment_comes_at_every_heartbeat() {
        Identity.Team team = Identity.team(A, "Events Ping Org");
        try (SseTestClient client = SseTestClient.open(url(b), "/api/v1/events", team.owner().token())) {
            client.awaitOpen();

            client.awaitLine(": ping");
            assertEquals("", client.nextLine());
            client.awaitLine(": ping");
        }
    }

    @Test
    void a_revoked_token_ends_the_stream_at_the_next_heartbeat() {
        Identity.Team team = Identity.team(A, "Events Revoked Org");
        try (SseTestClient client = SseTestClient.open(url(b), "/api/v1/events", team.owner().token())) {
            client.awaitOpen();

            assertEquals(200, team.owner().http().post("/api/v1/auth/logout").status());

            client.awaitEnd();
        }
    }

    @Test
    void a_deactivated_user_loses_the_stream() {
        Identity.Team team = Identity.team(A, "Events Deactivated Org");
        try (SseTestClient client = SseTestClient.open(url(b), "/api/v1/events", team.user().token())) {
            client.awaitOpen();

            assertEquals(200, team.owner().http().send("PATCH", "/api/v1/users/" + team.user().userId(),
                    "{\"status\":\"inactive\"}", "application/json", Map.of()).status());

            client.awaitEnd();
        }
    }

    @Test
    void the_fifty_first_stream_of_an_organisation_across_instances_is_refused_with_429() {
        Identity.Team team = Identity.team(A, "Events Limit Org");
        List<SseTestClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < 50; i++) {
                SseTestClient client = SseTestClient.open(url(i % 2 == 0 ? A : b), "/api/v1/events",
                        team.as(Role.values()[i % 4]).token());
                open.add(client);
                assertEquals(200, client.status(), "stream " + (i + 1));
            }

            try (SseTestClient refused = SseTestClient.open(url(b), "/api/v1/events", team.owner().token())) {
                assertEquals(429, refused.status());
                assertEquals("RATE_LIMITED", refused.errorJson().path("error").path("code").asText());
                assertEquals("1", refused.header("Retry-After"));
                assertTrue(refused.header("Content-Type").startsWith("application/json"), refused.header("Content-Type"));
            }
            Identity.Team another = Identity.team(A, "Events Limit Other Org");
            try (SseTestClient admitted = SseTestClient.open(url(b), "/api/v1/events", another.owner().token())) {
                admitted.awaitOpen();
            }
        } finally {
            open.forEach(SseTestClient::close);
        }
    }
}
