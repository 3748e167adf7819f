package opbx.cli;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every command of the jar with its options and what it does: the one source of {@code --help} and of the options
 * {@link Cli} accepts, so the help cannot list an option the parser refuses or miss one it takes.
 */
public final class Commands {

    /**
     * One command. {@code synopsis} is its options as the help shows them: {@code --name VALUE} takes a value,
     * a bare {@code --flag} is a switch, brackets mark the optional ones.
     */
    public record Command(String name, String synopsis, String summary) {

        /** An option followed by a value placeholder (anything but another option or a bracket). */
        private static final Pattern OPTION = Pattern.compile("--([a-z][a-z-]*)( [^\\s\\[\\]-][^\\s\\[\\]]*)?");

        public Set<String> valueOptions() {
            return options(true);
        }

        public Set<String> flags() {
            return options(false);
        }

        private Set<String> options(boolean valued) {
            Set<String> names = new LinkedHashSet<>();
            for (Matcher m = OPTION.matcher(synopsis); m.find(); ) {
                if ((m.group(2) != null) == valued) {
                    names.add(m.group(1));
                }
            }
            return names;
        }

        /** {@code name synopsis} and the summary under it, wrapped to the help's width. */
        String help() {
            String head = synopsis.isEmpty() ? name : name + " " + synopsis;
            return wrap("  ", head, " ".repeat(name.length() + 3)) + wrap("      ", summary, "      ");
        }
    }

    public static final List<Command> ALL = List.of(
            new Command("serve", "", "run the HTTP server (the default when no command is given)"),
            new Command("migrate", "", "apply the database migrations and exit"),
            new Command("create-org",
                    "--name NAME --owner-email EMAIL [--owner-name NAME] [--timezone TZ] [--slug SLUG]"
                            + " [--owner-password-stdin]",
                    "create an organisation and its owner; the owner's password is generated and printed once, "
                            + "or read from the first line of standard input"),
            new Command("reset-password", "--email EMAIL [--password-stdin]",
                    "set a user's new password (generated and printed once, or read from standard input) and end "
                            + "all of the user's sessions"),
            new Command("set-org-status", "--org ID|SLUG --status active|suspended|deleted",
                    "anything but active ends the organisation's sessions and stops its calls; deleted keeps the data"),
            new Command("set-org-limits", "--org ID|SLUG [--voice N] [--webhook N]",
                    "an organisation's requests per minute on the voice routes and the webhooks (0 = no limit)"),
            new Command("list-orgs", "", "list the organisations: id, slug, status, timezone, name"),
            new Command("reencrypt-secrets", "",
                    "rewrite every stored secret under the current OPBX_APP_KEY (old values decrypt with "
                            + "OPBX_APP_KEY_PREVIOUS)"),
            new Command("help", "[COMMAND]", "this text, or one command's (also: --help, COMMAND --help)"));

    private static final int WIDTH = 100;
    /** A word, or a bracketed option with its value: the help never breaks a line inside brackets. */
    private static final Pattern WORD = Pattern.compile("\\[[^]]*]|\\S+");

    private Commands() {
    }

    public static Optional<Command> find(String name) {
        return ALL.stream().filter(command -> command.name().equals(name)).findFirst();
    }

    /** The whole help of {@code java -jar opbx.jar --help}. */
    public static String usage() {
        StringBuilder out = new StringBuilder("Usage: java -jar opbx.jar [COMMAND] [OPTIONS]\n\nCommands:\n");
        ALL.forEach(command -> out.append(command.help()));
        return out.append("""

                Exit codes: 0 ok, 1 failure, 2 usage error, 3 invalid value (the message starts with the field).
                Every command reads the same environment as the server and applies the migrations first; with the
                embedded database (no DATABASE_URL), stop the server before running one.

                Environment (all of it in README.md, "Configuration"):
                  DATABASE_URL        PostgreSQL (postgres://user:password@host:5432/db); unset: embedded, in ./data
                  REDIS_URL           Redis (redis://[:password@]host:6379/0); unset: embedded
                  OPBX_APP_KEY        base64 of 32 bytes, encrypts secrets at rest; required with DATABASE_URL
                  PORT                HTTP port (8080); OPBX_PUBLIC_URL: the URL Cloudonix calls back
                  OPBX_LOG_LEVEL      trace, debug, info (default), warn, error; OPBX_LOG_FORMAT: text or json
                  OPBX_METRICS_TOKEN  bearer token of GET /metrics; unset: served to loopback clients only""")
                .toString();
    }

    /** One command's help, for {@code help COMMAND} and {@code COMMAND --help}. */
    public static String usage(Command command) {
        String head = command.synopsis().isEmpty() ? command.name() : command.name() + " " + command.synopsis();
        return wrap("Usage: java -jar opbx.jar ", head, "    ") + "\n" + wrap("", command.summary(), "");
    }

    /** {@code first} then the words of {@code text}, wrapped at {@link #WIDTH}; later lines start with {@code indent}. */
    private static String wrap(String first, String text, String indent) {
        StringBuilder out = new StringBuilder();
        StringBuilder line = new StringBuilder(first);
        boolean empty = true;
        Matcher words = WORD.matcher(text);
        while (words.find()) {
            String word = words.group();
            if (!empty && line.length() + 1 + word.length() > WIDTH) {
                out.append(line).append('\n');
                line = new StringBuilder(indent);
                empty = true;
            }
            line.append(empty ? "" : " ").append(word);
            empty = false;
        }
        return out.append(line).append('\n').toString();
    }
}
