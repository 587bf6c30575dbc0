package com.genseehub.cobrowse;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.genseehub.support.HubTest;
import com.genseehub.support.RunningHubTest;
import org.junit.jupiter.api.Test;

/** Co-browse links: the Gensee endpoint (room list, default fallback), the admin API and the yaml seed. */
@HubTest
class CoBrowseTest extends RunningHubTest {

    final ObjectMapper json = new ObjectMapper();


    JsonNode gensee(String roomId) throws Exception {
        HttpResponse<String> response = hub.get("/gensee/demo-pages/cobrowse?roomid=" + roomId);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("").toLowerCase())
                .startsWith("application/json").contains("charset=utf-8");
        return json.readTree(response.body());
    }

    @Test
    void aRoomWithoutLinksGetsTheSeededDefaultListAsNameUrlObjects() throws Exception {
        JsonNode links = gensee("room-without-links");
        assertThat(links.isArray()).isTrue();
        assertThat(links).hasSize(2);
        assertThat(links.get(0).get("name").asText()).isEqualTo("课程主页");
        assertThat(links.get(0).get("url").asText()).isEqualTo("https://example.com/course");
        assertThat(links.get(1).get("name").asText()).isEqualTo("课后测验");
        assertThat(links.get(0).size()).isEqualTo(2);
        assertThat(hub.apiJson("/api/cobrowse/demo/_default")).hasSize(2);
    }

    @Test
    void aRoomsOwnLinksAreServedUntilTheyAreDeleted() throws Exception {
        HttpResponse<String> put = hub.api("PUT", "/api/cobrowse/demo/hj34hjlh5j23kl5h34lh52l",
                "[{\"name\":\"第一次作业\",\"url\":\"https://school.example/hw?id=1\"},"
                        + "{\"name\":\"<b>Quiz</b>\",\"url\":\"http://school.example/quiz\"}]");
        assertThat(put.statusCode()).isEqualTo(200);
        JsonNode links = gensee("hj34hjlh5j23kl5h34lh52l");
        assertThat(links).hasSize(2);
        assertThat(links.get(0).get("name").asText()).isEqualTo("第一次作业");
        assertThat(links.get(1).get("name").asText()).isEqualTo("<b>Quiz</b>");
        assertThat(hub.apiJson("/api/cobrowse/demo/hj34hjlh5j23kl5h34lh52l").get(1).get("url").asText())
                .isEqualTo("http://school.example/quiz");

        // replacing keeps only the new list, in its order
        hub.api("PUT", "/api/cobrowse/demo/hj34hjlh5j23kl5h34lh52l", "[{\"name\":\"B\",\"url\":\"https://b.example/\"}]");
        assertThat(gensee("hj34hjlh5j23kl5h34lh52l")).extracting(l -> l.get("name").asText()).containsExactly("B");

        assertThat(hub.api("DELETE", "/api/cobrowse/demo/hj34hjlh5j23kl5h34lh52l", null).statusCode()).isEqualTo(204);
        assertThat(hub.api("DELETE", "/api/cobrowse/demo/hj34hjlh5j23kl5h34lh52l", null).statusCode()).isEqualTo(404);
        assertThat(gensee("hj34hjlh5j23kl5h34lh52l")).extracting(l -> l.get("name").asText())
                .containsExactly("课程主页", "课后测验");
    }

    @Test
    void withNoListAtAllTheAnswerIsAnEmptyArray() throws Exception {
        JsonNode saved = hub.apiJson("/api/cobrowse/demo/_default");
        try {
            assertThat(hub.api("DELETE", "/api/cobrowse/demo/_default", null).statusCode()).isEqualTo(204);
            assertThat(gensee("any-room")).isEmpty();
        } finally {
            hub.api("PUT", "/api/cobrowse/demo/_default", saved.toString());
        }
    }

    @Test
    void aMissingOrBadRoomIdIsRefusedAndQuarantined() {
        HttpResponse<String> missing = hub.get("/gensee/demo-pages/cobrowse");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(missing.body()).isEqualTo("roomid is missing");
        assertThat(hub.apiJson("/api/quarantine?limit=1").get("items").get(0).get("reason").asText())
                .isEqualTo("roomid is missing");
        assertThat(hub.get("/gensee/demo-pages/cobrowse?roomid=").statusCode()).isEqualTo(400);
        assertThat(hub.get("/gensee/demo-pages/cobrowse?roomid=a%22b").body())
                .isEqualTo("roomid must be 1-100 letters, digits, '-' or '_'");
        assertThat(hub.get("/gensee/nope/cobrowse?roomid=r").statusCode()).isEqualTo(404);
    }

    @Test
    void linksThatCouldRunScriptOrAreIncompleteAreNotStored() {
        String[] bad = {
                "[{\"name\":\"x\",\"url\":\"javascript:alert(1)\"}]",
                "[{\"name\":\"x\",\"url\":\"data:text/html,<script>alert(1)</script>\"}]",
                "[{\"name\":\"x\",\"url\":\"//evil.example/\"}]",
                "[{\"name\":\"\",\"url\":\"https://a.example/\"}]",
                "[{\"url\":\"https://a.example/\"}]",
                "[{\"name\":\"x\"}]",
        };
        for (String body : bad) {
            HttpResponse<String> response = hub.api("PUT", "/api/cobrowse/demo/badroom", body);
            assertThat(response.statusCode()).as(body).isEqualTo(400);
            assertThat(response.body()).contains("\"error\"");
        }
        assertThat(hub.apiJson("/api/cobrowse/demo/badroom")).isEmpty();
        assertThat(hub.api("PUT", "/api/cobrowse/nope/r1", "[]").statusCode()).isEqualTo(400);
        assertThat(hub.api("PUT", "/api/cobrowse/demo/bad%20room", "[]").statusCode()).isEqualTo(400);
    }

    @Test
    void theAdminApiNeedsTheToken() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/cobrowse/demo/_default"))
                .method("DELETE", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(hub.apiJson("/api/cobrowse/demo/_default")).hasSize(2);
    }
}
