package com.genseehub.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.genseehub.support.HubClient;
import com.genseehub.support.HubProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starting and stopping the real jar while callbacks keep coming: while the hub starts, a callback is
 * refused a connection or answered 200, never 404; while it stops, callbacks in flight are answered,
 * new ones get 503 or no connection, and every 200 is in the journal after the restart.
 */
class IngressLifecycleIT {

    private static final String TOKEN = "lifecycle-token";

    @TempDir
    Path work;

    @Test
    void noCallbackIsAnswered404WhileTheHubStartsAndNoneAcknowledgedIsLostWhenItStops() throws Exception {
        int port = HubProcess.freePort();
        int ingressPort = HubProcess.freePort();
        List<String> arguments = List.of("--spring.datasource.url=jdbc:h2:file:" + work.resolve("hub") + ";DB_CLOSE_ON_EXIT=FALSE",
                "--hub.api.token=" + TOKEN, "--hub.sites.demo.rate-limit.per-second=0");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<Long> acknowledged = new ConcurrentLinkedQueue<>();
        AtomicBoolean sending = new AtomicBoolean(true);
        AtomicLong next = new AtomicLong();
        ExecutorService senders = Executors.newFixedThreadPool(4);
        for (int t = 0; t < 4; t++) {
            senders.submit(() -> {
                while (sending.get()) {
                    long operator = 1_000_000_000L + next.getAndIncrement();
                    String outcome = send(http, ingressPort, operator);
                    outcomes.computeIfAbsent(outcome, key -> new AtomicInteger()).incrementAndGet();
                    if (outcome.equals("200")) {
                        acknowledged.add(operator);
                    }
                    if (!outcome.matches("\\d+")) {
                        // nobody listening yet (or any more): do not spin
                        sleep(5);
                    }
                }
            });
        }

        // the senders knock before the hub exists, while it starts, and after
        sleep(500);
        HubProcess hub = HubProcess.start(work.resolve("hub.log"), port, ingressPort, arguments);
        long atStart = acknowledged.size();
        await().atMost(Duration.ofMinutes(2)).until(() -> acknowledged.size() >= atStart + 300);
        assertThat(outcomes.keySet()).as("outcomes while starting").isSubsetOf("200", "refused");

        // stopping (SIGTERM) while they keep sending
        hub.stop();
        sleep(500);
        sending.set(false);
        senders.shutdown();
        assertThat(senders.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        assertThat(outcomes.keySet()).as("outcomes: " + outcomes).isSubsetOf("200", "503", "refused", "closed");

        HubProcess restarted = HubProcess.start(work.resolve("hub.log"), port, ingressPort, arguments);
        try {
            HubClient client = restarted.client(TOKEN);
            client.awaitDispatched();
            assertThat(client.apiJson("/api/status").get("dispatchFailures").asLong())
                    .as("events that could not be applied: %s", client.apiJson("/api/dispatch-failures")).isZero();
            Set<Long> attended = new java.util.HashSet<>();
            client.apiItems("/api/sessions/demo/LIFE1/attendance").forEach(row -> attended.add(row.get("operator").asLong()));
            assertThat(attended).as("every acknowledged join is stored").containsAll(acknowledged);
        } finally {
            restarted.stop();
        }
    }

    private static String send(HttpClient http, int port, long operator) {
        URI uri = URI.create("http://localhost:" + port + "/gensee/demo/live?ClassNo=LIFE1&Operator=" + operator
                + "&Action=101&totalusernum=1");
        try {
            return String.valueOf(http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode());
        } catch (ConnectException e) {
            return "refused";
        } catch (IOException e) {
            // a kept-alive connection the stopping hub closed between two requests
            return "closed";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
