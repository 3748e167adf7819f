package opbx.cli;

import static opbx.db.gen.Tables.EXTENSIONS;
import static opbx.db.gen.Tables.ORGANIZATIONS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import opbx.config.AppKey;
import opbx.config.Config;
import opbx.config.DatabaseTarget;
import opbx.secrets.Secrets;
import opbx.support.Fixtures;
import opbx.support.Identity;
import opbx.support.TestApp;
import opbx.support.TestStores;
import org.junit.jupiter.api.Test;

/** The CLI against the test database, through the same stores and services as the server. */
class CliTest {

    private final TestApp app = TestApp.shared();

    private String run(Map<String, String> env, String stdin, String... args) {
        return runOn(TestStores.get().database(), env, stdin, args);
    }

    private static String runOn(DatabaseTarget database, Map<String, String> env, String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Config config = TestApp.config(database, TestStores.get().redis(), env);
        new Cli(config, new BufferedReader(new StringReader(stdin)), new PrintStream(out, true, StandardCharsets.UTF_8))
                .run(args[0], List.of(args).subList(1, args.length));
        return out.toString(StandardCharsets.UTF_8);
    }

    private String run(String... args) {
        return run(Map.of(), "", args);
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void create_org_prints_a_generated_password_once_and_the_owner_can_log_in() {
        String email = unique("ada") + "@example.com";

        String output = run("create-org", "--name", "Acme Café", "--owner-email", email.toUpperCase(), "--timezone",
                "Europe/Berlin");

        Matcher password = Pattern.compile("Owner password \\(shown once\\): (\\S+)").matcher(output);
        assertTrue(password.find(), output);
        assertTrue(output.contains("slug acme-cafe"), output);
        var me = app.http().withToken(Identity.login(app, email, password.group(1))).get("/api/v1/auth/me").json();
        assertEquals("owner", me.path("user").path("role").asText());
        assertEquals("Europe/Berlin", me.path("user").path("organization").path("timezone").asText());
    }

    @Test
    void create_org_reads_the_password_from_stdin_and_derives_unique_slugs() {
        String slug = unique("same");
        run(Map.of(), "Str0ngPass", "create-org", "--name", "First", "--owner-email", unique("a") + "@example.com", "--slug", slug);

        String email = unique("b") + "@example.com";
        String output = run(Map.of(), "Str0ngPass\n", "create-org", "--name", slug, "--owner-email", email,
                "--owner-password-stdin");

        assertTrue(output.contains("slug " + slug + "-2"), output);
        assertTrue(!output.contains("Str0ngPass"), "a password from stdin is not echoed");
        Identity.login(app, email, "Str0ngPass");
    }

    @Test
    void bad_input_exits_3_naming_the_field_and_bad_usage_exits_2() {
        String email = unique("dup") + "@example.com";
        run("create-org", "--name", "Dup", "--owner-email", email);

        CliException taken = assertThrows(CliException.class, () -> run("create-org", "--name", "Dup", "--owner-email", email));
        assertEquals(3, taken.exitCode());
        assertEquals("email: The email has already been taken.", taken.getMessage());

        CliException timezone = assertThrows(CliException.class, () ->
                run("create-org", "--name", "Tz", "--owner-email", unique("tz") + "@example.com", "--timezone", "+02:00"));
        assertEquals(3, timezone.exitCode());
        assertTrue(timezone.getMessage().startsWith("timezone: "), timezone.getMessage());

        CliException weak = assertThrows(CliException.class, () -> run(Map.of(), "weak", "create-org", "--name", "W",
                "--owner-email", unique("w") + "@example.com", "--owner-password-stdin"));
        assertEquals(3, weak.exitCode());

        assertEquals(2, assertThrows(CliException.class, () -> run("create-org", "--name", "NoEmail")).exitCode());
        assertEquals(2, assertThrows(CliException.class, () -> run("create-org", "--bogus", "x")).exitCode());
        assertEquals(2, assertThrows(CliException.class, () -> run("set-org-limits", "--org", "1")).exitCode());
    }

    @Test
    void reset_password_ends_sessions_and_the_new_password_works() {
        Identity.Team team = Identity.team(app, "Reset Org");

        String output = run(Map.of(), "N3wPassword", "reset-password", "--email", team.owner().email(), "--password-stdin");

        assertTrue(output.contains("sessions were ended"), output);
        assertEquals(401, team.owner().http().get("/api/v1/auth/me").status());
        Identity.login(app, team.owner().email(), "N3wPassword");
    }

    @Test
    void set_org_status_suspends_an_organisation_and_revokes_its_tokens() {
        Identity.Team team = Identity.team(app, "Status Org");

        run("set-org-status", "--org", String.valueOf(team.organizationId()), "--status", "suspended");

        assertEquals(401, team.admin().http().get("/api/v1/auth/me").status());
        assertEquals("suspended", app.dsl().select(ORGANIZATIONS.STATUS).from(ORGANIZATIONS)
                .where(ORGANIZATIONS.ID.eq(team.organizationId())).fetchOne(ORGANIZATIONS.STATUS));
        assertEquals(3, assertThrows(CliException.class, () ->
                run("set-org-status", "--org", "no-such-org", "--status", "active")).exitCode());
    }

    @Test
    void deleting_an_organisation_removes_its_redis_keys() {
        Identity.Team team = Identity.team(app, "Deleted Keys Org");
        String pointer = "opbx:{" + team.organizationId() + "}:rg:1:rr";
        app.server().redis().client().set(pointer, "42");
        app.server().redis().client().set(opbx.voice.ConfigVersions.key(team.organizationId()), "3");

        run("set-org-status", "--org", String.valueOf(team.organizationId()), "--status", "deleted");

        assertEquals(java.util.Set.of(), app.server().redis().client().keys("opbx:{" + team.organizationId() + "}:*"));
    }

    @Test
    void set_org_limits_and_list_orgs() {
        long organizationId = new Fixtures(app.dsl()).organization("Limits Org");

        run("set-org-limits", "--org", String.valueOf(organizationId), "--voice", "50", "--webhook", "200");

        String settings = app.dsl().select(ORGANIZATIONS.SETTINGS).from(ORGANIZATIONS)
                .where(ORGANIZATIONS.ID.eq(organizationId)).fetchOne(ORGANIZATIONS.SETTINGS).data();
        assertTrue(settings.contains("\"voice\": 50") && settings.contains("\"webhook\": 200"), settings);
        assertTrue(run("list-orgs").contains("Limits Org"));
    }

    @Test
    void reencrypt_secrets_moves_values_from_the_previous_key_to_the_current_one_and_refuses_what_neither_opens() {
        AppKey previous = AppKey.generate();
        AppKey current = AppKey.generate();
        Map<String, String> keys = Map.of("OPBX_APP_KEY", current.toBase64(), "OPBX_APP_KEY_PREVIOUS", previous.toBase64());
        DatabaseTarget database = TestStores.get().freshDatabase();
        TestApp own = TestApp.start(database, TestStores.get().redis(), keys);
        try {
            long organizationId = new Fixtures(own.dsl()).organization("Crypto Org");
            String underPrevious = new Secrets(previous, Optional.empty()).encrypt("sip-secret", "extensions", "sip_password",
                    organizationId);
            long extensionId = extension(own, organizationId, "1001", underPrevious);

            String output = runOn(database, keys, "", "reencrypt-secrets");

            assertTrue(output.contains("Re-encrypted 1 secret(s)"), output);
            assertEquals("sip-secret", new Secrets(current, Optional.empty()).decrypt(
                    sipPassword(own, organizationId, extensionId), "extensions", "sip_password", organizationId));

            String foreign = new Secrets(AppKey.generate(), Optional.empty()).encrypt("x", "extensions", "sip_password",
                    organizationId);
            long broken = extension(own, organizationId, "1002", foreign);
            Secrets.UndecryptableException refused = assertThrows(Secrets.UndecryptableException.class,
                    () -> runOn(database, keys, "", "reencrypt-secrets"));
            assertTrue(refused.getMessage().contains("row " + broken), refused.getMessage());
            assertEquals(foreign, sipPassword(own, organizationId, broken));
        } finally {
            own.close();
        }
    }

    private static long extension(TestApp app, long organizationId, String number, String sipPassword) {
        return app.dsl().insertInto(EXTENSIONS)
                .set(EXTENSIONS.ORGANIZATION_ID, organizationId)
                .set(EXTENSIONS.EXTENSION_NUMBER, number)
                .set(EXTENSIONS.TYPE, "user")
                .set(EXTENSIONS.SIP_PASSWORD, sipPassword)
                .returning(EXTENSIONS.ID)
                .fetchOne(EXTENSIONS.ID);
    }

    private static String sipPassword(TestApp app, long organizationId, long extensionId) {
        return app.dsl().select(EXTENSIONS.SIP_PASSWORD).from(EXTENSIONS)
                .where(EXTENSIONS.ORGANIZATION_ID.eq(organizationId)).and(EXTENSIONS.ID.eq(extensionId))
                .fetchOne(EXTENSIONS.SIP_PASSWORD);
    }
}
