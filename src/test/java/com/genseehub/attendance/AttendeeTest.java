package com.genseehub.attendance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class AttendeeTest {

    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    private static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    private final Attendee fresh = Attendee.newcomer("demo", "C1", 1000000101L);

    @Test
    void joinThenLeaveCountsTheInterval() {
        Attendee.Change change = fresh.join(at(0)).leave(at(90), false);
        assertThat(change.attendee().millis()).isEqualTo(90_000);
        assertThat(change.attendee().normalExits()).isEqualTo(1);
        assertThat(change.attendee().present()).isFalse();
        assertThat(change.attendee().lastLeave()).isEqualTo(at(90));
        assertThat(change.closed()).isEqualTo(new Attendee.Interval(at(0), at(90), Attendee.Exit.LEFT));
    }

    @Test
    void aRepeatedJoinWhilePresentOpensNothing() {
        Attendee twice = fresh.join(at(0)).join(at(30));
        assertThat(twice.joins()).isEqualTo(1);
        assertThat(twice.repeatedJoins()).isEqualTo(1);
        assertThat(twice.openSince()).isEqualTo(at(0));
        assertThat(twice.leave(at(100), false).attendee().millis()).isEqualTo(100_000);
    }

    @Test
    void abnormalExitIsCountedSeparately() {
        Attendee a = fresh.join(at(0)).leave(at(10), true).attendee();
        assertThat(a.abnormalExits()).isEqualTo(1);
        assertThat(a.normalExits()).isZero();
        assertThat(a.millis()).isEqualTo(10_000);
    }

    @Test
    void aLeaveWithNothingOpenIsAnOrphan() {
        Attendee.Change change = fresh.leave(at(5), false);
        assertThat(change.attendee().orphanLeaves()).isEqualTo(1);
        assertThat(change.closed()).isNull();
        assertThat(change.attendee().millis()).isZero();
        Attendee afterInterval = fresh.join(at(0)).leave(at(10), false).attendee().leave(at(20), true).attendee();
        assertThat(afterInterval.orphanLeaves()).isEqualTo(1);
        assertThat(afterInterval.abnormalExits()).isZero();
        assertThat(afterInterval.millis()).isEqualTo(10_000);
    }

    @Test
    void theEndOfTheClassClosesAnOpenInterval() {
        Attendee.Change change = fresh.join(at(0)).closeAtStop(at(600));
        assertThat(change.attendee().closedByStop()).isEqualTo(1);
        assertThat(change.attendee().millis()).isEqualTo(600_000);
        assertThat(change.closed().endedBy()).isEqualTo(Attendee.Exit.CLASS_STOPPED);
        assertThat(fresh.closeAtStop(at(600)).closed()).isNull();
    }

    @Test
    void severalIntervalsAddUpAndTheFirstJoinIsKept() {
        Attendee a = fresh.join(at(0)).leave(at(60), true).attendee().join(at(100)).leave(at(160), false).attendee();
        assertThat(a.joins()).isEqualTo(2);
        assertThat(a.millis()).isEqualTo(120_000);
        assertThat(a.firstJoin()).isEqualTo(at(0));
        assertThat(a.lastLeave()).isEqualTo(at(160));
    }

    @Test
    void aClockGoingBackwardsNeverMakesNegativeTime() {
        assertThat(fresh.join(at(100)).leave(at(50), false).attendee().millis()).isZero();
    }
}
