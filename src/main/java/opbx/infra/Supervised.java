package opbx.infra;

/** An embedded store the jar runs itself and starts again when it dies ({@link StoreSupervisor}). */
public interface Supervised {

    /** {@code postgres} or {@code redis}: the name in logs and in {@code opbx_embedded_store_restarts_total}. */
    String name();

    /** Whether its process is running. */
    boolean alive();

    /** Starts it again on the same data, port and password; throws when it cannot (the supervisor tries again). */
    void restart();
}
