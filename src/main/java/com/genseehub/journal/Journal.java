package com.genseehub.journal;

import java.time.Duration;
import java.util.List;

import com.genseehub.callback.CallbackEvent;
import com.genseehub.disk.DiskGuard;
import org.springframework.stereotype.Component;

/**
 * The durable event store, as routes and features use it ({@code journal} in route files): every
 * accepted callback, numbered in the order received. Once {@link #append} returns the event survives
 * a crash of the hub, so the caller may be answered. Below {@code hub.disk.min-free} free on the data
 * folder's disk it stores nothing ({@link JournalUnavailableException}: the caller gets 503), so that no
 * acknowledged callback is lost to a full disk.
 */
@Component("journal")
public class Journal {

    private final JournalWriter writer;
    private final DispatchSignal dispatchSignal;
    private final DiskGuard disk;

    public Journal(JournalWriter writer, DispatchSignal dispatchSignal, DiskGuard disk) {
        this.writer = writer;
        this.dispatchSignal = dispatchSignal;
        this.disk = disk;
    }

    /** Stores the event; returns it with its sequence number. */
    public CallbackEvent append(CallbackEvent event) {
        return appendAll(List.of(event)).get(0);
    }

    /** Stores all events of one request, in list order, all or none; returns them numbered. */
    public List<CallbackEvent> appendAll(List<CallbackEvent> events) {
        if (!disk.acceptsCallbacks()) {
            throw new JournalUnavailableException(disk.refusal());
        }
        List<CallbackEvent> stored = writer.write(events);
        dispatchSignal.wake();
        return stored;
    }

    /** Waits (up to a second) until every event stored before the call can be read from the journal tables. */
    public void awaitReadable() {
        writer.awaitInTables(READ_AFTER_WRITE);
    }

    private static final Duration READ_AFTER_WRITE = Duration.ofSeconds(1);

    /** Events stored but not yet in the journal tables (the embedded database's spool holds them). */
    public long notYetInTables() {
        return writer.notYetInTables();
    }

    /** What is stored now: see {@link JournalWriter.Snapshot}. */
    public JournalWriter.Snapshot snapshot() {
        return writer.snapshot();
    }
}
