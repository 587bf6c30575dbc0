package com.genseehub.callback;

import static org.assertj.core.api.Assertions.assertThat;

import com.genseehub.config.HubProperties.RateLimit;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final RateLimiter limiter = new RateLimiter(meters);
    // refills one token every ~17 minutes: nothing refills during the test
    private final RateLimit threePerBurst = new RateLimit(0.001, 3);

    @Test
    void allowsTheBurstThenRefusesAndCounts() {
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.tryAcquire("demo", "198.51.100.1", threePerBurst)).isTrue();
        }
        assertThat(limiter.tryAcquire("demo", "198.51.100.1", threePerBurst)).isFalse();
        assertThat(limiter.tryAcquire("demo", "198.51.100.1", threePerBurst)).isFalse();
        assertThat(meters.get("hub.callbacks.rate.limited").tag("site", "demo").counter().count()).isEqualTo(2);
    }

    @Test
    void otherAddressesAndOtherSitesHaveTheirOwnBuckets() {
        for (int i = 0; i < 3; i++) {
            limiter.tryAcquire("demo", "198.51.100.1", threePerBurst);
        }
        assertThat(limiter.tryAcquire("demo", "198.51.100.1", threePerBurst)).isFalse();
        assertThat(limiter.tryAcquire("demo", "198.51.100.2", threePerBurst)).isTrue();
        assertThat(limiter.tryAcquire("other", "198.51.100.1", threePerBurst)).isTrue();
    }

    @Test
    void aZeroLimitMeansNoLimit() {
        RateLimit off = new RateLimit(0, 0);
        for (int i = 0; i < 1000; i++) {
            assertThat(limiter.tryAcquire("demo", "198.51.100.1", off)).isTrue();
        }
    }
}
