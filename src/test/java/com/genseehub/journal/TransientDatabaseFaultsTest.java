package com.genseehub.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.genseehub.callback.CallbackEvent;
import com.genseehub.callback.CallbackKind;
import com.genseehub.support.HubTest;
import com.genseehub.support.MutableClock;
import com.genseehub.support.PostgresTestDatabase;
import com.genseehub.support.RunningHubTest;
import com.genseehub.support.TcpProxy;
import com.sun.net.httpserver.HttpServer;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * The hub on PostgreSQL through a relay the test cuts at a chosen moment: while the dispatch worker
 * applies events one at a time, and while a sink's answer is being recorded. A database that blinks is
 * waited out: every event is applied once it is back, none is recorded as a dispatch failure (only the
 * event that fails on a healthy database is), and a delivery the sink took is recorded done, sent once.
 */
@HubTest
@ActiveProfiles("postgres")
@Import(PostgresTestDatabase.class)
@TestPropertySource(properties = {
        "hub.delivery.poll-interval=50ms",
        // longer than the test: a result that is not recorded is never sent again within it
        "hub.delivery.lease=10m",
        "hub.sinks.crm.enabled=true",
        "hub.sinks.crm.read-timeout-millis=10000"
})
class TransientDatabaseFaultsTest extends RunningHubTest {

    static final TcpProxy DATABASE = relay();
    /** The seq whose dispatch cuts the database (once), right after its route ran, before it is marked done. */
    static final AtomicLong CUT_AFTER_SEQ = new AtomicLong(-1);
    static final CountDownLatch CUT_IN_DISPATCH = new CountDownLatch(1);
    static final AtomicInteger CRM_CALLS = new AtomicInteger();
    static final HttpServer CRM = crmThatCutsTheDatabase();

    @Autowired
    Journal journal;
    @Autowired
    JournalDispatcher dispatcher;
    @Autowired
    MutableClock clock;

    @DynamicPropertySource
    static void throughTheRelay(DynamicPropertyRegistry registry) {
        PostgresTestDatabase.register(registry, "hub_transient");
        registry.add("spring.datasource.url", () -> "jdbc:postgresql://127.0.0.1:" + DATABASE.port() + "/"
                + PostgresTestDatabase.DATABASE + "?currentSchema=hub_transient");
        registry.add("spring.datasource.hikari.connection-timeout", () -> "1000");
        registry.add("spring.datasource.hikari.validation-timeout", () -> "500");
        registry.add("hub.sinks.crm.endpoints.c0.url", () -> "http://127.0.0.1:" + CRM.getAddress().getPort() + "/hook");
        registry.add("hub.sinks.crm.endpoints.c0.secret", () -> "secret-c0");
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class CutDuringDispatch {

        /** Runs in the dispatch worker's thread, inside the event's transaction. */
        @Bean
        EventNotifierSupport cutTheDatabaseAfterOneEvent() {
            return new EventNotifierSupport() {
                @Override
                public void notify(CamelEvent event) {
                    if (event instanceof CamelEvent.ExchangeSentEvent sent
                            && sent.getEndpoint().getEndpointUri().startsWith("direct://dispatch")
                            && Long.valueOf(CUT_AFTER_SEQ.get()).equals(sent.getExchange().getMessage().getHeader("seq", Long.class))
                            && CUT_IN_DISPATCH.getCount() > 0) {
                        DATABASE.cut();
                        CUT_IN_DISPATCH.countDown();
                    }
                }
            };
        }
    }

    @AfterAll
    static void stop() throws IOException {
        CRM.stop(0);
        DATABASE.close();
    }

    @Test
    void aDatabaseCutWhileEventsAreAppliedOneByOneIsWaitedOut() throws InterruptedException {
        dispatcher.stop();
        // first in the queue: an event no handler can apply (a VOD start without a viewer), so the batch
        // fails and the worker applies the events one at a time
        long bad = journal.append(new CallbackEvent(null, clock.instant(), "demo", CallbackKind.VOD, "CUT1", 111,
                null, null, Map.of())).seq();
        List<Long> operators = new ArrayList<>();
        for (long operator = 1; operator <= 8; operator++) {
            assertThat(join("CUT1", operator)).isEqualTo(200);
            operators.add(operator);
        }
        JsonNode journaled = hub.apiJson("/api/events?classNo=CUT1&limit=100").get("items");
        assertThat(journaled).hasSize(9);
        // the fourth join (events are listed newest first)
        CUT_AFTER_SEQ.set(journaled.get(4).get("seq").asLong());

        dispatcher.start();
        assertThat(CUT_IN_DISPATCH.await(30, TimeUnit.SECONDS)).as("the database was cut during dispatch").isTrue();
        try {
            // the hub cannot reach its database: a callback is refused, not acknowledged
            assertThat(join("CUT1", 99)).isEqualTo(503);
        } finally {
            DATABASE.restore();
        }

        awaitDispatched();
        JsonNode attendance = hub.apiItems("/api/sessions/demo/CUT1/attendance");
        assertThat(attendance).extracting(row -> row.get("operator").asLong()).containsExactlyInAnyOrderElementsOf(operators);
        // the one event that fails on a healthy database is the only failure
        assertThat(hub.apiJson("/api/status").get("dispatchFailures").asLong()).isEqualTo(1);
        assertThat(hub.apiJson("/api/dispatch-failures").get("items")).extracting(item -> item.get("seq").asLong())
                .containsExactly(bad);
    }

    @Test
    void aDeliveryWhoseResultMeetsACutDatabaseIsRecordedOnceItIsBack() {
        String body = "userid=7001&name=" + URLEncoder.encode("Student", StandardCharsets.UTF_8)
                + "&question=" + URLEncoder.encode("Is the database back?", StandardCharsets.UTF_8) + "&webcastid=CUT2";
        assertThat(hub.post("/gensee/demo/qa/web", "application/x-www-form-urlencoded", body.getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(200);

        // the CRM cuts the database as it takes the delivery: the hub records the answer into a cut database
        await().atMost(Duration.ofSeconds(30)).until(() -> CRM_CALLS.get() == 1);
        try {
            assertThat(join("CUT2", 99)).isEqualTo(503);
        } finally {
            DATABASE.restore();
        }

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .until(() -> hub.apiJson("/api/deliveries?sink=crm:c0").get("items"), items -> items.size() == 1
                        && items.get(0).get("status").asText().equals("done"));
        JsonNode delivery = hub.apiJson("/api/deliveries?sink=crm:c0").get("items").get(0);
        assertThat(delivery.get("attempts").asInt()).isEqualTo(1);
        assertThat(CRM_CALLS.get()).as("sent once").isEqualTo(1);
    }

    private int join(String classNo, long operator) {
        return hub.get("/gensee/demo/live?ClassNo=" + classNo + "&Operator=" + operator + "&Action=101").statusCode();
    }

    private void awaitDispatched() {
        await("dispatch queue drained").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .ignoreExceptions().until(() -> hub.apiJson("/api/status").get("pendingDispatch").asLong() == 0);
    }

    private static TcpProxy relay() {
        try {
            return new TcpProxy("127.0.0.1", 5432);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A CRM that cuts the hub's database when the first POST arrives, then answers 200. */
    private static HttpServer crmThatCutsTheDatabase() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 10);
            server.createContext("/hook", exchange -> {
                exchange.getRequestBody().readAllBytes();
                if (CRM_CALLS.incrementAndGet() == 1) {
                    DATABASE.cut();
                }
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
