package com.genseehub.journal;

import java.time.Duration;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Runs a short piece of database work again, with growing pauses, while it fails through a fault of
 * the database ({@link DatabaseFaults}): a connection lost, a lock or statement timeout, a
 * serialisation failure. A fault of the work itself is thrown at once.
 */
@Component
public class DatabaseRetry {

    private static final Logger log = LoggerFactory.getLogger(DatabaseRetry.class);
    static final long FIRST_PAUSE_MILLIS = 100;
    static final long LONGEST_PAUSE_MILLIS = 5_000;

    private final DatabaseFaults faults;

    public DatabaseRetry(DatabaseFaults faults) {
        this.faults = faults;
    }

    /**
     * The work's result, once it ran without a fault of the database.
     *
     * @param what     what the work does, for the log
     * @param patience how long to keep trying; after that (or when the thread is interrupted) the last
     *                 fault is thrown
     */
    public <T> T run(String what, Duration patience, Supplier<T> work) {
        long deadline = System.nanoTime() + patience.toNanos();
        long pause = FIRST_PAUSE_MILLIS;
        while (true) {
            try {
                return work.get();
            } catch (RuntimeException e) {
                if (!faults.isDatabaseFault(e) || System.nanoTime() + pause * 1_000_000 > deadline) {
                    throw e;
                }
                log.warn("{}: the database failed ({}), trying again in {} ms", what, e.toString(), pause);
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                pause = Math.min(pause * 2, LONGEST_PAUSE_MILLIS);
            }
        }
    }
}
