package com.genseehub.delivery;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * When a failed delivery is tried again: exponential backoff with jitter. After attempt n failed the
 * next one waits a random time between half and all of {@code min(maxDelay, initialDelay * 2^(n-1))}
 * ("equal jitter"), so retries of many deliveries that failed together spread out instead of
 * hammering a recovering sink at the same instant.
 *
 * @param maxAttempts  attempts in total, the first one included; the delivery is dead after the last
 * @param initialDelay the wait before the second attempt (before jitter)
 * @param maxDelay     the longest wait between two attempts
 */
public record RetryPolicy(int maxAttempts, Duration initialDelay, Duration maxDelay) {

    public static final RetryPolicy DEFAULT = new RetryPolicy(10, Duration.ofSeconds(5), Duration.ofMinutes(30));

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("max-attempts must be at least 1");
        }
        if (initialDelay.isNegative() || initialDelay.isZero() || maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException("need 0 < initial-delay <= max-delay");
        }
    }

    /** True when a delivery that has failed {@code attempts} times gets no further attempt. */
    public boolean exhausted(int attempts) {
        return attempts >= maxAttempts;
    }

    /**
     * The wait after the {@code attempts}-th failed attempt.
     *
     * @param random uniform in [0, 1)
     */
    public Duration delayAfter(int attempts, DoubleSupplier random) {
        Duration ceiling = backoff(attempts);
        long half = ceiling.toMillis() / 2;
        return Duration.ofMillis(ceiling.toMillis() - half + (long) (random.getAsDouble() * (half + 1)));
    }

    private Duration backoff(int attempts) {
        Duration delay = initialDelay;
        for (int i = 1; i < attempts && delay.compareTo(maxDelay) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
    }
}
