package com.genseehub.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import com.genseehub.system.BackgroundThreads;
import com.genseehub.callback.CallbackEvent;
import com.genseehub.journal.JournalQueries;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import jakarta.annotation.PreDestroy;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends due deliveries to their sink routes ({@code direct:sink-<name>}). Each sink is drained by its
 * own thread, so a slow or failing sink never holds up another. A delivery is claimed with a row lock
 * ({@code FOR UPDATE SKIP LOCKED}) held until its result is recorded: workers of several hub instances
 * sharing the database never send the same delivery at the same time, and a crash mid-send leaves it
 * due (at-least-once).
 */
public class DeliveryWorker {

    private static final Logger log = LoggerFactory.getLogger(DeliveryWorker.class);

    private final String name;
    private final DeliveryStore store;
    private final JournalQueries journal;
    private final Sinks sinks;
    private final ProducerTemplate producer;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final SinkMetrics metrics;
    private final DeliveryProperties.Worker settings;
    private final Set<String> busySinks = ConcurrentHashMap.newKeySet();
    private ScheduledExecutorService poller;
    private ExecutorService senders;
    private volatile boolean running;

    public DeliveryWorker(String name, DeliveryStore store, JournalQueries journal, Sinks sinks, ProducerTemplate producer,
                          TransactionTemplate transactions, Clock clock, SinkMetrics metrics,
                          DeliveryProperties properties) {
        this.name = name;
        this.store = store;
        this.journal = journal;
        this.sinks = sinks;
        this.producer = producer;
        this.transactions = transactions;
        this.clock = clock;
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
        senders = Executors.newCachedThreadPool(BackgroundThreads.named(name + "-send"));
        poller = Executors.newSingleThreadScheduledExecutor(BackgroundThreads.named(name + "-poll"));
        long interval = settings.pollInterval().toMillis();
        poller.scheduleWithFixedDelay(this::poll, interval, interval, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    public synchronized void stop() {
        running = false;
        if (poller != null) {
            poller.shutdownNow();
            senders.shutdown();
            try {
                senders.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void poll() {
        try {
            for (String sink : store.dueSinks(clock.instant())) {
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
        return Boolean.TRUE.equals(transactions.execute(status -> {
            Instant now = clock.instant();
            for (long id : store.dueCandidates(sink, now, settings.batchSize())) {
                Optional<DeliveryStore.Claimed> claimed = store.lock(id, now);
                if (claimed.isPresent()) {
                    deliver(sink, withGroup(sink, claimed.get(), now));
                    return true;
                }
            }
            return false;
        }));
    }

    private List<DeliveryStore.Claimed> withGroup(String sink, DeliveryStore.Claimed leader, Instant now) {
        if (leader.groupKey() == null) {
            return List.of(leader);
        }
        Map<Long, DeliveryStore.Claimed> group = new LinkedHashMap<>();
        group.put(leader.id(), leader);
        store.lockGroup(sink, leader.groupKey(), now).forEach(member -> group.putIfAbsent(member.id(), member));
        return new ArrayList<>(group.values());
    }

    private void deliver(String sink, List<DeliveryStore.Claimed> batch) {
        DeliveryStore.Claimed leader = batch.get(0);
        List<CallbackEvent> events = journal.events(batch.stream().map(DeliveryStore.Claimed::eventSeq).toList());
        int attempt = batch.stream().mapToInt(DeliveryStore.Claimed::attempts).max().orElse(0) + 1;
        long started = System.nanoTime();
        Exchange result = producer.send(Sinks.route(sink), exchange -> {
            exchange.getMessage().setBody(leader.groupKey() == null ? events.get(0) : events);
            exchange.getMessage().setHeaders(headers(sink, leader, attempt, events.get(0)));
        });
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        Instant now = clock.instant();
        Exception failure = result.getException();
        if (failure == null) {
            batch.forEach(d -> store.markDone(d.id(), attempt, now));
            metrics.delivered(sink, batch.size(), took);
            return;
        }
        RetryPolicy policy = sinks.retryPolicy(sink);
        String error = failure.getClass().getSimpleName() + ": " + failure.getMessage();
        if (policy.exhausted(attempt)) {
            batch.forEach(d -> store.markDead(d.id(), attempt, error));
            metrics.dead(sink, batch.size());
            log.warn("Delivery {} to {} is dead after {} attempts: {}", leader.id(), sink, attempt, error);
        } else {
            Instant next = now.plus(policy.delayAfter(attempt, ThreadLocalRandom.current()::nextDouble));
            batch.forEach(d -> store.markFailed(d.id(), attempt, next, error));
            metrics.retried(sink, batch.size());
            log.info("Delivery {} to {} failed (attempt {}), retry at {}: {}", leader.id(), sink, attempt, next, error);
        }
    }

    /** What a sink route receives besides the body; documented in the README. */
    private static Map<String, Object> headers(String sink, DeliveryStore.Claimed leader, int attempt,
                                               CallbackEvent first) {
        Map<String, Object> headers = new HashMap<>();
        headers.put("sink", sink);
        if (Sinks.endpoint(sink) != null) {
            headers.put("sinkEndpoint", Sinks.endpoint(sink));
        }
        headers.put("deliveryId", leader.id());
        headers.put("attempt", attempt);
        headers.put("seq", first.seq());
        headers.put("site", first.site());
        headers.put("kind", first.kind().id());
        headers.put("action", first.action() == null ? 0 : first.action());
        headers.put("classNo", first.classNo() == null ? "" : first.classNo());
        return headers;
    }
}
