package opbx.openapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import opbx.support.HttpTestClient.Response;
import opbx.support.TestApp;
import org.junit.jupiter.api.Test;

/** {@code /api/docs} renders from this server alone: the page, the viewer's files it loads, and the document. */
class DocsPageTest {

    private final TestApp app = TestApp.shared();

    @Test
    void the_docs_page_is_html_pointing_at_the_document_and_loading_nothing_from_elsewhere() {
        Response page = app.http().get("/api/docs");

        assertEquals(200, page.status());
        assertTrue(page.header("Content-Type").startsWith("text/html"), page.header("Content-Type"));
        assertTrue(page.body().contains("SwaggerUIBundle("), page.body());
        assertTrue(page.body().contains("\"/api/openapi.json\""), page.body());
        assertFalse(page.body().matches("(?s).*(https?:)?//[a-z].*"), "no absolute URL: " + page.body());
    }

    @Test
    void every_script_stylesheet_and_icon_of_the_page_answers_from_the_server() {
        String page = app.http().get("/api/docs").body();
        Matcher links = Pattern.compile("(?:src|href)=\"([^\"]+)\"").matcher(page);
        List<String> assets = new ArrayList<>();
        while (links.find()) {
            assets.add(links.group(1));
        }
        assertTrue(assets.size() >= 3, "assets: " + assets);

        Map<String, String> types = Map.of(".js", "javascript", ".css", "text/css", ".png", "image/png");
        List<String> wrong = new ArrayList<>();
        for (String asset : assets) {
            Response response = app.http().get(asset);
            String type = String.valueOf(response.header("Content-Type"));
            String expected = types.get(asset.substring(asset.lastIndexOf('.')));
            if (response.status() != 200 || expected == null || !type.contains(expected) || response.body().isEmpty()) {
                wrong.add(asset + " -> " + response.status() + " " + type);
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void only_the_files_the_page_loads_are_served_from_the_viewer_jar() {
        assertEquals(200, app.http().get(SwaggerUi.ASSETS + "/swagger-ui-bundle.js").status());
        // The webjar's own index.html and initializer would load the Petstore example from the internet.
        assertEquals(404, app.http().get(SwaggerUi.ASSETS + "/index.html").status());
        assertEquals(404, app.http().get(SwaggerUi.ASSETS + "/swagger-initializer.js").status());
        assertEquals(404, app.http().get(SwaggerUi.ASSETS + "/../../../META-INF/MANIFEST.MF").status());
    }
}
