package opbx.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import opbx.infra.EmbeddedPostgresServer;
import opbx.infra.EmbeddedRedisServer;
import opbx.support.HttpTestClient.Response;
import opbx.support.TestApp;
import opbx.support.TestStores;
import org.junit.jupiter.api.Test;

class HealthTest {

    @Test
    void health_is_healthy_when_database_and_redis_answer() {
        Response response = TestApp.shared().http().get("/api/health");

        assertEquals(200, response.status());
        JsonNode body = response.json();
        assertEquals("healthy", body.path("status").asText());
        assertEquals("connected", body.path("services").path("database").asText());
        assertEquals("connected", body.path("services").path("redis").asText());
        assertTrue(body.path("timestamp").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"),
                "timestamp in UTC seconds with Z: " + body.path("timestamp"));
    }

    @Test
    void health_is_degraded_while_redis_is_stopped_and_healthy_again_after() {
        try (EmbeddedRedisServer redis = EmbeddedRedisServer.start()) {
            TestApp app = TestApp.start(TestStores.get().database(), redis.target());
            try {
                assertEquals("healthy", app.http().get("/api/health").json().path("status").asText());

                redis.stop();
                Response degraded = app.http().get("/api/health");
                assertEquals(200, degraded.status());
                assertEquals("degraded", degraded.json().path("status").asText());
                assertEquals("disconnected", degraded.json().path("services").path("redis").asText());
                assertEquals("connected", degraded.json().path("services").path("database").asText());

                redis.startAgain();
                assertEquals("healthy", app.http().get("/api/health").json().path("status").asText());
            } finally {
                app.close();
            }
        }
    }

    @Test
    void health_is_unhealthy_with_503_when_the_database_is_down() {
        EmbeddedPostgresServer postgres = EmbeddedPostgresServer.startTemporary();
        TestApp app;
        try {
            app = TestApp.start(TestStores.freshDatabase(postgres.target("postgres")), TestStores.get().redis());
        } catch (RuntimeException e) {
            postgres.close();
            throw e;
        }
        try {
            postgres.close();

            Response response = app.http().get("/api/health");

            assertEquals(503, response.status());
            assertEquals("unhealthy", response.json().path("status").asText());
            assertEquals("disconnected", response.json().path("services").path("database").asText());
        } finally {
            app.close();
        }
    }

    @Test
    void voice_health_answers_without_authentication() {
        Response response = TestApp.shared().http().get("/api/voice/health");

        assertEquals(200, response.status());
        assertEquals("healthy", response.json().path("status").asText());
        assertEquals("voice-routing", response.json().path("service").asText());
    }
}
