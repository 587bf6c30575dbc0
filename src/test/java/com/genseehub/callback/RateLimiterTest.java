package com.genseehub.callback;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import com.genseehub.config.HubProperties.RateLimit;
import com.genseehub.support.MutableClock;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-05-01T08:00:00Z"));
    private final RateLimiter limiter = new RateLimiter(clock);
    /** one token a second, three at once */
    private final RateLimit threePerBurst = new RateLimit(1, 3);

    @Test
    void allowsTheBurstThenRefuses() {
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.tryAcquire("demo|198.51.100.1", threePerBurst)).isTrue();
        }
        assertThat(limiter.tryAcquire("demo|198.51.100.1", threePerBurst)).isFalse();
        assertThat(limiter.tryAcquire("demo|198.51.100.1", threePerBurst)).isFalse();
    }

    @Test
    void refillsAtTheRateOnTheHubsClockAndNeverAboveTheBurst() {
        for (int i = 0; i < 3; i++) {
            limiter.tryAcquire("k", threePerBurst);
        }
        assertThat(limiter.tryAcquire("k", threePerBurst)).isFalse();
        clock.advance(Duration.ofMillis(1000));
        assertThat(limiter.tryAcquire("k", threePerBurst)).as("one token after a second").isTrue();
        assertThat(limiter.tryAcquire("k", threePerBurst)).isFalse();
        clock.advance(Duration.ofHours(1));
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.tryAcquire("k", threePerBurst)).as("full again, up to the burst").isTrue();
        }
        assertThat(limiter.tryAcquire("k", threePerBurst)).isFalse();
    }

    @Test
    void otherKeysHaveTheirOwnBuckets() {
        for (int i = 0; i < 3; i++) {
            limiter.tryAcquire("demo|198.51.100.1", threePerBurst);
        }
        assertThat(limiter.tryAcquire("demo|198.51.100.1", threePerBurst)).isFalse();
        assertThat(limiter.tryAcquire("demo|198.51.100.2", threePerBurst)).isTrue();
        assertThat(limiter.tryAcquire("other|198.51.100.1", threePerBurst)).isTrue();
    }

    @Test
    void aZeroLimitMeansNoLimit() {
        RateLimit off = new RateLimit(0, 0);
        for (int i = 0; i < 1000; i++) {
            assertThat(limiter.tryAcquire("demo|198.51.100.1", off)).isTrue();
        }
    }
}
