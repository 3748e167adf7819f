package opbx.openapi;

import static io.javalin.apibuilder.ApiBuilder.get;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import opbx.http.Feature;

/**
 * {@code GET /api/openapi.json}, the OpenAPI 3.1 document of the whole API kept in
 * {@code src/main/resources/openapi/openapi.json}, and {@code GET /api/docs}, the Swagger UI page that renders it
 * offline. No authentication: neither is under {@code /api/v1}, and the document holds no secret.
 */
public final class OpenApiHandler implements Feature {

    /** Where the document lives on the classpath. */
    public static final String DOCUMENT = "/openapi/openapi.json";

    private final byte[] document;
    private final String page;

    public OpenApiHandler() {
        this.document = read(DOCUMENT);
        this.page = SwaggerUi.page("/api/openapi.json");
    }

    @Override
    public void routes() {
        get("openapi.json", this::document);
        get("docs", this::page);
    }

    private void document(Context ctx) {
        ctx.contentType("application/json; charset=utf-8").result(document);
    }

    private void page(Context ctx) {
        ctx.html(page);
    }

    /** The bytes of a classpath resource; a jar built without it fails at start, not on the first request. */
    static byte[] read(String resource) {
        try (InputStream in = OpenApiHandler.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the classpath: rebuild the jar (mvn package)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
