package com.genseehub.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;

import com.genseehub.retention.RetentionProperties;
import org.junit.jupiter.api.Test;

/** A batch's sequence numbers go into one statement, so a batch size PostgreSQL cannot take is refused at start-up. */
class BatchSizeLimitsTest {

    @Test
    void aDispatchBatchTooLargeForOneStatementIsRefusedWithTheSettingsName() {
        assertThat(dispatch(10_000).batchSize()).isEqualTo(10_000);
        assertThatThrownBy(() -> dispatch(40_000)).hasMessage("hub.dispatch.batch-size must be from 1 to 10000, not 40000");
        assertThatThrownBy(() -> dispatch(0)).hasMessageContaining("hub.dispatch.batch-size");
    }

    @Test
    void aRetentionBatchTooLargeForOneStatementIsRefusedWithTheSettingsName() {
        assertThat(retention(10_000).batchSize()).isEqualTo(10_000);
        assertThatThrownBy(() -> retention(40_000)).hasMessage("hub.retention.batch-size must be from 1 to 10000, not 40000");
    }

    private static HubProperties.Dispatch dispatch(int batchSize) {
        return new HubProperties.Dispatch(Duration.ofSeconds(1), batchSize, Duration.ofMillis(50));
    }

    private static RetentionProperties retention(int batchSize) {
        return new RetentionProperties(Duration.ofDays(90), Duration.ofDays(14), Duration.ofDays(30), "0 30 3 * * *",
                ZoneId.of("Asia/Shanghai"), batchSize, Path.of("data/archive"), Duration.ofHours(6));
    }
}
