package opbx;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import opbx.app.Logging;
import opbx.app.OpbxServer;
import opbx.cli.Cli;
import opbx.cli.CliException;
import opbx.config.Config;
import opbx.config.ConfigException;

/**
 * The jar's entry point. The first argument selects a command; none means {@code serve}. Exit codes: 0 ok, 2 usage,
 * 3 invalid value, 1 anything else (a bad configuration prints one line naming the variable).
 */
public final class Main {

    private static final String USAGE = """
            Usage: java -jar opbx.jar [command]

            Commands:
              serve                 run the HTTP server (default)
              migrate               apply the database migrations and exit
              create-org --name NAME --owner-email EMAIL [--owner-name NAME] [--timezone TZ] [--slug SLUG]
                         [--owner-password-stdin]
                                    create an organisation and its owner (password generated and printed once
                                    unless read from stdin)
              reset-password --email EMAIL [--password-stdin]
                                    set a new password (generated unless read from stdin); ends the user's sessions
              set-org-status --org ID|SLUG --status active|suspended|deleted
              set-org-limits --org ID|SLUG [--voice N] [--webhook N]
                                    per-minute limits of the voice routes and webhooks
              list-orgs             list the organisations
              reencrypt-secrets     rewrite every stored secret under the current OPBX_APP_KEY
              help                  show this text

            Exit codes: 0 ok, 1 failure, 2 usage error, 3 invalid value (the message names the field).
            With the embedded database, run commands while the server is stopped.

            Configuration comes from environment variables; see README.md.""";

    private Main() {
    }

    public static void main(String[] args) {
        String command = args.length == 0 ? "serve" : args[0];
        if (command.equals("help") || command.equals("--help") || command.equals("-h")) {
            System.out.println(USAGE);
            return;
        }
        if (!command.equals("serve") && !command.equals("migrate") && !Cli.COMMANDS.contains(command)) {
            fail(2, System.err, "unknown command '" + command + "'\n\n" + USAGE);
        }
        Config config;
        try {
            config = Config.fromEnvironment(System.getenv());
        } catch (ConfigException e) {
            fail(1, System.err, e.getMessage());
            return;
        }
        Logging.configure(config.logLevel());
        try {
            if (Cli.COMMANDS.contains(command)) {
                new Cli(config, new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), System.out)
                        .run(command, Arrays.asList(args).subList(1, args.length));
                return;
            }
            if (command.equals("migrate")) {
                OpbxServer.migrate(config);
                System.out.println("Migrations applied.");
                return;
            }
            OpbxServer server = OpbxServer.start(config, OpbxServer.Options.defaults());
            // Jetty's threads keep the process alive; on SIGTERM/SIGINT stop gracefully.
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "opbx-shutdown"));
        } catch (CliException e) {
            fail(e.exitCode(), System.err, e.getMessage());
        } catch (ConfigException e) {
            fail(1, System.err, e.getMessage());
        } catch (RuntimeException e) {
            fail(1, System.err, "OpBX could not start: " + e.getMessage());
        }
    }

    private static void fail(int exitCode, PrintStream stream, String message) {
        stream.println(message);
        System.exit(exitCode);
    }
}
