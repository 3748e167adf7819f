package opbx.http;

/**
 * A feature's routes (style: "each feature registers its own routes"). {@link #routes()} is called inside
 * {@code path("api", ...)} of Javalin's ApiBuilder, so a feature declares paths relative to {@code /api}.
 */
@FunctionalInterface
public interface Feature {

    void routes();
}
