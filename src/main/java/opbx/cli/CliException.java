package opbx.cli;

/** A CLI failure with its exit code (control-plane spec §2.4): 2 usage, 3 validation, 1 anything else. */
public final class CliException extends RuntimeException {

    public static final int USAGE = 2;
    public static final int VALIDATION = 3;

    private final int exitCode;

    public CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public static CliException usage(String message) {
        return new CliException(USAGE, message);
    }

    /** A bad value; the message starts with the field it names. */
    public static CliException invalid(String field, String message) {
        return new CliException(VALIDATION, field + ": " + message);
    }

    public int exitCode() {
        return exitCode;
    }
}
