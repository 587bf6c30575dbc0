package com.genseehub.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.genseehub.HubApplication;
import com.genseehub.support.HubClient;
import com.genseehub.support.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.type.classreading.MetadataReader;
import org.springframework.core.type.classreading.MetadataReaderFactory;

/**
 * A summary that is due is kept in the database: a class stopped just before the hub stopped gets its
 * summary from the next hub started on the same database, once the delay has passed. Two hubs (Spring
 * contexts) one after the other on one H2 file, sharing a clock the test moves.
 */
class ClassSummaryRestartTest {

    @TempDir
    java.nio.file.Path data;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T08:00:00Z"));

    @Test
    void aSummaryDueWhenTheHubStoppedIsJournaledByTheNextHub() {
        String classNo = "RS1";
        try (ConfigurableApplicationContext first = startHub()) {
            HubClient hub = client(first);
            live(hub, classNo, 103, 0);
            live(hub, classNo, 101, 1_000_000_101L);
            clock.advance(Duration.ofMinutes(20));
            live(hub, classNo, 105, 0);
            hub.awaitDispatched();
            clock.advance(Duration.ofSeconds(90));
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> summaries(hub, classNo).isEmpty());
        }

        try (ConfigurableApplicationContext second = startHub()) {
            HubClient hub = client(second);
            assertThat(summaries(hub, classNo)).isEmpty();
            clock.advance(Duration.ofSeconds(30));
            await().atMost(Duration.ofSeconds(30)).until(() -> summaries(hub, classNo).size() == 1);
            JsonNode summary = summaries(hub, classNo).get(0);
            assertThat(summary.get("receivedAt").asText()).isEqualTo(clock.instant().toString());
            assertThat(summary.get("params").get("reason").asText()).isEqualTo("stopped");
            hub.awaitDispatched();
            assertThat(hub.apiJson("/api/sessions/demo/" + classNo + "/report").get("class").get("liveSeconds")
                    .asLong()).isEqualTo(1200);
            // no teacher-report recipient covers the class: the delivery is done without an email;
            // hub.sinks.crm.class-summary is false: no delivery to the CRM
            long seq = summary.get("seq").asLong();
            await().atMost(Duration.ofSeconds(30)).until(() -> deliveries(hub, seq).equals(List.of("teacher-report:done")));
        }
    }

    private static List<String> deliveries(HubClient hub, long seq) {
        List<String> found = new ArrayList<>();
        hub.apiJson("/api/deliveries?limit=1000").get("items").forEach(d -> {
            if (d.get("eventSeq").asLong() == seq) {
                found.add(d.get("sink").asText() + ":" + d.get("status").asText());
            }
        });
        return found;
    }

    private static List<JsonNode> summaries(HubClient hub, String classNo) {
        List<JsonNode> found = new ArrayList<>();
        hub.apiJson("/api/events?site=demo&classNo=" + classNo).get("items").forEach(event -> {
            if (event.get("kind").asText().equals("summary")) {
                found.add(event);
            }
        });
        return found;
    }

    private static void live(HubClient hub, String classNo, int action, long operator) {
        assertThat(hub.get("/gensee/demo/live?ClassNo=" + classNo + "&Operator=" + operator + "&Action=" + action
                + "&totalusernum=1").statusCode()).isEqualTo(200);
    }

    private ConfigurableApplicationContext startHub() {
        return new SpringApplicationBuilder(HubApplication.class)
                .initializers(context -> {
                    // the test classes' own configurations stay out; this test's clock is the hub's
                    context.getBeanFactory().registerSingleton("skipTestConfigurations", new SkipTestConfigurations());
                    context.getBeanFactory().registerSingleton("clock", clock);
                })
                .run("--server.port=0", "--hub.ingress.port=0",
                        "--spring.datasource.url=jdbc:h2:file:" + data.resolve("hub") + ";DB_CLOSE_ON_EXIT=FALSE",
                        "--hub.api.token=restart-token",
                        "--hub.dispatch.poll-interval=100ms",
                        "--hub.report.poll-interval=100ms",
                        "--hub.delivery.poll-interval=100ms",
                        "--hub.sinks.teacher-report.enabled=true",
                        "--hub.sinks.teacher-report.recipients[0].site=lecture",
                        "--hub.sinks.teacher-report.recipients[0].to=lecture@example.com",
                        "--hub.sinks.crm.enabled=true",
                        "--hub.sinks.crm.endpoints.acme.url=http://localhost:9/hooks/acme",
                        "--hub.sinks.crm.endpoints.acme.secret=restart-secret");
    }

    private static HubClient client(ConfigurableApplicationContext context) {
        return HubClient.of(context, "restart-token");
    }

    static class SkipTestConfigurations extends TypeExcludeFilter {
        @Override
        public boolean match(MetadataReader reader, MetadataReaderFactory factory) {
            return reader.getAnnotationMetadata().hasAnnotation(TestConfiguration.class.getName());
        }
    }
}
