package com.genseehub.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.genseehub.support.HubTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Every /api call needs the bearer token. */
@HubTest
class ApiTokenTest {

    @LocalServerPort
    int port;

    @ParameterizedTest
    @ValueSource(strings = {"/api/sessions", "/api/events", "/api/quarantine", "/api/status",
            "/api/sessions/demo/X/attendance", "/api/vod/demo/X/views"})
    void withoutTheRightTokenEveryCallIs401(String path) throws Exception {
        assertThat(get(path, null).statusCode()).isEqualTo(401);
        assertThat(get(path, "Bearer wrong-token").statusCode()).isEqualTo(401);
        assertThat(get(path, "Basic " + HubTest.TOKEN).statusCode()).isEqualTo(401);
        HttpResponse<String> denied = get(path, "Bearer " + HubTest.TOKEN + "x");
        assertThat(denied.statusCode()).isEqualTo(401);
        assertThat(denied.body()).isEqualTo("{\"error\":\"missing or invalid bearer token\"}");
        assertThat(get(path, "Bearer " + HubTest.TOKEN).statusCode()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/admin/rebuild"})
    void adminCallsNeedTheTokenToo(String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + path)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(401);
    }

    private HttpResponse<String> get(String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
