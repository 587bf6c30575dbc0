package com.genseehub.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

class RetentionScheduleTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    @Test
    void dueOnceTheScheduledTimeAfterTheLastRunHasCome() {
        RetentionSchedule daily = new RetentionSchedule("0 30 3 * * *", SHANGHAI);
        // 03:30 in Shanghai is 19:30 UTC the day before
        Instant lastRun = Instant.parse("2026-03-01T19:30:05Z");
        assertThat(daily.due(lastRun, Instant.parse("2026-03-02T19:29:59Z"))).isFalse();
        assertThat(daily.due(lastRun, Instant.parse("2026-03-02T19:30:00Z"))).isTrue();
        // a hub that was down at the time runs it when it is back
        assertThat(daily.due(lastRun, Instant.parse("2026-03-04T08:00:00Z"))).isTrue();
    }

    @Test
    void aDashNeverRunsByItself() {
        RetentionSchedule never = new RetentionSchedule("-", SHANGHAI);
        assertThat(never.due(Instant.EPOCH, Instant.parse("2100-01-01T00:00:00Z"))).isFalse();
    }
}
