package com.genseehub.attendance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class VodViewerTest {

    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    private static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    private final VodViewer fresh = VodViewer.newcomer("demo", "V1", 1000000101L);

    @Test
    void startThenEndCountsOneView() {
        VodViewer v = fresh.start(at(0)).end(at(300));
        assertThat(v.views()).isEqualTo(1);
        assertThat(v.millis()).isEqualTo(300_000);
        assertThat(v.openSince()).isNull();
    }

    @Test
    void aStartWhileAViewIsOpenClosesTheOldOneAtTheNewStart() {
        VodViewer v = fresh.start(at(0)).start(at(100));
        assertThat(v.views()).isEqualTo(2);
        assertThat(v.millis()).isEqualTo(100_000);
        assertThat(v.openSince()).isEqualTo(at(100));
        assertThat(v.end(at(150)).millis()).isEqualTo(150_000);
    }

    @Test
    void anEndWithNothingOpenIsCountedNotLost() {
        VodViewer v = fresh.end(at(10));
        assertThat(v.orphanEnds()).isEqualTo(1);
        assertThat(v.views()).isZero();
        assertThat(fresh.start(at(0)).end(at(10)).end(at(20)).orphanEnds()).isEqualTo(1);
    }
}
