package com.genseehub.embedded;

/**
 * Runs a flush for callers that each need "everything I committed so far is on disk", letting
 * callers that arrive together share one flush: a caller returns once a flush that started after
 * its call has finished, and only one flush runs at a time. Under a burst of such writes (a flood
 * of refused requests, each kept in quarantine) the disk sees a few flushes, not one per request.
 */
final class SharedFlush {

    private final Runnable flush;
    private final Object tickets = new Object();
    private final Object running = new Object();
    private long requested;
    private long completed;

    SharedFlush(Runnable flush) {
        this.flush = flush;
    }

    /** How many flushes were asked for so far. */
    long requests() {
        synchronized (tickets) {
            return requested;
        }
    }

    void flush() {
        long mine;
        synchronized (tickets) {
            mine = ++requested;
        }
        synchronized (running) {
            if (completed >= mine) {
                // a flush that started after this call (see below) has finished meanwhile
                return;
            }
            long covered;
            synchronized (tickets) {
                covered = requested;
            }
            // every caller up to "covered" asked before this flush starts, so it covers them
            flush.run();
            completed = covered;
        }
    }
}
