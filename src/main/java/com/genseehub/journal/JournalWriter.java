package com.genseehub.journal;

import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;

import com.genseehub.callback.CallbackEvent;

/** Stores accepted events so that they survive a crash of the hub: once it returns, they may be acknowledged. */
public interface JournalWriter {

    /**
     * Stores the events of one request, in order, all or none (possibly together with other
     * requests' events); returns them with their sequence numbers.
     */
    List<CallbackEvent> write(List<CallbackEvent> events);

    /** Events stored but not in the journal tables yet (0 for a writer that stores into them directly). */
    default long notYetInTables() {
        return snapshot().notYetInTables();
    }

    /**
     * What is stored at one moment: the events in the tables are those up to {@code inTablesUpTo}
     * (every sequence number where events go to the tables directly), {@code inTables} of them where
     * the writer keeps that count (empty: count the tables), and {@code notYetInTables} more follow them.
     */
    record Snapshot(long inTablesUpTo, OptionalLong inTables, long notYetInTables) {
    }

    default Snapshot snapshot() {
        return new Snapshot(Long.MAX_VALUE, OptionalLong.empty(), 0);
    }

    /**
     * Waits (up to {@code max}) until every event stored before the call is in the journal tables, so
     * that a read right after an acknowledgement finds it. Returns at once where they go there directly.
     */
    default void awaitInTables(Duration max) {
    }
}
