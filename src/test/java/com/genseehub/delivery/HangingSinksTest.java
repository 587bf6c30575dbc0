package com.genseehub.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.genseehub.support.Deliveries;
import com.genseehub.support.HubTest;
import com.genseehub.support.RunningHubTest;
import com.sun.net.httpserver.HttpServer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * Twelve CRM endpoints that hang (each holds the POST for up to 30 s) while callbacks keep coming: the
 * sinks wait without holding any of the hub's 10 pooled database connections, so every callback is
 * answered 200 within a second; once the CRMs answer, every delivery is done. Real HTTP both ways.
 */
@HubTest
@TestPropertySource(properties = {
        "spring.datasource.hikari.maximum-pool-size=10",
        "hub.delivery.poll-interval=50ms",
        "hub.sinks.crm.enabled=true",
        // the CRMs answer within their hang: nothing times out, every POST is answered in the end
        "hub.sinks.crm.read-timeout-millis=60000"
})
class HangingSinksTest extends RunningHubTest {

    static final int CRMS = 12;
    static final CountDownLatch ANSWER = new CountDownLatch(1);
    static final AtomicInteger HANGING = new AtomicInteger();
    static final AtomicInteger ANSWERED = new AtomicInteger();
    static final ExecutorService CRM_THREADS = Executors.newCachedThreadPool();
    static final HttpServer CRM = hangingCrm();

    @DynamicPropertySource
    static void crmEndpoints(DynamicPropertyRegistry registry) {
        for (int i = 0; i < CRMS; i++) {
            String key = "c" + i;
            registry.add("hub.sinks.crm.endpoints." + key + ".url",
                    () -> "http://localhost:" + CRM.getAddress().getPort() + "/hooks/" + key);
            registry.add("hub.sinks.crm.endpoints." + key + ".secret", () -> "secret-" + key);
        }
    }

    @AfterAll
    static void stopCrm() {
        ANSWER.countDown();
        CRM.stop(0);
        CRM_THREADS.shutdownNow();
    }

    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void callbacksAreAnsweredAtOnceWhileEveryCrmHangs() throws Exception {
        assertThat(ask(0).statusCode()).isEqualTo(200);
        // every CRM now holds one POST open
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> HANGING.get() == CRMS);
        assertThat(new Deliveries(hub).await("crm:c0", "sending", items -> items.size() == 1
                && items.get(0).get("status").asText().equals("sending"))).hasSize(1);

        int questions = 1;
        for (int i = 0; i < 60; i++) {
            long started = System.nanoTime();
            int status = i % 5 == 4
                    ? ask(questions++).statusCode()
                    : hub.get("/gensee/demo/live?ClassNo=H1&Operator=" + (3000 + i) + "&Action=101&totalusernum=" + i)
                    .statusCode();
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertThat(status).as("callback %d", i).isEqualTo(200);
            assertThat(millis).as("milliseconds to answer callback %d", i).isLessThan(1000);
        }
        // the CRMs were hanging the whole time
        assertThat(HANGING.get()).isEqualTo(CRMS);
        assertThat(ANSWERED.get()).isZero();

        ANSWER.countDown();
        int expected = questions;
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .until(() -> allDone(expected));
        assertThat(ANSWERED.get()).isEqualTo(CRMS * expected);
    }

    private boolean allDone(int questions) {
        JsonNode summary = hub.apiJson("/api/deliveries/summary");
        List<JsonNode> crms = StreamSupport.stream(summary.spliterator(), false)
                .filter(row -> row.get("sink").asText().startsWith("crm:")).toList();
        return crms.size() == CRMS && crms.stream().allMatch(row -> row.get("done").asInt() == questions
                && row.get("pending").asInt() + row.get("sending").asInt() + row.get("failed").asInt()
                + row.get("dead").asInt() == 0);
    }

    private HttpResponse<String> ask(int n) throws IOException, InterruptedException {
        String body = "userid=" + (5000 + n) + "&name=" + URLEncoder.encode("Student " + n, StandardCharsets.UTF_8)
                + "&question=" + URLEncoder.encode("Question " + n, StandardCharsets.UTF_8) + "&webcastid=H1";
        return http.send(HttpRequest.newBuilder(hub.ingress().resolve("/gensee/demo/qa/web"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** CRMs that hold each POST until the test lets them answer (30 s at most), then answer 200. */
    private static HttpServer hangingCrm() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 100);
            server.setExecutor(CRM_THREADS);
            server.createContext("/hooks/", exchange -> {
                exchange.getRequestBody().readAllBytes();
                HANGING.incrementAndGet();
                try {
                    ANSWER.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                HANGING.decrementAndGet();
                ANSWERED.incrementAndGet();
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
