package com.genseehub.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.genseehub.callback.CallbackEvent;
import com.genseehub.journal.JournalQueries;
import com.genseehub.support.Deliveries;
import com.genseehub.ingress.IngressServer;
import com.genseehub.support.HubClient;
import com.genseehub.support.HubTest;
import com.genseehub.support.MutableClock;
import com.genseehub.support.PostgresTestDatabase;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Two delivery workers on one PostgreSQL schema (as two hub instances would run): every delivery is
 * sent exactly once, never by both at the same time, and both take part. A delivery leased by an
 * instance that died mid-send is not taken while its lease lasts, and is sent once after it ran out.
 */
@HubTest
@ActiveProfiles("postgres")
@Import({PostgresTestDatabase.class, PostgresDeliveryWorkersTest.ProbeSink.class})
@TestPropertySource(properties = {"hub.delivery.poll-interval=20ms", "hub.sinks.probe.enabled=true"})
class PostgresDeliveryWorkersTest {

    static final Map<Long, AtomicInteger> SENDS = new ConcurrentHashMap<>();
    static final Set<Long> IN_FLIGHT = ConcurrentHashMap.newKeySet();
    static final AtomicInteger OVERLAPS = new AtomicInteger();
    static final Set<String> WORKERS = ConcurrentHashMap.newKeySet();
    static final Map<Long, AtomicInteger> LEASE_SENDS = new ConcurrentHashMap<>();

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        PostgresTestDatabase.register(registry, "hub_sinks");
    }

    /** A sink that takes a while per delivery and notices when one delivery is being sent twice at once. */
    @TestConfiguration(proxyBeanMethods = false)
    static class ProbeSink {
        @Bean
        RouteBuilder probeSinkRoute() {
            return new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:sink-probe").routeId("sink-probe").process(exchange -> {
                        long id = exchange.getMessage().getHeader("deliveryId", Long.class);
                        if (!IN_FLIGHT.add(id)) {
                            OVERLAPS.incrementAndGet();
                        }
                        SENDS.computeIfAbsent(id, key -> new AtomicInteger()).incrementAndGet();
                        WORKERS.add(Thread.currentThread().getName().replaceAll("-send.*", ""));
                        Thread.sleep(25);
                        IN_FLIGHT.remove(id);
                    });
                    from("direct:sink-lease").routeId("sink-lease").process(exchange -> LEASE_SENDS
                            .computeIfAbsent(exchange.getMessage().getHeader("seq", Long.class), key -> new AtomicInteger())
                            .incrementAndGet());
                }
            };
        }
    }

    @LocalServerPort
    int port;
    @Autowired
    IngressServer ingress;
    @Autowired
    JournalQueries journal;
    @Autowired
    Outbox outbox;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    DeliveryStore store;
    @Autowired
    DeliveryLeases leases;
    @Autowired
    Sinks sinks;
    @Autowired
    ProducerTemplate producer;
    @Autowired
    MutableClock clock;
    @Autowired
    SinkMetrics metrics;
    @Autowired
    DeliveryProperties properties;

    @Test
    void twoWorkersNeverSendTheSameDeliveryTwice() {
        HubClient hub = new HubClient(port, ingress.port(), HubTest.TOKEN);
        DeliveryWorker second = new DeliveryWorker("second", leases, journal, sinks, producer, metrics, properties);
        second.start();
        try {
            int count = 60;
            for (int i = 0; i < count; i++) {
                hub.get("/gensee/demo/live?ClassNo=PG" + (i % 3) + "&Operator=" + (1000 + i) + "&Action=101&totalusernum=1");
            }
            hub.awaitDispatched();
            transactions.executeWithoutResult(status -> {
                for (CallbackEvent event : journal.find(null, null, null, 0, count)) {
                    outbox.enqueue(event, "probe");
                }
            });

            new Deliveries(hub).awaitAll("probe", count, "done");
            assertThat(SENDS).hasSize(count);
            assertThat(SENDS.values()).allSatisfy(sends -> assertThat(sends.get()).isEqualTo(1));
            assertThat(OVERLAPS.get()).isZero();
            assertThat(WORKERS).containsExactlyInAnyOrder("delivery", "second");
        } finally {
            second.stop();
        }
    }

    @Test
    void aLeaseIsTakenOverOnlyOnceItHasRunOut() {
        HubClient hub = new HubClient(port, ingress.port(), HubTest.TOKEN);
        hub.get("/gensee/demo/live?ClassNo=LEASE&Operator=2000&Action=101&totalusernum=1");
        hub.awaitDispatched();
        long seq = journal.find(null, "LEASE", null, 0, 1).get(0).seq();
        // an instance claims the delivery (enqueued in the same transaction, so no worker saw it first) and
        // dies before it records a result
        DeliveryLeases.Lease crashed = transactions.execute(status -> {
            store.insert(seq, "lease", clock.instant(), clock.instant(), null);
            return leases.claim("lease").orElseThrow();
        });
        long id = crashed.leader().id();
        assertThat(store.find(id).orElseThrow().status()).isEqualTo(DeliveryStatus.SENDING);

        // while the lease lasts nobody takes the delivery
        DeliveryWorker other = new DeliveryWorker("other", leases, journal, sinks, producer, metrics, properties);
        assertThat(other.deliverNext("lease")).isFalse();
        clock.advance(properties.delivery().lease().minusSeconds(1));
        assertThat(other.deliverNext("lease")).isFalse();
        assertThat(LEASE_SENDS).isEmpty();

        // once it has run out, a worker sends it, once
        clock.advance(Duration.ofSeconds(2));
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> store.find(id).orElseThrow().status() == DeliveryStatus.DONE);
        assertThat(LEASE_SENDS).containsOnlyKeys(seq);
        assertThat(LEASE_SENDS.get(seq).get()).isEqualTo(1);
        Delivery done = store.find(id).orElseThrow();
        assertThat(done.attempts()).isEqualTo(1);

        // the dead instance's late result is not recorded over it
        assertThat(leases.failed(crashed, Duration.ofMinutes(1), "late")).isFalse();
        assertThat(store.find(id).orElseThrow()).isEqualTo(done);
    }
}
