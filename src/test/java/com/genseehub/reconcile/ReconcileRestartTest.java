package com.genseehub.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import com.genseehub.HubApplication;
import com.genseehub.simulator.Pacer;
import com.genseehub.simulator.Simulator;
import com.genseehub.simulator.Step;
import com.genseehub.support.GenseeStandIn;
import com.genseehub.support.HubClient;
import com.genseehub.support.WithoutTestConfigurations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The schedule is in the database: a reconciliation scheduled by one hub (a class stopped) is run by
 * the next hub started on the same database, after the first one stopped before it was due.
 */
class ReconcileRestartTest {

    @TempDir
    Path data;

    @Test
    void aScheduledReconciliationSurvivesARestartOfTheHub() throws Exception {
        String classNo = "RR1";
        try (GenseeStandIn gensee = new GenseeStandIn("hub", "pw", ZoneId.of("Asia/Shanghai"))) {
            Instant stop;
            // the first hub polls once at start, then not for an hour: it stops before the fetch is due
            try (ConfigurableApplicationContext first = startHub(gensee, "1h")) {
                HubClient hub = client(first);
                Simulator simulator = new Simulator(hub.ingress(), "rr", Pacer.sleeping(0));
                assertThat(simulator.send(Step.Call.live(classNo, 101, 1_000_000_101L, 1))).isNull();
                assertThat(simulator.send(Step.Call.live(classNo, 107, 1_000_000_101L, 0))).isNull();
                assertThat(simulator.send(Step.Call.live(classNo, 105, 0, 0))).isNull();
                hub.awaitDispatched();
                stop = Instant.parse(hub.apiJson("/api/sessions/rr/" + classNo).get("stoppedAt").asText());
                gensee.webcast(classNo, List.of(new GenseeStandIn.Stay(1_000_000_101L, "Li", stop.minusSeconds(1), stop)));
                assertThat(hub.apiJson("/api/sessions/rr/" + classNo).get("reconciliation").get("state").asText())
                        .isEqualTo("pending");
            }
            assertThat(gensee.requestsAbout(classNo)).isEmpty();

            try (ConfigurableApplicationContext second = startHub(gensee, "200ms")) {
                HubClient hub = client(second);
                await().atMost(Duration.ofSeconds(30)).until(() -> hub.apiJson("/api/sessions/rr/" + classNo)
                        .get("reconciliation").get("state").asText().equals("done"));
                assertThat(gensee.requestsAbout(classNo)).hasSize(1);
                assertThat(Instant.parse(hub.apiJson("/api/sessions/rr/" + classNo).get("reconciliation")
                        .get("fetchedAt").asText())).isAfterOrEqualTo(stop.plusSeconds(2));
                assertThat(hub.apiItems("/api/sessions/rr/" + classNo + "/attendance").get(0).get("name").asText())
                        .isEqualTo("Li");
            }
        }
    }

    private ConfigurableApplicationContext startHub(GenseeStandIn gensee, String pollInterval) {
        return new SpringApplicationBuilder(HubApplication.class)
                .initializers(context -> context.getBeanFactory().registerSingleton(WithoutTestConfigurations.BEAN,
                        new WithoutTestConfigurations()))
                // as arguments: they must win over application.yaml
                .run(
                        "--server.port=0",
                        "--hub.ingress.port=0",
                        "--spring.datasource.url=jdbc:h2:file:" + data.resolve("hub") + ";DB_CLOSE_ON_EXIT=FALSE",
                        "--hub.api.token=restart-token",
                        "--hub.dispatch.poll-interval=200ms",
                        "--hub.sites.rr.product=webcast",
                        "--hub.sites.rr.gensee-api.base-url=" + gensee.baseUrl(),
                        "--hub.sites.rr.gensee-api.login-name=hub",
                        "--hub.sites.rr.gensee-api.password=pw",
                        "--hub.reconcile.delay=2s",
                        "--hub.reconcile.poll-interval=" + pollInterval);
    }

    private static HubClient client(ConfigurableApplicationContext context) {
        return HubClient.of(context, "restart-token");
    }
}
