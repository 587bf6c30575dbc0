package com.genseehub.quarantine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import com.genseehub.callback.RejectedCallbackException;
import com.genseehub.system.BackgroundThreads;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Keeps requests refused at the door (unknown site, address not allowed, body too large) without
 * making the refusal wait: they are queued and written by a background thread, a bounded queue so a
 * flood cannot use up memory (what does not fit is dropped and counted in
 * {@code hub_quarantine_dropped_total{reason="queue full"}}). Samples of requests to unknown sites
 * force no disk write; requests to a real site do.
 */
@Component
public class QuarantineWriter {

    private static final Logger log = LoggerFactory.getLogger(QuarantineWriter.class);

    private final Quarantine quarantine;
    private final BlockingQueue<Item> queue;
    private final MeterRegistry meters;
    private final Thread thread;
    private volatile boolean running = true;

    private record Item(RejectedCallbackException rejection, boolean durably) {
    }

    public QuarantineWriter(Quarantine quarantine, QuarantineProperties settings, MeterRegistry meters) {
        this.quarantine = quarantine;
        this.meters = meters;
        this.queue = new ArrayBlockingQueue<>(settings.queue());
        this.thread = BackgroundThreads.named("quarantine-writer").newThread(this::loop);
        thread.start();
    }

    /** Queues a refused request of a real site (on disk soon after). */
    public void keep(RejectedCallbackException rejection) {
        offer(new Item(rejection, true));
    }

    /** Queues the sample of a request to no site (written when the database next writes its file). */
    public void keepSample(RejectedCallbackException rejection) {
        offer(new Item(rejection, false));
    }

    private void offer(Item item) {
        if (!queue.offer(item)) {
            meters.counter("hub.quarantine.dropped", "reason", "queue full").increment();
        }
    }

    /** Requests queued and not yet written. */
    public int queued() {
        return queue.size();
    }

    private void loop() {
        while (running || !queue.isEmpty()) {
            try {
                Item first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                List<Item> batch = new ArrayList<>(List.of(first));
                queue.drainTo(batch, 99);
                write(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void write(List<Item> batch) {
        List<RejectedCallbackException> durable = batch.stream().filter(Item::durably).map(Item::rejection).toList();
        List<RejectedCallbackException> samples = batch.stream().filter(item -> !item.durably()).map(Item::rejection).toList();
        try {
            if (!samples.isEmpty()) {
                quarantine.keepAll(samples);
            }
            if (!durable.isEmpty()) {
                quarantine.keepAllDurably(durable);
            }
        } catch (RuntimeException e) {
            meters.counter("hub.quarantine.dropped", "reason", "not stored").increment(batch.size());
            log.warn("{} refused requests could not be kept in quarantine: {}", batch.size(), e.toString());
        }
    }

    @PreDestroy
    void stop() throws InterruptedException {
        running = false;
        thread.join(5_000);
    }
}
