package opbx.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import opbx.Main;
import opbx.support.TestApp;
import opbx.support.TestStores;
import org.junit.jupiter.api.Test;

/** {@code java -jar opbx.jar --help} (issue 10): every command with its options, and the parser held to the help. */
class CliHelpTest {

    @Test
    void help_lists_every_command_with_every_option_it_takes() {
        String help = main("--help");

        for (String command : List.of("serve", "migrate", "create-org", "reset-password", "set-org-status",
                "set-org-limits", "list-orgs", "reencrypt-secrets", "help")) {
            assertTrue(Pattern.compile("(?m)^  " + Pattern.quote(command) + "( |$)").matcher(help).find(),
                    command + " missing:\n" + help);
        }
        for (String command : Cli.COMMANDS) {
            assertTrue(Commands.find(command).isPresent(), command + " has no help");
        }
        for (String option : List.of("--name NAME", "--owner-email EMAIL", "[--owner-name NAME]", "[--timezone TZ]",
                "[--slug SLUG]", "[--owner-password-stdin]", "--email EMAIL", "[--password-stdin]", "--org ID|SLUG",
                "--status active|suspended|deleted", "[--voice N]", "[--webhook N]")) {
            assertTrue(help.contains(option), option + " missing:\n" + help);
        }
        assertTrue(help.contains("Exit codes"), help);
        assertTrue(help.contains("OPBX_METRICS_TOKEN") && help.contains("DATABASE_URL"), help);
        assertTrue(help.lines().allMatch(line -> line.length() <= 100), "a line over 100 columns:\n" + help);
    }

    @Test
    void help_and_dash_h_print_the_same_text() {
        String help = main("--help");

        assertEquals(help, main("help"));
        assertEquals(help, main("-h"));
    }

    @Test
    void one_command_s_help_shows_its_synopsis_and_what_it_does() {
        String createOrg = main("help", "create-org");

        assertTrue(createOrg.startsWith("Usage: java -jar opbx.jar create-org --name NAME --owner-email EMAIL"), createOrg);
        assertTrue(createOrg.contains("[--owner-password-stdin]"), createOrg);
        assertTrue(createOrg.contains("create an organisation and its owner"), createOrg);
        assertEquals(createOrg, main("create-org", "--help"));
        assertEquals(main("help", "set-org-limits"), main("set-org-limits", "--org", "acme", "-h"));
        assertFalse(createOrg.contains("reset-password"), createOrg);
    }

    @Test
    void the_options_the_cli_accepts_are_exactly_the_ones_its_help_lists() {
        assertEquals(Set.of("name", "owner-email", "owner-name", "timezone", "slug"),
                Commands.find("create-org").orElseThrow().valueOptions());
        assertEquals(Set.of("owner-password-stdin"), Commands.find("create-org").orElseThrow().flags());
        assertEquals(Set.of("email"), Commands.find("reset-password").orElseThrow().valueOptions());
        assertEquals(Set.of("password-stdin"), Commands.find("reset-password").orElseThrow().flags());
        assertEquals(Set.of("org", "status"), Commands.find("set-org-status").orElseThrow().valueOptions());
        assertEquals(Set.of("org", "voice", "webhook"), Commands.find("set-org-limits").orElseThrow().valueOptions());
        assertEquals(Set.of(), Commands.find("list-orgs").orElseThrow().valueOptions());

        CliException unknown = org.junit.jupiter.api.Assertions.assertThrows(CliException.class,
                () -> cli().run("list-orgs", List.of("--verbose")));
        assertEquals(2, unknown.exitCode());
        assertTrue(unknown.getMessage().contains("--verbose"), unknown.getMessage());
    }

    private static Cli cli() {
        return new Cli(TestApp.config(TestStores.get().database(), TestStores.get().redis(), Map.of()),
                new BufferedReader(new StringReader("")), new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8));
    }

    /** What {@code Main} prints for {@code args} (help never reads the environment or exits). */
    private static String main(String... args) {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            Main.main(args);
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
