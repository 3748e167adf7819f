package opbx.config;

/** A configuration value that stops the start. The message names the variable and the fix, never a secret value. */
public final class ConfigException extends RuntimeException {

    public ConfigException(String variable, String problemAndFix) {
        super(variable + ": " + problemAndFix);
    }
}
