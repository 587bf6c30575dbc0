package com.genseehub.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.genseehub.support.HubTest;
import com.genseehub.support.MutableClock;
import com.genseehub.support.RunningHubTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Third-party join authentication: tokens minted through the API pass exactly once at the auth URL. */
@HubTest
class JoinAuthTest extends RunningHubTest {

    @Autowired
    MutableClock clock;

    final ObjectMapper json = new ObjectMapper();
    final HttpClient http = HttpClient.newHttpClient();


    JsonNode mint(String body) throws Exception {
        HttpResponse<String> response = hub.api("POST", "/api/auth/tokens", body);
        assertThat(response.statusCode()).isEqualTo(201);
        return json.readTree(response.body());
    }

    String auth(String site, String query) {
        HttpResponse<String> response = hub.get("/gensee/" + site + "/auth?" + query);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        return response.body();
    }

    @Test
    void aTokenPassesExactlyOnce() throws Exception {
        JsonNode token = mint("{\"uid\": 1000000101}");
        assertThat(token.get("uid").asLong()).isEqualTo(1000000101L);
        assertThat(Instant.parse(token.get("expiresAt").asText())).isEqualTo(clock.instant().plus(Duration.ofMinutes(5)));
        assertThat(token.get("joinSuffix").asText()).isEqualTo("k=" + token.get("token").asText() + "&uid=1000000101");

        assertThat(auth("demo", token.get("joinSuffix").asText())).isEqualTo("pass");
        assertThat(auth("demo", token.get("joinSuffix").asText())).isEqualTo("fail");
    }

    @Test
    void anExpiredTokenFails() throws Exception {
        JsonNode token = mint("{\"uid\": 7}");
        clock.advance(Duration.ofMinutes(5).plusSeconds(1));
        assertThat(auth("demo", token.get("joinSuffix").asText())).isEqualTo("fail");
    }

    @Test
    void aTokenStillValidJustBeforeExpiryPasses() throws Exception {
        JsonNode token = mint("{\"uid\": 8}");
        clock.advance(Duration.ofMinutes(4).plusSeconds(59));
        assertThat(auth("demo", "k=" + token.get("token").asText())).isEqualTo("pass");
    }

    @Test
    void aWrongUidFailsAndDoesNotUseTheTokenUp() throws Exception {
        JsonNode token = mint("{\"uid\": 1000000101}");
        String k = token.get("token").asText();
        assertThat(auth("demo", "k=" + k + "&uid=1000000102")).isEqualTo("fail");
        assertThat(auth("demo", "k=" + k + "&uid=abc")).isEqualTo("fail");
        assertThat(auth("demo", "k=" + k + "&uid=1000000101")).isEqualTo("pass");
    }

    @Test
    void aTokenBoundToASiteFailsElsewhere() throws Exception {
        JsonNode token = mint("{\"uid\": 5, \"site\": \"lecture\"}");
        assertThat(auth("demo", token.get("joinSuffix").asText())).isEqualTo("fail");
        assertThat(auth("lecture", token.get("joinSuffix").asText())).isEqualTo("pass");
    }

    @Test
    void gibberishFails() {
        assertThat(auth("demo", "")).isEqualTo("fail");
        assertThat(auth("demo", "k=")).isEqualTo("fail");
        assertThat(auth("demo", "k=not-a-token-anyone-minted")).isEqualTo("fail");
        assertThat(auth("demo", "k=%27%20or%201%3D1--")).isEqualTo("fail");
        assertThat(auth("demo", "k=a&k=b")).isEqualTo("fail");
        assertThat(hub.get("/gensee/nope/auth?k=x").statusCode()).isEqualTo(404);
    }

    @Test
    void gensee_may_post_the_token_as_form_fields() throws Exception {
        JsonNode token = mint("{\"uid\": 99}");
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + ingressPort + "/gensee/demo/auth"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(token.get("joinSuffix").asText())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("pass");
    }

    @Test
    void mintingNeedsTheApiTokenAndAUid() throws Exception {
        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/auth/tokens"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"uid\": 1}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(hub.api("POST", "/api/auth/tokens", "{}").statusCode()).isEqualTo(400);
        assertThat(hub.api("POST", "/api/auth/tokens", "{\"uid\": -1}").statusCode()).isEqualTo(400);
        assertThat(hub.api("POST", "/api/auth/tokens", "{\"uid\": 1, \"site\": \"nope\"}").statusCode()).isEqualTo(404);
    }
}
