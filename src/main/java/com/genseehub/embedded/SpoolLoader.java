package com.genseehub.embedded;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

import com.genseehub.callback.CallbackEvent;
import com.genseehub.journal.JournalTable;
import com.genseehub.system.BackgroundThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Moves spooled events into the journal tables, in batches, in sequence order, off the request
 * threads: reads the spool from where it stopped, so memory stays small however far it falls behind
 * (a burst is answered first and loaded after). A failed insert (the database refusing writes) is
 * retried until it succeeds; the events wait in the spool meanwhile.
 */
final class SpoolLoader {

    private static final Logger log = LoggerFactory.getLogger(SpoolLoader.class);
    static final int BATCH = 1000;
    /**
     * Once caught up, the pause before loading what arrived since: a steady stream goes into the tables
     * in batches instead of one transaction per callback (the spool holds them safely meanwhile).
     */
    static final long LINGER_MILLIS = 20;

    private final JournalSpool.Tail tail;
    private final JournalTable table;
    private final TransactionTemplate transactions;
    private final LongSupplier appendedUpTo;
    private final Runnable afterBatch;
    private final Semaphore wake = new Semaphore(0);
    private final AtomicReference<Loaded> loaded;
    private volatile boolean running;
    private Thread thread;

    /**
     * @param tail         the spool read from its first file
     * @param inTables     what the tables hold already (spooled events up to its sequence number are skipped)
     * @param appendedUpTo the highest sequence number whose append has returned
     * @param afterBatch   told after every batch (wakes the dispatch worker)
     */
    SpoolLoader(JournalSpool.Tail tail, JournalTable table, TransactionTemplate transactions, Loaded inTables,
                LongSupplier appendedUpTo, Runnable afterBatch) {
        this.tail = tail;
        this.table = table;
        this.transactions = transactions;
        this.loaded = new AtomicReference<>(inTables);
        this.appendedUpTo = appendedUpTo;
        this.afterBatch = afterBatch;
    }

    /**
     * What the journal tables hold: every event up to sequence number {@code upTo}, {@code events} of
     * them (fewer than upTo once retention took some). Kept here because H2 counts a table by reading
     * every row while any other transaction writes, which is all the time under traffic.
     */
    record Loaded(long upTo, long events) {
    }

    Loaded loaded() {
        return loaded.get();
    }

    long loadedUpTo() {
        return loaded.get().upTo();
    }

    /** Events taken out of the tables (by retention). */
    void removed(long events) {
        loaded.updateAndGet(now -> new Loaded(now.upTo(), now.events() - events));
    }

    void wake() {
        if (wake.availablePermits() == 0) {
            wake.release();
        }
    }

    synchronized void start() {
        running = true;
        thread = BackgroundThreads.named("journal-loader").newThread(this::loop);
        thread.start();
    }

    /** Loads what is left, then stops (false when that took longer than the timeout). */
    boolean drainAndStop(long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (loadedUpTo() < appendedUpTo.getAsLong() && System.currentTimeMillis() < deadline) {
            wake();
            Thread.sleep(10);
        }
        running = false;
        wake();
        if (thread != null) {
            thread.join(Math.max(1, deadline - System.currentTimeMillis()));
        }
        return loadedUpTo() >= appendedUpTo.getAsLong();
    }

    private void loop() {
        long backoff = 100;
        while (running) {
            try {
                int stored = loadOnce();
                if (stored == 0) {
                    wake.tryAcquire(1, TimeUnit.SECONDS);
                    wake.drainPermits();
                } else if (stored < BATCH) {
                    Thread.sleep(LINGER_MILLIS);
                }
                backoff = 100;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException | IOException e) {
                log.error("Journal loader: spooled callbacks cannot be stored in the database, retrying in {} ms "
                        + "(they are safe in the spool): {}", backoff, e.toString());
                sleep(backoff);
                backoff = Math.min(backoff * 2, 30_000);
            }
        }
    }

    /** Loads one batch; returns how many events it stored. */
    int loadOnce() throws IOException {
        if (pending == null) {
            pending = nextBatch();
        }
        if (pending.isEmpty()) {
            pending = null;
            return 0;
        }
        List<CallbackEvent> batch = pending;
        transactions.executeWithoutResult(status -> table.insertNumbered(batch));
        pending = null;
        long last = batch.get(batch.size() - 1).seq();
        loaded.updateAndGet(now -> new Loaded(last, now.events() + batch.size()));
        afterBatch.run();
        return batch.size();
    }

    /** The next events after {@link #loadedUpTo()} (at start-up the spool begins with events already stored). */
    private List<CallbackEvent> nextBatch() throws IOException {
        while (true) {
            List<CallbackEvent> read = tail.next(BATCH, appendedUpTo.getAsLong());
            if (read.isEmpty()) {
                return read;
            }
            long after = loadedUpTo();
            List<CallbackEvent> batch = read.stream().filter(event -> event.seq() > after).toList();
            if (!batch.isEmpty()) {
                return batch;
            }
        }
    }

    /** A batch read from the spool and not stored yet: a failed insert is tried again with the same events. */
    private List<CallbackEvent> pending;

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
