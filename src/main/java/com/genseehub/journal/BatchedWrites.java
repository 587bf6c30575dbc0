package com.genseehub.journal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Writes a dispatch batch puts off to its end: a row that many events of one batch change (a class's
 * online count moves with every callback) is written once, just before the batch commits, instead of
 * once per event. Only the dispatch worker opens a batch, on its own thread and inside the batch's
 * transaction; a batch that fails is rolled back whole, its deferred writes with it. Elsewhere (one
 * event at a time, a rebuild, the API) nothing is open and writes happen at once.
 */
public final class BatchedWrites {

    private static final ThreadLocal<BatchedWrites> OPEN = new ThreadLocal<>();

    private final Map<Object, Deferred<?>> deferred = new LinkedHashMap<>();

    private BatchedWrites() {
    }

    /** The batch open on this thread, if any. */
    public static Optional<BatchedWrites> open() {
        return Optional.ofNullable(OPEN.get());
    }

    /** Puts off writing {@code value} until the batch ends; a later value under the same key replaces it. */
    public <T> void defer(Object key, T value, Consumer<T> write) {
        deferred.put(key, new Deferred<>(value, write));
    }

    /** The value deferred under {@code key}, if any: what a read inside the batch must see. */
    public <T> Optional<T> deferred(Object key, Class<T> type) {
        Deferred<?> entry = deferred.get(key);
        return entry == null ? Optional.empty() : Optional.of(type.cast(entry.value()));
    }

    /** Runs {@code batch} with a batch open, then writes what it deferred (on the caller's transaction). */
    static <T> T within(Supplier<T> batch) {
        BatchedWrites writes = new BatchedWrites();
        OPEN.set(writes);
        try {
            T result = batch.get();
            writes.deferred.values().forEach(Deferred::write);
            return result;
        } finally {
            OPEN.remove();
        }
    }

    private record Deferred<T>(T value, Consumer<T> writer) {
        void write() {
            writer.accept(value);
        }
    }
}
