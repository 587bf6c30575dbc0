package com.genseehub.reconcile;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/** Lengths of sets of time intervals. */
final class Intervals {

    private Intervals() {
    }

    /** Whole seconds covered by the union of the intervals (overlaps counted once). */
    static <T> long unionSeconds(List<T> intervals, Function<T, Instant> join, Function<T, Instant> leave) {
        List<T> sorted = new ArrayList<>(intervals);
        sorted.sort(Comparator.comparing(join));
        long millis = 0;
        Instant coveredTo = Instant.MIN;
        for (T interval : sorted) {
            Instant from = join.apply(interval).isAfter(coveredTo) ? join.apply(interval) : coveredTo;
            Instant to = leave.apply(interval);
            if (to.isAfter(from)) {
                millis += Duration.between(from, to).toMillis();
                coveredTo = to;
            }
        }
        return millis / 1000;
    }
}
