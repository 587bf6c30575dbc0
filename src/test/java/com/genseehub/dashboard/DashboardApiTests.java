package com.genseehub.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.genseehub.simulator.Simulator;
import com.genseehub.simulator.Step;
import com.genseehub.support.HubTest;
import com.genseehub.support.MutableClock;
import com.genseehub.support.RunningHubTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The read API the dashboard adds: sites, online curve, timeline, ended classes, VOD listing. Run
 * once per database (H2 and PostgreSQL subclasses), since the summaries are SQL.
 */
abstract class DashboardApiTests extends RunningHubTest {

    @Autowired
    MutableClock clock;



    @Test
    void sitesAreListedAsConfigured() {
        JsonNode sites = hub.apiJson("/api/sites");
        Map<String, JsonNode> byKey = new LinkedHashMap<>();
        sites.forEach(site -> byKey.put(site.get("key").asText(), site));
        assertThat(byKey).containsKeys("demo", "small", "lecture");
        assertThat(byKey.get("demo").get("product").asText()).isEqualTo("webcast");
        assertThat(byKey.get("demo").get("classType").isNull()).isTrue();
        assertThat(byKey.get("small").get("product").asText()).isEqualTo("training");
        assertThat(byKey.get("small").get("classType").asText()).isEqualTo("small-class");
    }

    @Test
    void onlineCurveAndTimelineFollowTheJournalOfTheClass() {
        String classNo = "D" + UUID.randomUUID().toString().substring(0, 8);
        Instant t0 = clock.instant();
        live(classNo, 102, 0, 1);
        pass(30);
        live(classNo, 103, 0, 1);
        live(classNo, 101, 1_000_000_101L, 2);
        pass(60);
        live(classNo, 104, 0, 2);
        pass(60);
        live(classNo, 103, 0, 2);
        live(classNo, 110, 1_000_000_101L, 1);
        live("other" + classNo, 101, 1_000_000_102L, 7);
        pass(10);
        live(classNo, 106, 0, 1);
        live(classNo, 105, 0, 0);
        hub.awaitDispatched();

        JsonNode online = hub.apiJson("/api/sessions/demo/" + classNo + "/online");
        assertThat(online).extracting(p -> p.get("totalUsers").asInt()).containsExactly(1, 1, 2, 2, 2, 1, 1, 0);
        assertThat(online).extracting(p -> p.get("action").asInt())
                .containsExactly(102, 103, 101, 104, 103, 110, 106, 105);
        assertThat(online.get(3).get("at").asText()).isEqualTo(t0.plusSeconds(90).toString());

        JsonNode timeline = hub.apiJson("/api/sessions/demo/" + classNo + "/timeline");
        assertThat(timeline).extracting(e -> e.get("label").asText())
                .containsExactly("created", "started", "paused", "resumed", "recording", "stopped");
        assertThat(timeline.get(3).get("at").asText()).isEqualTo(t0.plusSeconds(150).toString());

        assertThat(hub.apiJson("/api/sessions/demo/nosuchclass/online")).isEmpty();
    }

    @Test
    void endedClassesSinceAnInstantCountAttendeesAndAbnormalExits() {
        String classNo = "E" + UUID.randomUUID().toString().substring(0, 8);
        Instant since = clock.instant();
        live(classNo, 103, 0, 0);
        live(classNo, 101, 1_000_000_101L, 1);
        live(classNo, 101, 1_000_000_102L, 2);
        pass(5);
        live(classNo, 110, 1_000_000_101L, 1);
        live(classNo, 101, 1_000_000_101L, 2);
        live(classNo, 110, 1_000_000_101L, 1);
        live(classNo, 105, 0, 0);
        hub.awaitDispatched();

        JsonNode ended = find(hub.apiItems("/api/sessions/ended?site=demo&since=" + since), classNo);
        assertThat(ended.get("attendees").asLong()).isEqualTo(2);
        assertThat(ended.get("abnormalExits").asLong()).isEqualTo(2);
        assertThat(ended.get("stoppedAt").asText()).isEqualTo(since.plusSeconds(5).toString());

        String later = since.plusSeconds(6).toString();
        assertThat(find(hub.apiItems("/api/sessions/ended?since=" + later), classNo)).isNull();
        assertThat(hub.api("GET", "/api/sessions/ended?since=yesterday", null).statusCode()).isEqualTo(400);
    }

    @Test
    void vodListingSumsViewersViewsAndWatchTimePerCourseware() {
        String courseware = "V" + UUID.randomUUID().toString().substring(0, 8);
        vod(courseware, 111, 1_000_000_101L);
        vod(courseware, 111, 1_000_000_102L);
        pass(100);
        vod(courseware, 112, 1_000_000_101L);
        vod(courseware, 111, 1_000_000_101L);
        pass(20);
        vod(courseware, 112, 1_000_000_101L);
        hub.awaitDispatched();

        JsonNode row = find(hub.apiItems("/api/vod?site=demo"), courseware);
        assertThat(row.get("viewers").asLong()).isEqualTo(2);
        assertThat(row.get("views").asLong()).isEqualTo(3);
        assertThat(row.get("seconds").asLong()).isEqualTo(120);
        assertThat(row.get("watching").asLong()).isEqualTo(1);
        assertThat(find(hub.apiItems("/api/vod?site=small"), courseware)).isNull();
    }

    @Test
    void theDashboardPageIsServedWithoutATokenAndTheApiStillNeedsOne() {
        var page = hub.get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("dashboard.js").contains("webjars/chart.js/4.4.1/dist/chart.umd.js");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElse("")).contains("script-src 'self'");
        var chart = hub.get("/webjars/chart.js/4.4.1/dist/chart.umd.js");
        assertThat(chart.statusCode()).isEqualTo(200);
        assertThat(chart.body()).contains("Chart");
        assertThat(hub.get("/api/sites").statusCode()).isEqualTo(401);
    }

    private static JsonNode find(JsonNode rows, String classNo) {
        for (JsonNode row : rows) {
            if (row.get("classNo").asText().equals(classNo)) {
                return row;
            }
        }
        return null;
    }

    private void live(String classNo, int action, long operator, int total) {
        send("live", classNo, action, operator, total);
    }

    private void vod(String classNo, int action, long operator) {
        send("vod", classNo, action, operator, 1);
    }

    private void send(String endpoint, String classNo, int action, long operator, int total) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("ClassNo", classNo);
        params.put("Operator", Long.toString(operator));
        params.put("Action", Integer.toString(action));
        params.put("totalusernum", Integer.toString(total));
        assertThat(new Simulator(hub.ingress(), "demo", clock::advance).send(new Step.Call(endpoint, params))).isNull();
    }

    private void pass(long seconds) {
        clock.advance(Duration.ofSeconds(seconds));
    }
}
