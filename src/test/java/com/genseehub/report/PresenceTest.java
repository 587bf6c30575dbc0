package com.genseehub.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import com.genseehub.config.HubProperties.AttendanceRule;
import com.genseehub.report.PresenceInterval.End;
import org.junit.jupiter.api.Test;

/** Presence arithmetic at every edge: intervals cut to the class's live spans. */
class PresenceTest {

    private static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");

    private static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    /** A class live from 100 to 1000 s, without a pause. */
    private static final List<LiveSpan> ONE_SPAN = ClassLiveTime.none().start(at(100)).stop(at(1000)).spans();

    private static PresenceInterval left(long from, long to) {
        return new PresenceInterval(at(from), at(to), End.NORMAL);
    }

    private static long present(List<PresenceInterval> intervals, List<LiveSpan> spans, long asOf) {
        return Presence.presentMillis(intervals, spans, at(asOf)) / 1000;
    }

    @Test
    void anIntervalInsideLiveTimeCountsWhole() {
        assertThat(present(List.of(left(200, 500)), ONE_SPAN, 2000)).isEqualTo(300);
        assertThat(Presence.liveMillis(ONE_SPAN, at(2000))).isEqualTo(900_000);
    }

    @Test
    void aJoinBeforeTheStartCountsFromTheStart() {
        assertThat(present(List.of(left(0, 400)), ONE_SPAN, 2000)).isEqualTo(300);
    }

    @Test
    void aLeaveAfterTheStopCountsUpToTheStop() {
        assertThat(present(List.of(left(900, 1500)), ONE_SPAN, 2000)).isEqualTo(100);
    }

    @Test
    void anIntervalWhollyOutsideLiveTimeCountsNothing() {
        assertThat(present(List.of(left(0, 100), left(1000, 1200)), ONE_SPAN, 2000)).isZero();
    }

    @Test
    void aPauseInsideAnIntervalDoesNotCount() {
        // live 100-400, paused 400-600, live again 600-1000
        List<LiveSpan> paused = ClassLiveTime.none().start(at(100)).pause(at(400)).start(at(600)).stop(at(1000)).spans();
        assertThat(paused).containsExactly(new LiveSpan(at(100), at(400), LiveSpan.EndedBy.PAUSED),
                new LiveSpan(at(600), at(1000), LiveSpan.EndedBy.STOPPED));
        assertThat(present(List.of(left(300, 700)), paused, 2000)).isEqualTo(200);
        assertThat(Presence.liveMillis(paused, at(2000))).isEqualTo(700_000);
    }

    @Test
    void severalIntervalsAddUpAndOverlapsCountOnce() {
        assertThat(present(List.of(left(150, 250), left(500, 600), left(800, 1200)), ONE_SPAN, 2000))
                .isEqualTo(100 + 100 + 200);
        // a repaired interval that overlaps a callback interval: the overlap counts once
        assertThat(present(List.of(left(200, 400), new PresenceInterval(at(300), at(500), End.REPAIRED)),
                ONE_SPAN, 2000)).isEqualTo(300);
    }

    @Test
    void aMissingLeaveClosedByTheStopCountsUpToTheStop() {
        assertThat(present(List.of(new PresenceInterval(at(600), at(1000), End.CLOSED_BY_STOP)), ONE_SPAN, 2000))
                .isEqualTo(400);
    }

    @Test
    void aClassStoppedAndStartedAgainHasOneMoreSpan() {
        ClassLiveTime twice = ClassLiveTime.none().start(at(100)).stop(at(300)).start(at(1000)).stop(at(1300));
        assertThat(twice.spans()).hasSize(2);
        assertThat(twice.stops()).isEqualTo(2);
        assertThat(Presence.liveMillis(twice.spans(), at(2000))).isEqualTo(500_000);
        // present 200-1100: 100 s of the first span, the time between the runs not, 100 s of the second
        assertThat(present(List.of(left(200, 1100)), twice.spans(), 2000)).isEqualTo(200);
    }

    @Test
    void whatIsStillOpenCountsUpToTheTimeOfTheReport() {
        List<LiveSpan> live = ClassLiveTime.none().start(at(100)).spans();
        assertThat(Presence.liveMillis(live, at(700))).isEqualTo(600_000);
        assertThat(present(List.of(PresenceInterval.open(at(400))), live, 700)).isEqualTo(300);
    }

    @Test
    void presenceIsTheShareOfLiveTimeAndUndefinedWithoutLiveTime() {
        assertThat(Presence.share(450_000, 900_000)).isEqualTo(0.5);
        assertThat(Presence.share(900_000, 900_000)).isEqualTo(1.0);
        assertThat(Presence.share(0, 0)).isNull();
        assertThat(Presence.presentMillis(List.of(left(0, 500)), List.of(), at(600))).isZero();
    }

    @Test
    void theRuleQualifiesWhenEveryConditionSetHolds() {
        long live = 1000_000;
        assertThat(Presence.qualified(null, 900_000, live)).isNull();
        assertThat(Presence.qualified(new AttendanceRule(null, null), 900_000, live)).isNull();

        AttendanceRule share = new AttendanceRule(0.85, null);
        assertThat(Presence.qualified(share, 850_000, live)).isTrue();
        assertThat(Presence.qualified(share, 849_999, live)).isFalse();
        assertThat(Presence.qualified(share, 0, 0)).as("no live time: no share can be met").isFalse();

        AttendanceRule minutes = new AttendanceRule(null, 10);
        assertThat(Presence.qualified(minutes, 600_000, live)).isTrue();
        assertThat(Presence.qualified(minutes, 599_999, live)).isFalse();

        AttendanceRule both = new AttendanceRule(0.5, 10);
        assertThat(Presence.qualified(both, 700_000, live)).isTrue();
        assertThat(Presence.qualified(both, 700_000, 2000_000)).as("minutes met, share not").isFalse();
        assertThat(Presence.qualified(both, 500_000, 800_000)).as("share met, minutes not").isFalse();
    }
}
