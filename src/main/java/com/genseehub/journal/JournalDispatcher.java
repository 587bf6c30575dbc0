package com.genseehub.journal;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.genseehub.callback.CallbackEvent;
import com.genseehub.config.HubProperties;
import com.genseehub.system.BackgroundThreads;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Feeds every journaled event, in sequence order and exactly once, into the {@code direct:dispatch}
 * route (routes/dispatch.yaml). Applying an event and removing it from the queue happen in one
 * transaction, so a crash at any point neither loses nor doubles a fact. Hub instances sharing a
 * database take turns through a row lock. Once caught up, the worker waits {@code hub.dispatch.linger}
 * before the next batch, so a steady stream is applied in batches; within one, rows that many of its
 * events change are written once at its end ({@link BatchedWrites}).
 *
 * <p>A batch that fails is applied again one event at a time, to isolate the event at fault. A fault
 * of the database itself (connection lost, lock or statement timeout, serialisation failure) is waited
 * out and the events tried again; only an event that fails twice while the database answers is recorded
 * as a dispatch failure.
 */
@Component
public class JournalDispatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(JournalDispatcher.class);
    public static final String DISPATCH_ENDPOINT = "direct:dispatch";
    private static final int STOP_WAIT_SECONDS = 20;
    /** Above SpringCamelContext's phase (Integer.MAX_VALUE - 2049). */
    private static final int STOP_BEFORE_CAMEL_PHASE = Integer.MAX_VALUE - 1024;

    private final DispatchQueue queue;
    private final JournalQueries journal;
    private final TransactionTemplate transactions;
    private final ProducerTemplate producer;
    private final DispatchSignal signal;
    private final HubProperties.Dispatch settings;
    private final DatabaseFaults faults;
    private final Clock clock;
    private ExecutorService worker;
    private volatile boolean running;
    /** Counted down by {@link #stop}: cuts the worker's waits short. */
    private volatile CountDownLatch stopping = new CountDownLatch(1);

    public JournalDispatcher(DispatchQueue queue, JournalQueries journal, TransactionTemplate transactions,
                             ProducerTemplate producer, DispatchSignal signal, HubProperties properties,
                             DatabaseFaults faults, Clock clock) {
        this.queue = queue;
        this.journal = journal;
        this.transactions = transactions;
        this.producer = producer;
        this.signal = signal;
        this.settings = properties.dispatch();
        this.faults = faults;
        this.clock = clock;
    }

    /** Starts once the application (and with it Camel's routes) is up. */
    @EventListener(ApplicationReadyEvent.class)
    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        stopping = new CountDownLatch(1);
        worker = Executors.newSingleThreadExecutor(BackgroundThreads.named("journal-dispatch"));
        worker.submit(this::loop);
    }

    /** Started by {@link #start} once the application is ready, not with the context's other lifecycles. */
    @Override
    public boolean isAutoStartup() {
        return false;
    }

    /** Stopped before Camel (a higher phase stops first): the batch being applied still has its routes. */
    @Override
    public int getPhase() {
        return STOP_BEFORE_CAMEL_PHASE;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /**
     * Lets the batch being applied finish rather than interrupting it: a batch that fails for no fault
     * of its events (an interrupt in a statement, Camel already stopped) would be tried one event at a
     * time and each recorded as a dispatch failure.
     */
    @Override
    public synchronized void stop() {
        running = false;
        stopping.countDown();
        signal.wake();
        if (worker == null) {
            return;
        }
        worker.shutdown();
        try {
            if (!worker.awaitTermination(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
                log.warn("Dispatch did not finish its batch within {} s of the stop; it is rolled back and applied "
                        + "at the next start", STOP_WAIT_SECONDS);
                worker.shutdownNow();
            }
        } catch (InterruptedException e) {
            worker.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private void loop() {
        long backoff = settings.pollInterval().toMillis();
        while (running) {
            try {
                int applied;
                while (running && (applied = dispatchBatch()) > 0) {
                    if (applied < settings.batchSize()) {
                        // caught up: let the events that keep arriving gather into the next batch
                        // (each batch costs a lock, two queries and a commit whatever its size)
                        if (stopping.await(settings.linger().toMillis(), TimeUnit.MILLISECONDS)) {
                            break;
                        }
                    }
                }
                backoff = settings.pollInterval().toMillis();
                signal.await(settings.pollInterval().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.warn("Dispatch paused for {} ms, the events stay queued: {}", backoff, e.toString());
                pause(backoff);
                backoff = Math.min(backoff * 2, 30_000);
            }
        }
    }

    /**
     * Applies up to one batch of pending events; returns how many were applied.
     *
     * @throws RuntimeException when the database itself is at fault (the events stay queued)
     */
    public int dispatchBatch() {
        try {
            return transactions.execute(status -> BatchedWrites.within(() -> {
                queue.lock();
                List<Long> seqs = queue.pendingSeqs(settings.batchSize());
                if (seqs.isEmpty()) {
                    return 0;
                }
                for (CallbackEvent event : journal.events(seqs)) {
                    send(event);
                }
                queue.markDispatched(seqs);
                return seqs.size();
            }));
        } catch (RuntimeException batchFailure) {
            if (faults.isDatabaseFault(batchFailure)) {
                throw batchFailure;
            }
            // one bad event must not hold up the others: apply one at a time to isolate it
            return dispatchOneByOne();
        }
    }

    /**
     * Each event in a transaction of its own, read inside it (so even a journal row that cannot be
     * read is isolated) and only if no other worker applied it since the batch failed. An event that
     * fails while the database answers is tried once more; only the second failure on a healthy
     * database is recorded against it.
     */
    private int dispatchOneByOne() {
        int applied = 0;
        for (long seq : queue.pendingSeqs(settings.batchSize())) {
            RuntimeException failure = null;
            for (int attempt = 1; attempt <= 2; attempt++) {
                try {
                    if (applyAlone(seq)) {
                        applied++;
                    }
                    failure = null;
                    break;
                } catch (RuntimeException e) {
                    if (faults.isDatabaseFault(e) || !faults.databaseAnswers()) {
                        // not the event's fault: keep it queued and wait for the database
                        throw e;
                    }
                    failure = e;
                }
            }
            if (failure != null) {
                RuntimeException cause = failure;
                log.error("Event seq {} could not be applied and is left in the journal only (GET /api/dispatch-failures): {}",
                        seq, cause.toString());
                transactions.executeWithoutResult(status -> queue.markFailed(seq, clock.instant(), rootCause(cause)));
            }
        }
        return applied;
    }

    private boolean applyAlone(long seq) {
        return Boolean.TRUE.equals(transactions.execute(status -> {
            queue.lock();
            if (!queue.isPending(seq)) {
                return false;
            }
            send(journal.events(List.of(seq)).get(0));
            queue.markDispatched(List.of(seq));
            return true;
        }));
    }

    /** The headers routes/dispatch.yaml routes on (see its comment). */
    public static Map<String, Object> dispatchHeaders(CallbackEvent event) {
        return Map.of(
                "kind", event.kind().id(),
                "action", event.action() == null ? 0 : event.action(),
                "site", event.site(),
                "seq", event.seq());
    }

    private void send(CallbackEvent event) {
        Exchange result = producer.send(DISPATCH_ENDPOINT, exchange -> {
            exchange.getMessage().setBody(event);
            exchange.getMessage().setHeaders(new HashMap<>(dispatchHeaders(event)));
        });
        if (result.getException() != null) {
            throw new DispatchException("dispatch of seq " + event.seq() + " failed", result.getException());
        }
    }

    /** What {@link #replayArchive} did: events applied, and those that could not be (logged). */
    public record Replayed(long applied, long failed) {
    }

    /**
     * Applies the archived events, in sequence order, in the caller's transaction, which holds the
     * dispatch lock and has cleared the facts (a rebuild). An event still in the journal tables is left
     * to the journal (written to the archive, not deleted yet). Each event is applied in a savepoint
     * of its own: one that fails is left out, logged at ERROR and counted, and the rest go on.
     */
    public Replayed replayArchive(JournalArchive archive) {
        TransactionTemplate savepoints = new TransactionTemplate(transactions.getTransactionManager());
        savepoints.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        long[] counts = new long[2];
        archive.replay(settings.batchSize(), chunk -> {
            Set<Long> inJournal = journal.stored(chunk.stream().map(CallbackEvent::seq).toList());
            for (CallbackEvent event : chunk) {
                if (inJournal.contains(event.seq())) {
                    continue;
                }
                try {
                    savepoints.executeWithoutResult(status -> send(event));
                    counts[0]++;
                } catch (RuntimeException e) {
                    if (faults.isDatabaseFault(e)) {
                        throw e;
                    }
                    counts[1]++;
                    log.error("Archived event seq {} could not be applied during the rebuild: {}", event.seq(), rootCause(e));
                }
            }
        });
        return new Replayed(counts[0], counts[1]);
    }

    /** An event that could not be applied; its cause says why. */
    static final class DispatchException extends RuntimeException {
        DispatchException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static String rootCause(RuntimeException e) {
        Throwable root = NestedExceptionUtils.getMostSpecificCause(e);
        return root == e ? e.toString() : e.getMessage() + ": " + root;
    }

    /** Waits, cut short by a stop. */
    private void pause(long millis) {
        try {
            stopping.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
