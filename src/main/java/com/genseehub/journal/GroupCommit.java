package com.genseehub.journal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Group commit: callers that arrive while a write is in progress are written together in the next
 * single transaction by whichever of them gets the writer lock first, instead of one transaction
 * (and one disk write) each. Every caller still returns only after its own item is committed.
 * If a shared write fails, each item of it is written again on its own, so one bad item never
 * fails the others.
 *
 * @param <T> what is written
 * @param <R> what the write returns for one item
 */
public final class GroupCommit<T, R> {

    private final Function<List<T>, List<R>> writeTogether;
    private final int maxBatch;
    private final ConcurrentLinkedQueue<Pending<T, R>> queue = new ConcurrentLinkedQueue<>();
    private final ReentrantLock writer = new ReentrantLock();

    /**
     * @param writeTogether writes all items in one transaction, all or none; returns one result per item
     * @param maxBatch      the most items one transaction takes
     */
    public GroupCommit(Function<List<T>, List<R>> writeTogether, int maxBatch) {
        this.writeTogether = writeTogether;
        this.maxBatch = maxBatch;
    }

    /** Writes the item (possibly together with others) and returns its result once committed. */
    public R write(T item) {
        Pending<T, R> mine = new Pending<>(item);
        queue.add(mine);
        writer.lock();
        try {
            while (!mine.done) {
                writeNextBatch();
            }
        } finally {
            writer.unlock();
        }
        if (mine.failure != null) {
            throw mine.failure;
        }
        return mine.result;
    }

    /** Callers waiting for their item to be written (not counting a write in progress). */
    int queued() {
        return queue.size();
    }

    /** Runs the action while no write is in progress (none starts until it returns). */
    public <V> V exclusively(Supplier<V> action) {
        writer.lock();
        try {
            return action.get();
        } finally {
            writer.unlock();
        }
    }

    private void writeNextBatch() {
        List<Pending<T, R>> batch = new ArrayList<>();
        Pending<T, R> next;
        while (batch.size() < maxBatch && (next = queue.poll()) != null) {
            batch.add(next);
        }
        try {
            List<R> results = writeTogether.apply(batch.stream().map(p -> p.item).toList());
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).succeed(results.get(i));
            }
        } catch (RuntimeException together) {
            if (batch.size() == 1) {
                batch.get(0).fail(together);
                return;
            }
            for (Pending<T, R> alone : batch) {
                try {
                    alone.succeed(writeTogether.apply(List.of(alone.item)).get(0));
                } catch (RuntimeException failure) {
                    alone.fail(failure);
                }
            }
        }
    }

    private static final class Pending<T, R> {
        final T item;
        volatile boolean done;
        volatile R result;
        volatile RuntimeException failure;

        Pending(T item) {
            this.item = item;
        }

        void succeed(R value) {
            result = value;
            done = true;
        }

        void fail(RuntimeException error) {
            failure = error;
            done = true;
        }
    }
}
