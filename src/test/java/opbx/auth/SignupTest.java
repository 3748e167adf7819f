package opbx.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.UUID;
import opbx.support.HttpTestClient.Response;
import opbx.support.TestApp;
import opbx.support.TestStores;
import org.junit.jupiter.api.Test;

class SignupTest {

    @Test
    void with_the_switch_on_signup_creates_an_organisation_and_logs_its_owner_in() {
        TestApp app = TestApp.start(TestStores.get().database(), TestStores.get().redis(), Map.of("OPBX_SIGNUP_ENABLED", "true"));
        try {
            String email = "founder-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";

            Response response = app.http().postJson("/api/v1/auth/signup", "{\"organization_name\":\"Startup\","
                    + "\"timezone\":\"America/New_York\",\"name\":\"Founder\",\"email\":\"" + email + "\",\"password\":\"Found3rPass\"}");

            assertEquals(201, response.status(), response.body());
            assertEquals("owner", response.json().path("user").path("role").asText());
            assertEquals("America/New_York", response.json().path("user").path("organization").path("timezone").asText());
            String token = response.json().path("access_token").asText();
            assertEquals(200, app.http().withToken(token).get("/api/v1/users").status());

            Response invalid = app.http().postJson("/api/v1/auth/signup", "{\"email\":\"" + email + "\",\"password\":\"weak\"}");
            assertEquals(422, invalid.status());
            for (String field : new String[] {"organization_name", "name", "email", "password"}) {
                assertEquals(1, invalid.json().path("errors").path(field).size(), field + " in " + invalid.body());
            }
        } finally {
            app.close();
        }
    }
}
