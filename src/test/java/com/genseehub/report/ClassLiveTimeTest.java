package com.genseehub.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

/** The live-span state machine: 103 opens, 104 and 105 end, duplicates and odd orders change nothing. */
class ClassLiveTimeTest {

    private static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");

    private static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    @Test
    void aRepeatedStartWhileLiveOpensNothing() {
        ClassLiveTime live = ClassLiveTime.none().start(at(0)).start(at(50));
        assertThat(live.spans()).containsExactly(LiveSpan.open(at(0)));
        assertThat(live.live()).isTrue();
    }

    @Test
    void aPauseOrStopWhileNotLiveChangesNothing() {
        assertThat(ClassLiveTime.none().pause(at(10)).stop(at(20))).isEqualTo(ClassLiveTime.none());
        ClassLiveTime stopped = ClassLiveTime.none().start(at(0)).stop(at(100));
        assertThat(stopped.stop(at(150))).as("a repeated 105").isEqualTo(stopped);
        assertThat(stopped.pause(at(150))).isEqualTo(stopped);
        assertThat(stopped.stops()).isEqualTo(1);
    }

    @Test
    void aClassPausedAndThenStoppedEndedAtItsPauseAndCountsAsStopped() {
        ClassLiveTime time = ClassLiveTime.none().start(at(0)).pause(at(100)).stop(at(400));
        assertThat(time.spans()).containsExactly(new LiveSpan(at(0), at(100), LiveSpan.EndedBy.STOPPED));
        assertThat(time.stops()).isEqualTo(1);
        assertThat(time.live()).isFalse();
    }

    @Test
    void aStartAfterAStopBeginsAnotherSpan() {
        ClassLiveTime time = ClassLiveTime.none().start(at(0)).stop(at(100)).start(at(500));
        assertThat(time.spans()).containsExactly(new LiveSpan(at(0), at(100), LiveSpan.EndedBy.STOPPED),
                LiveSpan.open(at(500)));
        assertThat(time.stops()).isEqualTo(1);
        assertThat(time.live()).isTrue();
    }
}
