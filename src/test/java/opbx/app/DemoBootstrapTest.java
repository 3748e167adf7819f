package opbx.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import opbx.support.Identity;
import opbx.support.TestApp;
import opbx.support.TestStores;
import org.junit.jupiter.api.Test;

class DemoBootstrapTest {

    @Test
    void an_empty_database_gets_the_demo_organisation_once_and_its_printed_login_works() {
        TestApp app = TestApp.start(TestStores.get().freshDatabase(), TestStores.get().redis());
        try {
            ByteArrayOutputStream first = new ByteArrayOutputStream();
            Services services = new Services(TestApp.config(TestStores.get().database(), TestStores.get().redis(),
                    java.util.Map.of()), app.dsl(), app.server().redis(), opbx.http.Json.newMapper(), java.time.Clock.systemUTC(),
                    new opbx.secrets.Secrets(app.server().appKey(), java.util.Optional.empty()));

            assertTrue(services.demoBootstrap().runIfEmpty(new PrintStream(first, true, StandardCharsets.UTF_8)));
            String banner = first.toString(StandardCharsets.UTF_8);
            assertTrue(banner.contains("owner@example.com"), banner);
            Matcher password = Pattern.compile("password: (\\S+)").matcher(banner);
            assertTrue(password.find(), banner);

            String token = Identity.login(app, "owner@example.com", password.group(1));
            var me = app.http().withToken(token).get("/api/v1/auth/me").json().path("user");
            assertEquals("owner", me.path("role").asText());
            assertEquals("demo", me.path("organization").path("slug").asText());

            Matcher key = Pattern.compile("requests key: (\\S+)").matcher(banner);
            assertTrue(key.find(), banner);
            TestApp.CLOCK.pin(java.time.Instant.parse("2026-01-14T15:00:00Z"));
            try {
                var open = app.http().send("POST", "/api/voice/route",
                        "{\"CallSid\":\"demo-1\",\"From\":\"+12125550199\",\"To\":\"+15550100001\",\"Direction\":\"inbound\"}",
                        "application/json", java.util.Map.of("Authorization", "Bearer " + key.group(1)));
                assertEquals(200, open.status(), open.body());
                assertTrue(open.body().contains("Press 1 for sales"), open.body());
                TestApp.CLOCK.pin(java.time.Instant.parse("2026-01-17T15:00:00Z"));
                var closed = app.http().send("POST", "/api/voice/route",
                        "{\"CallSid\":\"demo-2\",\"From\":\"+12125550199\",\"To\":\"+15550100001\",\"Direction\":\"inbound\"}",
                        "application/json", java.util.Map.of("Authorization", "Bearer " + key.group(1)));
                assertTrue(closed.body().contains("<Number>1002</Number>"), closed.body());

                // README's dry run: three wrong keys at the office-hours menu fail over to Alice.
                var dryRun = app.http().withToken(token).postJson("/api/v1/call-flows/simulate",
                        "{\"to\":\"+15550100001\",\"from\":\"+12125550199\",\"at\":\"2026-01-14T10:00:00Z\",\"digits\":[\"5\",\"5\",\"5\"]}");
                assertEquals(200, dryRun.status(), dryRun.body());
                var steps = dryRun.json().path("steps");
                assertEquals(4, steps.size(), dryRun.body());
                assertEquals("Ask for digits: \"Invalid menu option, please try again.\" "
                        + "\"Thanks for calling. Press 1 for sales, 2 for Bob.\"",
                        steps.path(1).path("summary").asText(), dryRun.body());
                assertEquals("Dial 1001 for 30 s", steps.path(3).path("summary").asText(), dryRun.body());
                assertEquals("{\"type\":\"extension\",\"id\":1,\"name\":\"1001\",\"status\":\"active\"}",
                        dryRun.json().path("reached").toString(), dryRun.body());
            } finally {
                TestApp.CLOCK.release();
            }

            ByteArrayOutputStream second = new ByteArrayOutputStream();
            assertFalse(services.demoBootstrap().runIfEmpty(new PrintStream(second, true, StandardCharsets.UTF_8)));
            assertEquals("", second.toString(StandardCharsets.UTF_8));
            services.close();
        } finally {
            app.close();
        }
    }
}
