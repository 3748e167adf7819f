package opbx.cli;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code --name value} options and {@code --flag} switches of one CLI command; anything unknown is a usage error. */
final class Options {

    private final Map<String, String> values = new HashMap<>();

    private Options() {
    }

    static Options parse(List<String> args, Set<String> valued, Set<String> flags) {
        Options options = new Options();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String name = arg.startsWith("--") ? arg.substring(2) : null;
            if (name != null && flags.contains(name)) {
                options.values.put(name, "true");
            } else if (name != null && valued.contains(name) && i + 1 < args.size()) {
                options.values.put(name, args.get(++i));
            } else {
                throw CliException.usage("unknown or incomplete option '" + arg + "'");
            }
        }
        return options;
    }

    String required(String name) {
        String value = values.get(name);
        if (value == null || value.isBlank()) {
            throw CliException.usage("--" + name + " is required");
        }
        return value.trim();
    }

    String optional(String name) {
        String value = values.get(name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    boolean flag(String name) {
        return values.containsKey(name);
    }
}
