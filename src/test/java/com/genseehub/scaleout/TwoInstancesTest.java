package com.genseehub.scaleout;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.genseehub.HubApplication;
import com.genseehub.simulator.ClassScenario;
import com.genseehub.simulator.Expected;
import com.genseehub.simulator.Script;
import com.genseehub.simulator.Simulator;
import com.genseehub.support.HubClient;
import com.genseehub.support.MutableClock;
import com.genseehub.support.PostgresTestDatabase;
import org.awaitility.Awaitility;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two hub instances on one PostgreSQL schema, fed round robin: the attendance they produce
 * together is exactly what the class really did (what one instance produces), and no journaled
 * event is applied twice.
 */
class TwoInstancesTest {

    private static final String SCHEMA = "hub_scaleout";
    private static final String TOKEN = "scale-out-token";
    private static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-03-03T09:00:00Z"));
    private static ConfigurableApplicationContext first;
    private static ConfigurableApplicationContext second;

    @BeforeAll
    static void startTwoInstances() {
        String url = PostgresTestDatabase.URL + "?currentSchema=" + SCHEMA;
        Flyway.configure().dataSource(url, "postgres", "").schemas(SCHEMA).cleanDisabled(false).load().clean();
        first = start(url);
        second = start(url);
    }

    private static ConfigurableApplicationContext start(String url) {
        return new SpringApplicationBuilder(HubApplication.class)
                .profiles("postgres")
                .initializers(context -> context.getBeanFactory().registerSingleton("clock", CLOCK))
                // command-line arguments: they win over application.yaml, as for a user
                .run("--server.port=0", "--hub.ingress.port=0", "--spring.datasource.url=" + url, "--spring.datasource.username=postgres",
                        "--spring.datasource.password=", "--spring.flyway.schemas=" + SCHEMA,
                        "--hub.api.token=" + TOKEN, "--hub.dispatch.poll-interval=100ms");
    }

    @AfterAll
    static void stop() {
        if (second != null) {
            second.close();
        }
        if (first != null) {
            first.close();
        }
    }

    @Test
    void twoInstancesTogetherCountExactlyWhatHappened() {
        HubClient one = HubClient.of(first, TOKEN);
        HubClient two = HubClient.of(second, TOKEN);
        Script script = ClassScenario.webcast("SCALE1").attendees(40).abnormalExits(5).missingLeaves(3)
                .duplicateJoins(4).earlyWebUsers(2).recordings(2).vodViewers(6).lateVodEnds(2).seed(99).build();

        Simulator roundRobin = new Simulator(List.of(one.ingress(), two.ingress()), "demo", CLOCK::advance);
        Simulator.Report report = roundRobin.play(script);
        assertThat(report.failures()).isEmpty();
        one.awaitDispatched();
        two.awaitDispatched();

        Expected expected = script.expected();
        for (HubClient hub : List.of(one, two)) {
            JsonNode session = hub.apiJson("/api/sessions/demo/SCALE1");
            assertThat(session.get("state").asText()).isEqualTo("STOPPED");
            assertThat(session.get("recordings").asInt()).isEqualTo(expected.recordings());
            assertThat(session.get("peakUsers").asInt()).isEqualTo(expected.peakUsers());
            Map<Long, JsonNode> rows = new HashMap<>();
            hub.apiItems("/api/sessions/demo/SCALE1/attendance").forEach(r -> rows.put(r.get("operator").asLong(), r));
            assertThat(rows.keySet()).containsExactlyInAnyOrderElementsOf(expected.attendance().keySet());
            expected.attendance().forEach((operator, truth) -> {
                JsonNode row = rows.get(operator);
                assertThat(row.get("joins").asInt()).isEqualTo(truth.joins());
                assertThat(row.get("repeatedJoins").asInt()).isEqualTo(truth.repeatedJoins());
                assertThat(row.get("abnormalExits").asInt()).isEqualTo(truth.abnormalExits());
                assertThat(row.get("closedByStop").asInt()).isEqualTo(truth.closedByStop());
                assertThat(row.get("orphanLeaves").asInt()).isEqualTo(truth.orphanLeaves());
                assertThat(row.get("seconds").asLong()).isEqualTo(truth.seconds());
            });
            Map<Long, JsonNode> views = new HashMap<>();
            hub.apiItems("/api/vod/demo/" + expected.vodClassNo() + "/views")
                    .forEach(r -> views.put(r.get("operator").asLong(), r));
            expected.views().forEach((operator, truth) -> {
                assertThat(views.get(operator).get("views").asInt()).isEqualTo(truth.views());
                assertThat(views.get(operator).get("seconds").asLong()).isEqualTo(truth.seconds());
            });
        }
        // both instances really took callbacks; the class's summary (due 2 minutes after its stop, which
        // the simulated VOD viewing afterwards passed) is journaled once, by one of them
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> summaries(one, "SCALE1") == 1);
        assertThat(summaries(two, "SCALE1")).isEqualTo(1);
        assertThat(one.apiJson("/api/status").get("journalEvents").asLong()).isEqualTo(script.callCount() + 1);
    }

    private static long summaries(HubClient hub, String classNo) {
        long summaries = 0;
        for (JsonNode event : hub.apiJson("/api/events?limit=1000&site=demo&classNo=" + classNo).get("items")) {
            summaries += event.get("kind").asText().equals("summary") ? 1 : 0;
        }
        return summaries;
    }
}
