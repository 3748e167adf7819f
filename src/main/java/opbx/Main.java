package opbx;

import java.io.PrintStream;
import opbx.app.Logging;
import opbx.app.OpbxServer;
import opbx.config.Config;
import opbx.config.ConfigException;

/**
 * The jar's entry point. The first argument selects a command; none means {@code serve}. Exit codes: 0 ok, 2 usage,
 * 1 anything else (a bad configuration prints one line naming the variable).
 */
public final class Main {

    private static final String USAGE = """
            Usage: java -jar opbx.jar [command]

            Commands:
              serve      run the HTTP server (default)
              migrate    apply the database migrations and exit
              help       show this text

            Configuration comes from environment variables; see README.md.""";

    private Main() {
    }

    public static void main(String[] args) {
        String command = args.length == 0 ? "serve" : args[0];
        if (command.equals("help") || command.equals("--help") || command.equals("-h")) {
            System.out.println(USAGE);
            return;
        }
        if (!command.equals("serve") && !command.equals("migrate")) {
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
            if (command.equals("migrate")) {
                OpbxServer.migrate(config);
                System.out.println("Migrations applied.");
                return;
            }
            OpbxServer server = OpbxServer.start(config, OpbxServer.Options.defaults());
            // Jetty's threads keep the process alive; on SIGTERM/SIGINT stop gracefully.
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "opbx-shutdown"));
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
