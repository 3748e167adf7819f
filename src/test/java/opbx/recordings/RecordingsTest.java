package opbx.recordings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import opbx.support.HttpTestClient;
import opbx.support.HttpTestClient.Response;
import opbx.support.Identity;
import opbx.support.Identity.Member;
import opbx.support.Identity.Team;
import opbx.support.TestApp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Recordings are out of scope (control-plane spec §3.16): the routes exist so the SPA's pages load. */
class RecordingsTest {

    private static final String PATH = "/api/v1/recordings";
    private static final String EMPTY_ENVELOPE =
            "{\"data\":[],\"meta\":{\"current_page\":1,\"per_page\":20,\"total\":0,\"last_page\":1,\"from\":null,\"to\":null}}";

    private static final TestApp app = TestApp.shared();
    private static Team team;

    @BeforeAll
    static void team() {
        team = Identity.team(app, "Recordings Org");
    }

    @Test
    void the_list_is_the_empty_envelope_for_every_role_whatever_the_parameters() throws Exception {
        JsonNode expected = new ObjectMapper().readTree(EMPTY_ENVELOPE);
        for (Member member : members()) {
            for (String query : List.of("", "?type=&status=", "?page=3&per_page=100&search=x&sort=name&order=desc")) {
                Response response = member.http().get(PATH + query);
                assertEquals(200, response.status(), member.role() + query + ": " + response.body());
                assertEquals(expected, response.json(), member.role() + query);
            }
        }
    }

    @Test
    void a_single_recording_and_both_downloads_are_404_for_every_role() {
        List<String> failures = new ArrayList<>();
        for (Member member : members()) {
            for (String path : List.of(PATH + "/1", PATH + "/1/download", PATH + "/download", PATH + "/abc")) {
                Response response = member.http().get(path);
                if (response.status() != 404 || !"NOT_FOUND".equals(response.json().path("error").path("code").asText())) {
                    failures.add(member.role() + " GET " + path + " -> " + response.status() + " " + response.body());
                }
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    @Test
    void writes_are_501_for_owner_and_pbx_admin() {
        for (Member member : List.of(team.owner(), team.admin())) {
            for (Response response : writes(member.http())) {
                assertEquals(501, response.status(), member.role() + ": " + response.body());
                assertEquals("NOT_IMPLEMENTED", response.json().path("error").path("code").asText());
                assertEquals("Recordings are not available in this version.", response.json().path("message").asText());
            }
        }
    }

    @Test
    void writes_are_403_for_pbx_user_and_reporter() {
        for (Member member : List.of(team.user(), team.reporter())) {
            for (Response response : writes(member.http())) {
                assertEquals(403, response.status(), member.role() + ": " + response.body());
                assertEquals("FORBIDDEN", response.json().path("error").path("code").asText());
            }
        }
    }

    @Test
    void an_upload_is_answered_501_without_its_multipart_body_being_read() {
        String boundary = "----opbx";
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.wav\"\r\n"
                + "Content-Type: audio/wav\r\n\r\nRIFF....\r\n--" + boundary + "--\r\n";

        Response response = team.owner().http().send("POST", PATH, body, "multipart/form-data; boundary=" + boundary,
                Map.of());

        assertEquals(501, response.status(), response.body());
        assertEquals("NOT_IMPLEMENTED", response.json().path("error").path("code").asText());
    }

    @Test
    void without_a_token_every_route_is_401() {
        assertEquals(401, app.http().get(PATH).status());
        assertEquals(401, app.http().postJson(PATH, "{}").status());
        assertEquals(401, app.http().get(PATH + "/1").status());
    }

    private static List<Member> members() {
        return List.of(team.owner(), team.admin(), team.user(), team.reporter());
    }

    private static List<Response> writes(HttpTestClient http) {
        return List.of(
                http.postJson(PATH, "{\"name\":\"x\"}"),
                http.put(PATH + "/1", "{\"name\":\"x\"}"),
                http.send("PATCH", PATH + "/1", "not even json", "application/json", Map.of()),
                http.delete(PATH + "/1"));
    }
}
