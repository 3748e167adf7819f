package opbx;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import opbx.app.Logging;
import opbx.app.OpbxServer;
import opbx.cli.Cli;
import opbx.cli.CliException;
import opbx.cli.Commands;
import opbx.config.Config;
import opbx.config.ConfigException;

/**
 * The jar's entry point. The first argument selects a command; none means {@code serve}. Exit codes: 0 ok, 2 usage,
 * 3 invalid value, 1 anything else (a bad configuration prints one line naming the variable).
 */
public final class Main {

    private static final String USAGE = Commands.usage();

    private Main() {
    }

    public static void main(String[] args) {
        String command = args.length == 0 ? "serve" : args[0];
        // --help, help [COMMAND] and COMMAND --help answer before the configuration is read.
        if (isHelp(command) || command.equals("help")) {
            help(args.length > 1 ? args[1] : null);
            return;
        }
        if (Arrays.stream(args).skip(1).anyMatch(Main::isHelp) && Commands.find(command).isPresent()) {
            help(command);
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

    private static void help(String command) {
        if (command == null) {
            System.out.println(USAGE);
            return;
        }
        Optional<Commands.Command> known = Commands.find(command);
        if (known.isEmpty()) {
            fail(2, System.err, "unknown command '" + command + "'\n\n" + USAGE);
            return;
        }
        System.out.print(Commands.usage(known.get()));
    }

    private static boolean isHelp(String arg) {
        return arg.equals("--help") || arg.equals("-h");
    }

    private static void fail(int exitCode, PrintStream stream, String message) {
        stream.println(message);
        System.exit(exitCode);
    }
}
