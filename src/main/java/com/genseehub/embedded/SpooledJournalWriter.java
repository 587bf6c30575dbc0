package com.genseehub.embedded;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Supplier;

import com.genseehub.callback.CallbackEvent;
import com.genseehub.journal.GroupCommit;
import com.genseehub.journal.JournalWriter;

/**
 * The journal writer on the embedded database: numbers the events and appends them to the spool, and
 * that is all a callback waits for; {@link SpoolLoader} then moves them into the journal tables.
 * Requests that arrive while an append is in progress share the next one ({@link GroupCommit}).
 */
final class SpooledJournalWriter implements JournalWriter {

    private final JournalSpool spool;
    private final GroupCommit<List<CallbackEvent>, List<CallbackEvent>> groupCommit;
    private final Runnable appended;
    private final Supplier<SpoolLoader.Loaded> loaded;
    /** The next sequence number; only changed under the group commit's writer lock. */
    private long nextSeq;
    /** The highest sequence number whose append has returned. */
    private volatile long appendedUpTo;

    /**
     * @param lastSeq  the highest sequence number the journal holds (database and spool)
     * @param appended   told after every append (wakes the loader)
     * @param loaded     what the journal tables hold
     */
    SpooledJournalWriter(JournalSpool spool, long lastSeq, int maxRequestsPerCommit, Runnable appended,
                         Supplier<SpoolLoader.Loaded> loaded) {
        this.spool = spool;
        this.appended = appended;
        this.loaded = loaded;
        this.nextSeq = lastSeq + 1;
        this.appendedUpTo = lastSeq;
        this.groupCommit = new GroupCommit<>(this::appendTogether, maxRequestsPerCommit);
    }

    @Override
    public List<CallbackEvent> write(List<CallbackEvent> events) {
        return groupCommit.write(events);
    }

    long appendedUpTo() {
        return appendedUpTo;
    }

    @Override
    public Snapshot snapshot() {
        // loaded first: it never passes appended; numbers on the spool have no gaps, so the difference is a count
        SpoolLoader.Loaded inTables = loaded.get();
        return new Snapshot(inTables.upTo(), OptionalLong.of(inTables.events()),
                Math.max(0, appendedUpTo - inTables.upTo()));
    }

    @Override
    public void awaitInTables(Duration max) {
        long target = appendedUpTo;
        long deadline = System.nanoTime() + max.toNanos();
        while (loaded.get().upTo() < target && System.nanoTime() < deadline) {
            appended.run();
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Closes the spool file being written (between two appends); returns every closed file and the last seq in them. */
    Roll roll() {
        return groupCommit.exclusively(() -> new Roll(spool.roll(), appendedUpTo));
    }

    record Roll(List<Path> closedFiles, long lastSeq) {
    }

    private List<List<CallbackEvent>> appendTogether(List<List<CallbackEvent>> requests) {
        long first = nextSeq;
        List<List<CallbackEvent>> numbered = new ArrayList<>(requests.size());
        List<CallbackEvent> all = new ArrayList<>();
        long seq = first;
        for (List<CallbackEvent> events : requests) {
            List<CallbackEvent> request = new ArrayList<>(events.size());
            for (CallbackEvent event : events) {
                CallbackEvent withSeq = event.withSeq(seq++);
                request.add(withSeq);
                all.add(withSeq);
            }
            numbered.add(request);
        }
        // a failed append (disk full) throws here and its numbers are used again by the next one
        spool.append(all);
        nextSeq = seq;
        appendedUpTo = seq - 1;
        appended.run();
        return numbered;
    }
}
