package com.genseehub.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    /** the largest value a uniform random in [0, 1) can take: the top of the jitter range */
    private static final java.util.function.DoubleSupplier ALMOST_ONE = () -> Math.nextDown(1.0);

    private final RetryPolicy policy = new RetryPolicy(6, Duration.ofSeconds(10), Duration.ofSeconds(60));

    @Test
    void theCeilingDoublesPerAttemptUpToTheMaximum() {
        assertThat(policy.delayAfter(1, ALMOST_ONE)).isEqualTo(Duration.ofSeconds(10));
        assertThat(policy.delayAfter(2, ALMOST_ONE)).isEqualTo(Duration.ofSeconds(20));
        assertThat(policy.delayAfter(3, ALMOST_ONE)).isEqualTo(Duration.ofSeconds(40));
        assertThat(policy.delayAfter(4, ALMOST_ONE)).isEqualTo(Duration.ofSeconds(60));
        assertThat(policy.delayAfter(30, ALMOST_ONE)).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void jitterSpreadsTheWaitBetweenHalfAndAllOfTheCeiling() {
        assertThat(policy.delayAfter(3, () -> 0.0)).isEqualTo(Duration.ofSeconds(20));
        assertThat(policy.delayAfter(3, () -> 0.5)).isEqualTo(Duration.ofMillis(30_000));
        assertThat(policy.delayAfter(4, () -> 0.0)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void theDeliveryIsExhaustedAfterMaxAttempts() {
        assertThat(policy.exhausted(5)).isFalse();
        assertThat(policy.exhausted(6)).isTrue();
        assertThat(new RetryPolicy(1, Duration.ofSeconds(1), Duration.ofSeconds(1)).exhausted(1)).isTrue();
    }

    @Test
    void nonsenseSettingsAreRefused() {
        assertThatThrownBy(() -> new RetryPolicy(0, Duration.ofSeconds(1), Duration.ofSeconds(1)))
                .hasMessageContaining("max-attempts");
        assertThatThrownBy(() -> new RetryPolicy(3, Duration.ofSeconds(10), Duration.ofSeconds(1)))
                .hasMessageContaining("initial-delay");
    }
}
