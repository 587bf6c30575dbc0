package com.genseehub.simulator;

import java.time.Duration;

/** Makes simulated time pass: by sleeping (against a real hub) or by moving a test clock. */
@FunctionalInterface
public interface Pacer {

    void advance(Duration duration);

    /** Sleeps {@code duration / speedup}; a speed-up of 0 or less does not sleep at all. */
    static Pacer sleeping(double speedup) {
        return duration -> {
            if (speedup <= 0) {
                return;
            }
            long millis = (long) (duration.toMillis() / speedup);
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        };
    }
}
