package com.genseehub.journal;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.genseehub.config.BackgroundThreads;
import com.genseehub.callback.CallbackEvent;
import com.genseehub.config.HubProperties;
import org.apache.camel.Exchange;
import org.springframework.core.NestedExceptionUtils;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import jakarta.annotation.PreDestroy;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Feeds every journaled event, in sequence order and exactly once, into the {@code direct:dispatch}
 * route (routes/dispatch.yaml). Applying an event and removing it from the queue happen in one
 * transaction, so a crash at any point neither loses nor doubles a fact. Hub instances sharing a
 * database take turns through a row lock.
 */
@Component
public class JournalDispatcher {

    private static final Logger log = LoggerFactory.getLogger(JournalDispatcher.class);
    public static final String DISPATCH_ENDPOINT = "direct:dispatch";

    private final Journal journal;
    private final TransactionTemplate transactions;
    private final ProducerTemplate producer;
    private final DispatchSignal signal;
    private final HubProperties.Dispatch settings;
    private final Clock clock;
    private ExecutorService worker;
    private volatile boolean running;

    public JournalDispatcher(Journal journal, TransactionTemplate transactions, ProducerTemplate producer,
                             DispatchSignal signal, HubProperties properties, Clock clock) {
        this.journal = journal;
        this.clock = clock;
        this.transactions = transactions;
        this.producer = producer;
        this.signal = signal;
        this.settings = properties.dispatch();
    }

    /** Starts once the application (and with it Camel's routes) is up. */
    @EventListener(ApplicationReadyEvent.class)
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        worker = Executors.newSingleThreadExecutor(BackgroundThreads.named("journal-dispatch"));
        worker.submit(this::loop);
    }

    @PreDestroy
    public synchronized void stop() {
        running = false;
        signal.wake();
        if (worker != null) {
            worker.shutdownNow();
        }
    }

    private void loop() {
        while (running) {
            try {
                while (running && dispatchBatch() > 0) {
                    // keep draining while there is work
                }
                signal.await(settings.pollInterval().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.warn("Dispatch paused, will retry: {}", e.toString());
                sleepQuietly();
            }
        }
    }

    /** Applies up to one batch of pending events; returns how many were applied. */
    public int dispatchBatch() {
        try {
            return transactions.execute(status -> {
                journal.lockDispatch();
                List<CallbackEvent> batch = journal.pending(settings.batchSize());
                for (CallbackEvent event : batch) {
                    apply(event);
                }
                return batch.size();
            });
        } catch (RuntimeException batchFailure) {
            // one bad event must not hold up the others: apply one at a time to isolate it
            return dispatchOneByOne();
        }
    }

    /**
     * Each event in a transaction of its own, read inside it (so even a journal row that cannot be
     * read is isolated) and only if no other worker applied it since the batch failed.
     */
    private int dispatchOneByOne() {
        int applied = 0;
        for (long seq : journal.pendingSeqs(settings.batchSize())) {
            try {
                Boolean appliedHere = transactions.execute(status -> {
                    journal.lockDispatch();
                    if (!journal.isPending(seq)) {
                        return false;
                    }
                    apply(journal.events(List.of(seq)).get(0));
                    return true;
                });
                if (Boolean.TRUE.equals(appliedHere)) {
                    applied++;
                }
            } catch (RuntimeException e) {
                log.error("Event seq {} could not be applied and is left in the journal only (GET /api/dispatch-failures): {}",
                        seq, e.toString());
                transactions.executeWithoutResult(status -> journal.markFailed(seq, clock.instant(), rootCause(e)));
            }
        }
        return applied;
    }

    /** The headers routes/dispatch.yaml routes on (see its comment). */
    public static Map<String, Object> dispatchHeaders(CallbackEvent event) {
        return Map.of(
                "kind", event.kind().id(),
                "action", event.action() == null ? 0 : event.action(),
                "site", event.site(),
                "seq", event.seq());
    }

    private void apply(CallbackEvent event) {
        Exchange result = producer.send(DISPATCH_ENDPOINT, exchange -> {
            exchange.getMessage().setBody(event);
            exchange.getMessage().setHeaders(new HashMap<>(dispatchHeaders(event)));
        });
        if (result.getException() != null) {
            throw new IllegalStateException("dispatch of seq " + event.seq() + " failed", result.getException());
        }
        journal.markDispatched(event.seq());
    }

    private static String rootCause(RuntimeException e) {
        Throwable root = NestedExceptionUtils.getMostSpecificCause(e);
        return root == e ? e.toString() : e.getMessage() + ": " + root;
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
