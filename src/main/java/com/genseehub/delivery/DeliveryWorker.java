package com.genseehub.delivery;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import com.genseehub.callback.CallbackEvent;
import com.genseehub.system.BackgroundThreads;
import com.genseehub.journal.JournalQueries;
import jakarta.annotation.PreDestroy;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Sends due deliveries to their sink routes ({@code direct:sink-<name>}). Each sink is drained by one
 * thread at a time, from a bounded pool ({@code hub.delivery.senders}), so a slow or hanging sink holds
 * up only its own thread. A delivery is claimed with a lease ({@link DeliveryLeases}) and the sink is
 * called holding no database connection: however long sinks take, the journal and the callbacks keep
 * the connection pool.
 */
public class DeliveryWorker {

    private static final Logger log = LoggerFactory.getLogger(DeliveryWorker.class);

    private final String name;
    private final DeliveryLeases leases;
    private final JournalQueries journal;
    private final Sinks sinks;
    private final ProducerTemplate producer;
    private final SinkMetrics metrics;
    private final DeliveryProperties.Worker settings;
    private final Set<String> busySinks = ConcurrentHashMap.newKeySet();
    private final Set<DeliveryLeases.Lease> sending = ConcurrentHashMap.newKeySet();
    private ScheduledExecutorService poller;
    private ThreadPoolExecutor senders;
    private volatile boolean running;

    public DeliveryWorker(String name, DeliveryLeases leases, JournalQueries journal, Sinks sinks, ProducerTemplate producer,
                          SinkMetrics metrics, DeliveryProperties properties) {
        this.name = name;
        this.leases = leases;
        this.journal = journal;
        this.sinks = sinks;
        this.producer = producer;
        this.metrics = metrics;
        this.settings = properties.delivery();
    }

    /** Starts once the application (and with it Camel's sink routes) is up. */
    @EventListener(ApplicationReadyEvent.class)
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        senders = new ThreadPoolExecutor(settings.senders(), settings.senders(), 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), BackgroundThreads.named(name + "-send"));
        senders.allowCoreThreadTimeOut(true);
        poller = Executors.newSingleThreadScheduledExecutor(BackgroundThreads.named(name + "-poll"));
        long interval = settings.pollInterval().toMillis();
        poller.scheduleWithFixedDelay(this::poll, interval, interval, TimeUnit.MILLISECONDS);
    }

    /**
     * Stops before Camel does (Camel stops its routes first thing when the application closes): sends
     * under way finish, and the leases of those that do not finish in time are given back.
     */
    @EventListener(ContextClosedEvent.class)
    @Order(Ordered.HIGHEST_PRECEDENCE)
    public void applicationClosing() {
        stop();
    }

    @PreDestroy
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        poller.shutdownNow();
        senders.shutdown();
        try {
            senders.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (DeliveryLeases.Lease lease : sending) {
            try {
                leases.release(lease);
                log.info("Delivery {} to {} still being sent at shutdown: due again", lease.leader().id(), lease.sink());
            } catch (RuntimeException e) {
                log.warn("Delivery {} to {} keeps its lease until it runs out: {}", lease.leader().id(), lease.sink(),
                        e.toString());
            }
        }
    }

    private void poll() {
        try {
            for (String sink : leases.dueSinks()) {
                if (running && busySinks.add(sink)) {
                    senders.submit(() -> drain(sink));
                }
            }
        } catch (RuntimeException e) {
            log.warn("Delivery poll failed, will retry: {}", e.toString());
        }
    }

    private void drain(String sink) {
        try {
            while (running && deliverNext(sink)) {
                // keep going while the sink has due deliveries
            }
        } catch (RuntimeException e) {
            log.warn("Deliveries to {} paused until the next poll: {}", sink, e.toString());
        } finally {
            busySinks.remove(sink);
        }
    }

    /** Claims, sends and records one due delivery (or digest group) of the sink; false when none is due. */
    boolean deliverNext(String sink) {
        Optional<DeliveryLeases.Lease> lease = leases.claim(sink);
        if (lease.isEmpty()) {
            return false;
        }
        sending.add(lease.get());
        try {
            send(lease.get());
        } finally {
            sending.remove(lease.get());
        }
        return true;
    }

    private void send(DeliveryLeases.Lease lease) {
        String sink = lease.sink();
        List<CallbackEvent> events = journal.events(lease.deliveries().stream().map(DeliveryStore.Claimed::eventSeq).toList());
        long started = System.nanoTime();
        Exception failure = call(Sinks.route(sink), lease, events);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        int count = lease.deliveries().size();
        long id = lease.leader().id();
        if (failure == null) {
            if (recorded(leases.done(lease), lease)) {
                metrics.delivered(sink, count, took);
            }
            return;
        }
        RetryPolicy policy = sinks.retryPolicy(sink);
        String error = describe(failure);
        int attempt = lease.attempt();
        if (policy.exhausted(attempt)) {
            if (recorded(leases.dead(lease, error), lease)) {
                metrics.dead(sink, count);
                log.warn("Delivery {} to {} is dead after {} attempts: {}", id, sink, attempt, error);
            }
        } else {
            Duration delay = policy.delayAfter(attempt, ThreadLocalRandom.current()::nextDouble);
            if (recorded(leases.failed(lease, delay, error), lease)) {
                metrics.retried(sink, count);
                log.info("Delivery {} to {} failed (attempt {}), retry in {}: {}", id, sink, attempt, delay, error);
            }
        }
    }

    /** Runs the sink route; returns how it failed, null when it took the delivery. */
    private Exception call(String route, DeliveryLeases.Lease lease, List<CallbackEvent> events) {
        try {
            Exchange result = producer.send(route, exchange -> {
                exchange.getMessage().setBody(lease.digest() ? events : events.get(0));
                exchange.getMessage().setHeaders(headers(lease, events.get(0)));
            });
            return result.getException();
        } catch (RuntimeException e) {
            // e.g. no route for the sink, or Camel stopping
            return e;
        }
    }

    /** The most specific cause first (e.g. the database's own message, not "split failed"). */
    static String describe(Exception failure) {
        Throwable root = NestedExceptionUtils.getMostSpecificCause(failure);
        String error = root.getClass().getSimpleName() + ": " + root.getMessage();
        return root == failure ? error : error + " (" + failure.getClass().getSimpleName() + ")";
    }

    private static boolean recorded(boolean recorded, DeliveryLeases.Lease lease) {
        if (!recorded) {
            log.warn("Delivery {} to {}: the result of attempt {} came after its lease was taken over or replayed; "
                    + "not recorded", lease.leader().id(), lease.sink(), lease.attempt());
        }
        return recorded;
    }

    /** What a sink route receives besides the body; documented in docs/sinks.md. */
    private static Map<String, Object> headers(DeliveryLeases.Lease lease, CallbackEvent first) {
        Map<String, Object> headers = new HashMap<>();
        headers.put("sink", lease.sink());
        if (Sinks.endpoint(lease.sink()) != null) {
            headers.put("sinkEndpoint", Sinks.endpoint(lease.sink()));
        }
        headers.put("deliveryId", lease.leader().id());
        headers.put("attempt", lease.attempt());
        headers.put("seq", first.seq());
        headers.put("site", first.site());
        headers.put("kind", first.kind().id());
        headers.put("action", first.action() == null ? 0 : first.action());
        headers.put("classNo", first.classNo() == null ? "" : first.classNo());
        return headers;
    }
}
