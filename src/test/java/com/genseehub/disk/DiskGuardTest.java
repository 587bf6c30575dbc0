package com.genseehub.disk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.genseehub.support.HubTest;
import com.genseehub.support.RunningHubTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.TestPropertySource;

/**
 * The disk guard with a limit of 10 MB and a free-space reading the test sets, over real HTTP: below
 * twice the limit refused requests are kept without their bodies; below the limit callbacks get 503
 * with the reason and are not journaled, the health component {@code disk} is DOWN and the metrics say
 * so; once space returns, callbacks are stored again.
 */
@HubTest
@AutoConfigureObservability
@TestPropertySource(properties = {"hub.disk.min-free=10MB", "hub.disk.check-interval=50ms"})
class DiskGuardTest extends RunningHubTest {

    static final long MB = 1024 * 1024;
    static final AtomicLong FREE = new AtomicLong(100 * MB);

    @TestConfiguration(proxyBeanMethods = false)
    static class FreeSpaceTheTestSets {

        @Bean
        @Primary
        FreeSpace testFreeSpace() {
            return FREE::get;
        }
    }

    @Test
    void belowTwiceTheLimitBodiesAreNotKeptBelowItCallbacksAreRefusedUntilSpaceReturns() {
        // plenty of room
        assertThat(join(1).statusCode()).isEqualTo(200);
        JsonNode kept = refuseAQuestion();
        assertThat(kept.get("body").asText()).contains("unclosed");
        assertThat(disk().get("status").asText()).isEqualTo("UP");
        assertThat(disk().get("details").get("state").asText()).isEqualTo("ok");

        // 15 MB: below twice the limit
        FREE.set(15 * MB);
        await().atMost(Duration.ofSeconds(5)).until(() -> disk().get("details").get("state").asText().equals("low"));
        assertThat(disk().get("status").asText()).isEqualTo("UP");
        JsonNode bodiless = refuseAQuestion();
        assertThat(bodiless.get("body").isNull()).as("no body: %s", bodiless).isTrue();
        assertThat(bodiless.get("bodyBytes").asInt()).isZero();
        assertThat(bodiless.get("reason").asText()).endsWith("(body not kept: disk low)");
        assertThat(join(2).statusCode()).as("callbacks still stored").isEqualTo(200);
        assertThat(metric("hub_disk_state")).isEqualTo(1);

        // 5 MB: below the limit
        long eventsBefore = events();
        FREE.set(5 * MB);
        await().atMost(Duration.ofSeconds(5)).until(() -> disk().get("status").asText().equals("DOWN"));
        HttpResponse<String> refused = join(3);
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.body()).isEqualTo(
                "disk nearly full (5 MB free, hub.disk.min-free 10 MB): callback not stored, retry later");
        assertThat(events()).as("nothing journaled").isEqualTo(eventsBefore);
        JsonNode health = disk();
        assertThat(health.get("details").get("state").asText()).isEqualTo("full");
        assertThat(health.get("details").get("freeBytes").asLong()).isEqualTo(5 * MB);
        assertThat(health.get("details").get("minFreeBytes").asLong()).isEqualTo(10 * MB);
        assertThat(metric("hub_disk_free_bytes")).isEqualTo(5 * MB);
        assertThat(metric("hub_disk_state")).isEqualTo(2);

        // room again: callbacks flow
        FREE.set(100 * MB);
        await().atMost(Duration.ofSeconds(5)).until(() -> disk().get("status").asText().equals("UP"));
        assertThat(join(4).statusCode()).isEqualTo(200);
        assertThat(metric("hub_disk_state")).isZero();
        hub.awaitDispatched();
        assertThat(hub.apiItems("/api/sessions/demo/DISK1/attendance"))
                .extracting(row -> row.get("operator").asLong()).containsExactlyInAnyOrder(1L, 2L, 4L);
    }

    private HttpResponse<String> join(long operator) {
        return hub.get("/gensee/demo/live?ClassNo=DISK1&Operator=" + operator + "&Action=101&totalusernum=1");
    }

    /** A Q&A push whose XML is not well-formed: refused (400) and kept in quarantine. */
    private JsonNode refuseAQuestion() {
        long mark = hub.quarantineMark();
        HttpResponse<String> response = hub.post("/gensee/demo/qa/client", "text/xml",
                "<webcast id=\"DISK1\"><question id=\"q\" uid=\"1\">unclosed".getBytes(StandardCharsets.UTF_8));
        assertThat(response.statusCode()).isEqualTo(400);
        return hub.awaitQuarantined("/gensee/demo/qa/client", mark);
    }

    private long events() {
        return hub.apiJson("/api/events?classNo=DISK1&limit=100").get("items").size();
    }

    private JsonNode disk() {
        return hub.json(hub.get("/actuator/health/disk").body());
    }

    private double metric(String name) {
        String body = hub.get("/actuator/prometheus").body();
        for (String line : body.split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        throw new AssertionError("no metric " + name + " in " + body.lines().filter(l -> l.startsWith("hub_disk")).toList());
    }
}
