package com.genseehub.pages;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.genseehub.support.HubTest;
import com.genseehub.support.MutableClock;
import com.genseehub.support.RunningHubTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/** The roll-call and class-end pages over real HTTP; site "lecture" has a survey URL, "demo" has none. */
@HubTest
@TestPropertySource(properties = "hub.end-page.survey-urls.lecture=https://survey.example.com/after?form=7")
class PagesTest extends RunningHubTest {

    @Autowired
    MutableClock clock;

    @Autowired
    JdbcClient jdbc;



    static String webcast() {
        return "W" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    @Test
    void rollCallShowsAChineseConfirmationAndCountsOneCheckInPerWindow() {
        String w = webcast();
        HttpResponse<String> page = hub.get("/gensee/demo-pages/rollcall?userid=1000000101&webcastid=" + w);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type.toLowerCase()).startsWith("text/html").contains("charset=utf-8"));
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValue(
                "default-src 'none'; style-src 'unsafe-inline'");
        assertThat(page.body()).contains("<h1>签到成功</h1>", "您已完成签到。", "用户 1000000101", w)
                .doesNotContain("<script");

        clock.advance(Duration.ofSeconds(90));   // reload within the 2-minute window: the same check-in
        assertThat(hub.get("/gensee/demo-pages/rollcall?userid=1000000101&webcastid=" + w).statusCode()).isEqualTo(200);
        hub.get("/gensee/demo-pages/rollcall?userid=1000000202&webcastid=" + w);
        clock.advance(Duration.ofSeconds(60));   // 150 s after the first: a new roll call
        hub.get("/gensee/demo-pages/rollcall?userid=1000000101&webcastid=" + w);
        hub.awaitDispatched();

        JsonNode checkIns = hub.apiItems("/api/rollcall?site=demo&webcastId=" + w);
        assertThat(checkIns).hasSize(3);
        assertThat(checkIns.get(0).get("userid").asLong()).isEqualTo(1000000101L);
        assertThat(checkIns.get(0).get("site").asText()).isEqualTo("demo");
        assertThat(checkIns.get(0).get("webcastId").asText()).isEqualTo(w);
        String first = checkIns.get(2).get("checkedInAt").asText();
        assertThat(checkIns.get(1).get("userid").asLong()).isEqualTo(1000000202L);
        assertThat(checkIns.get(2).get("userid").asLong()).isEqualTo(1000000101L);
        assertThat(Duration.between(java.time.Instant.parse(first),
                java.time.Instant.parse(checkIns.get(0).get("checkedInAt").asText()))).hasSeconds(150);
        // every visit is journaled, nothing lost
        assertThat(jdbc.sql("select count(*) from journal_event where kind = 'rollcall' and class_no = ?")
                .param(w).query(Long.class).single()).isEqualTo(4);
    }

    @Test
    void badRollCallRequestsAreRefusedAndQuarantined() {
        assertRefused("/gensee/demo-pages/rollcall?webcastid=W1", "userid is missing");
        assertRefused("/gensee/demo-pages/rollcall?userid=%3Cscript%3Ealert(1)%3C/script%3E&webcastid=W1",
                "userid must be a number");
        assertRefused("/gensee/demo-pages/rollcall?userid=1&webcastid=%3Cimg%20src=x%3E",
                "webcastid must be 1-64 letters, digits, '-' or '_'");
        assertRefused("/gensee/demo-pages/rollcall?userid=1&userid=2&webcastid=W1", "parameter userid is given more than once");
        assertThat(hub.get("/gensee/nope/rollcall?userid=1&webcastid=W1").statusCode()).isEqualTo(404);
    }

    private void assertRefused(String pathAndQuery, String reason) {
        HttpResponse<String> response = hub.get(pathAndQuery);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo(reason);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        JsonNode latest = hub.apiJson("/api/quarantine?limit=1").get("items").get(0);
        assertThat(latest.get("reason").asText()).isEqualTo(reason);
        assertThat(latest.get("query").asText()).isEqualTo(pathAndQuery.substring(pathAndQuery.indexOf('?') + 1));
    }

    @Test
    void theThankYouPageEscapesTheUserName() {
        String w = webcast();
        HttpResponse<String> page = hub.get("/gensee/demo-pages/end?userid=42&confid=" + w
                + "&username=%3Cscript%3Ealert(%27x%27)%3C%2Fscript%3E%22%20onload%3D%22");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<h1>感谢参加</h1>")
                .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot; onload=&quot;，感谢您参加本次课程！")
                .doesNotContain("<script").doesNotContain("\" onload");
        hub.awaitDispatched();
        JsonNode visit = hub.apiJson("/api/events?site=demo&classNo=" + w).get("items").get(0);
        assertThat(visit.get("kind").asText()).isEqualTo("end");
        assertThat(visit.get("operator").asLong()).isEqualTo(42);
        assertThat(visit.get("params").get("username").asText()).isEqualTo("<script>alert('x')</script>\" onload=\"");
    }

    @Test
    void withASurveyUrlTheEndPageRedirectsThereWithTheParametersEncoded() {
        String w = webcast();
        HttpResponse<String> response = hub.get("/gensee/lecture-pages/end?userid=42&confid=" + w + "&username=%E5%BC%A0%E4%B8%89");
        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location")).hasValue(
                "https://survey.example.com/after?form=7&userid=42&confid=" + w + "&username=%E5%BC%A0%E4%B8%89");
    }

    @Test
    void noRequestCanChooseTheRedirectTarget() {
        String w = webcast();
        String[] attempts = {
                "/gensee/lecture-pages/end?userid=1&confid=" + w + "&username=x&redirect=https://evil.example&url=//evil.example&next=/%2F%2Fevil.example",
                "/gensee/lecture-pages/end?userid=1&confid=" + w + "&username=%0D%0ALocation:%20https://evil.example",
                "/gensee/lecture-pages/end?userid=1&confid=" + w + "&username=@evil.example/%2F..",
        };
        for (String attempt : attempts) {
            HttpResponse<String> response = hub.get(attempt);
            assertThat(response.statusCode()).isEqualTo(302);
            String location = response.headers().firstValue("Location").orElseThrow();
            assertThat(URI.create(location).getHost()).isEqualTo("survey.example.com");
            assertThat(location).startsWith("https://survey.example.com/after?form=7&userid=1&confid=" + w + "&username=")
                    .doesNotContain("\r").doesNotContain("\n");
            assertThat(response.headers().allValues("Location")).hasSize(1);
        }
        // an id that is not an id is refused, not passed on
        assertThat(hub.get("/gensee/lecture-pages/end?userid=1&confid=%2F%2Fevil.example&username=x").statusCode())
                .isEqualTo(400);
        // a site without a survey URL never redirects, whatever is asked
        assertThat(hub.get("/gensee/demo-pages/end?userid=1&confid=" + w + "&redirect=https://evil.example").statusCode())
                .isEqualTo(200);
    }

    @Test
    void badEndPageRequestsAreRefused() {
        assertRefused("/gensee/demo-pages/end?confid=W1&username=x", "userid is missing");
        assertRefused("/gensee/demo-pages/end?userid=1&username=x", "confid is missing");
        assertRefused("/gensee/demo-pages/end?userid=1&confid=W1&username=" + "x".repeat(101),
                "username is longer than 100 characters");
    }
}
