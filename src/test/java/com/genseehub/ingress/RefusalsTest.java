package com.genseehub.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.genseehub.quarantine.QuarantineBounds;
import com.genseehub.quarantine.QuarantineWriter;
import com.genseehub.retention.RetentionJob;
import com.genseehub.support.HubTest;
import com.genseehub.support.MutableClock;
import com.genseehub.support.RunningHubTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * Refusals cost little: a flood of large requests to keys that are no site grows the data folder by a
 * few megabytes (a sample of each, no forced disk write) and does not hold up valid callbacks; past a
 * per-address limit refused requests get 429 and are not even kept; the quarantine is bounded in rows
 * and in age, the oldest going first, counted.
 */
@HubTest
@AutoConfigureObservability // tests get /actuator/prometheus only when asked for
@TestPropertySource(properties = {"hub.quarantine.max-rows=150", "hub.retention.quarantine=1d"})
// the quarantine bounds and the refusal limiter are worn down here
@DirtiesContext
class RefusalsTest extends RunningHubTest {

    @Autowired
    JdbcClient jdbc;
    @Autowired
    QuarantineWriter writer;
    @Autowired
    QuarantineBounds bounds;
    @Autowired
    RetentionJob retention;
    @Autowired
    MutableClock clock;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aFloodOfLargeRequestsToUnknownKeysCostsAFewMegabytesAndNoValidCallback() throws Exception {
        Path data = Path.of(jdbc.sql("select database_path()").query(String.class).single()).getParent();
        long before = size(data);
        byte[] large = new byte[200 * 1024];
        java.util.Arrays.fill(large, (byte) 'x');

        ExecutorService senders = Executors.newFixedThreadPool(4);
        List<Future<Integer>> refused = new ArrayList<>();
        List<Future<Integer>> valid = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            int n = i;
            refused.add(senders.submit(() -> post("/gensee/no-site-" + n + "/qa/client", large)));
            if (i % 10 == 0) {
                valid.add(senders.submit(() -> hub.get("/gensee/demo/live?ClassNo=FLOOD1&Operator=" + (1000 + n)
                        + "&Action=101").statusCode()));
            }
        }
        List<Integer> refusedStatuses = new ArrayList<>();
        for (Future<Integer> status : refused) {
            refusedStatuses.add(status.get());
        }
        for (Future<Integer> status : valid) {
            assertThat(status.get()).as("a valid callback during the flood").isEqualTo(200);
        }
        senders.shutdown();

        // every refused request is refused: 404 while under the address's refusal limit (200 at once), 429 after
        assertThat(refusedStatuses).containsOnly(404, 429);
        assertThat(refusedStatuses.stream().filter(s -> s == 404).count()).isBetween(200L, 210L);
        await().until(() -> writer.queued() == 0);
        hub.awaitDispatched();
        long grown = size(data) - before;
        assertThat(grown).as("data folder growth in bytes").isLessThan(10L * 1024 * 1024);
        JsonNode newest = hub.apiJson("/api/quarantine?limit=1").get("items").get(0);
        assertThat(newest.get("path").asText()).startsWith("/gensee/no-site-");
        assertThat(newest.get("bodyBytes").asInt()).as("a sample of the body").isEqualTo(4096);
        assertThat(hub.apiItems("/api/sessions/demo/FLOOD1/attendance")).hasSize(valid.size());
        assertThat(hub.get("/actuator/prometheus").body()).containsPattern("hub_ingress_refusals_limited_total \\d+");
    }

    @Test
    void theQuarantineKeepsItsNewestRowsWithinItsBoundsAndCountsWhatItDrops() {
        // the oldest beyond max-rows go every minute, rows older than hub.retention.quarantine with the daily job
        clock.advance(Duration.ofDays(2));
        retention.run();
        long dropped = bounds.enforce();
        assertThat(count()).isLessThanOrEqualTo(150);
        for (int i = 0; i < 160; i++) {
            assertThat(hub.get("/gensee/demo/live?ClassNo=B" + i + "&Operator=x&Action=101").statusCode()).isEqualTo(400);
        }
        assertThat(count()).isGreaterThanOrEqualTo(160);
        long newest = jdbc.sql("select max(id) from quarantine").query(Long.class).single();
        dropped += bounds.enforce();
        assertThat(count()).isEqualTo(150);
        assertThat(jdbc.sql("select min(id) from quarantine").query(Long.class).single()).isEqualTo(newest - 149);
        assertThat(dropped).isPositive();
        assertThat(hub.get("/actuator/prometheus").body()).contains("hub_quarantine_dropped_total{reason=\"max-rows\"}");

        clock.advance(Duration.ofDays(2));
        assertThat(retention.run().orElseThrow().quarantineRemoved()).isEqualTo(150);
        assertThat(count()).as("all older than a day").isZero();
        assertThat(hub.get("/actuator/prometheus").body()).contains("hub_retention_removed_total{table=\"quarantine\"}");
    }

    private long count() {
        return jdbc.sql("select count(*) from quarantine").query(Long.class).single();
    }

    private int post(String path, byte[] body) {
        try {
            return http.send(HttpRequest.newBuilder(hub.ingress().resolve(path)).header("Content-Type", "text/xml")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            // the hub closes a refused request's connection without reading the rest of its body
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static long size(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> {
                try {
                    return Files.size(file);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
