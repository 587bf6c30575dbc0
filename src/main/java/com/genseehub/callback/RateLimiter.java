package com.genseehub.callback;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.genseehub.config.HubProperties.RateLimit;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;

/**
 * Token buckets (Bucket4j) per key, e.g. per (site, calling address): {@code perSecond} refill, up to
 * {@code burst} at once, so a flood from one address is cut off without slowing anyone else. The
 * buckets live in a bounded cache (Caffeine); one idle for {@link #IDLE} is dropped, as it would be
 * full again by then. Time is the hub's clock, so tests can move it.
 */
public final class RateLimiter {

    static final Duration IDLE = Duration.ofMinutes(10);
    private static final int MAX_KEYS = 100_000;

    private final Cache<String, Bucket> buckets;
    private final TimeMeter time;

    public RateLimiter(Clock clock) {
        this.time = new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                return TimeUnit.MILLISECONDS.toNanos(clock.millis());
            }

            @Override
            public boolean isWallClockBased() {
                return true;
            }
        };
        this.buckets = Caffeine.newBuilder().maximumSize(MAX_KEYS).expireAfterAccess(IDLE)
                .ticker(time::currentTimeNanos).build();
    }

    /** Takes one token of the key's bucket; false when it is empty (or true when the limit is off). */
    public boolean tryAcquire(String key, RateLimit limit) {
        if (!limit.enabled()) {
            return true;
        }
        return buckets.get(key, k -> bucket(limit)).tryConsume(1);
    }

    private Bucket bucket(RateLimit limit) {
        long nanosPerToken = Math.max(1, (long) (1e9 / limit.perSecond()));
        return Bucket.builder()
                .addLimit(bandwidth -> bandwidth.capacity(limit.burst())
                        .refillGreedy(1, Duration.ofNanos(nanosPerToken)))
                .withCustomTimePrecision(time)
                .build();
    }
}
