package opbx.openapi;

import io.javalin.config.StaticFilesConfig;
import io.javalin.http.staticfiles.Location;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;

/**
 * The Swagger UI viewer of {@code /api/docs}, served from the {@code org.webjars:swagger-ui} jar on the classpath, so
 * the page works without internet access. Only the files the page loads are served, under {@code /api/docs/assets/}.
 */
public final class SwaggerUi {

    /** Where the page finds the viewer's files. */
    public static final String ASSETS = "/api/docs/assets";

    private static final Set<String> FILES = Set.of("swagger-ui.css", "swagger-ui-bundle.js", "favicon-32x32.png");

    private SwaggerUi() {
    }

    /**
     * Registers the viewer's files as static files of the app (they are not routes of the router). The three files are
     * copied out of the webjar into a folder of their own at start: served straight from the classpath, Jetty would
     * open the whole (120 MB) jar as a zip file system first, a third of a second of every start.
     */
    public static void serveAssets(StaticFilesConfig staticFiles) {
        Path directory = extract("/META-INF/resources/webjars/swagger-ui/" + version());
        staticFiles.add(files -> {
            files.hostedPath = ASSETS;
            files.directory = directory.toString();
            files.location = Location.EXTERNAL;
            files.skipFileFunction = request -> !FILES.contains(fileName(request.getRequestURI()));
        });
    }

    private static Path extract(String resources) {
        try {
            Path directory = Files.createTempDirectory("opbx-swagger-ui-");
            directory.toFile().deleteOnExit();
            for (String file : FILES) {
                Path target = directory.resolve(file);
                Files.write(target, OpenApiHandler.read(resources + "/" + file));
                target.toFile().deleteOnExit();
            }
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException("the API viewer's files could not be copied out: " + e.getMessage(), e);
        }
    }

    /** The HTML page showing the document at {@code documentUrl}: the viewer without its top bar (no URL to change). */
    static String page(String documentUrl) {
        return """
                <!DOCTYPE html>
                <html lang="en">
                <head>
                  <meta charset="UTF-8">
                  <title>OpBX API reference</title>
                  <link rel="stylesheet" href="%1$s/swagger-ui.css">
                  <link rel="icon" type="image/png" href="%1$s/favicon-32x32.png" sizes="32x32">
                  <style>body { margin: 0; }</style>
                </head>
                <body>
                  <div id="swagger-ui"></div>
                  <script src="%1$s/swagger-ui-bundle.js"></script>
                  <script>
                    window.ui = SwaggerUIBundle({
                      url: "%2$s",
                      dom_id: "#swagger-ui",
                      deepLinking: true,
                      validatorUrl: null,
                      presets: [SwaggerUIBundle.presets.apis],
                      layout: "BaseLayout"
                    });
                  </script>
                </body>
                </html>
                """.formatted(ASSETS, documentUrl);
    }

    /** The webjar's version, from its Maven metadata: the pom names it once. */
    static String version() {
        Properties properties = new Properties();
        try {
            properties.load(new ByteArrayInputStream(
                    OpenApiHandler.read("/META-INF/maven/org.webjars/swagger-ui/pom.properties")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.getProperty("version");
    }

    private static String fileName(String uri) {
        return uri.substring(uri.lastIndexOf('/') + 1);
    }
}
