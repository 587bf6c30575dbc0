package com.genseehub.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.genseehub.attendance.Attendee.Exit;
import com.genseehub.reconcile.ReconciledInterval.Source;
import com.genseehub.reconcile.Reconciler.GenseeInterval;
import com.genseehub.reconcile.Reconciler.HubInterval;
import org.junit.jupiter.api.Test;

class ReconcilerTest {

    private static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");
    private final Reconciler reconciler = new Reconciler(Duration.ofSeconds(60));

    private static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    private static HubInterval hub(long join, long leave, Exit exit) {
        return new HubInterval(at(join), at(leave), exit);
    }

    private static GenseeInterval gensee(long operator, long join, long leave) {
        return new GenseeInterval(operator, at(join), at(leave));
    }

    private static ReconciledInterval interval(long operator, long join, long leave, Source source, Exit exit) {
        return new ReconciledInterval(operator, at(join), at(leave), source, exit);
    }

    @Test
    void agreeingRecordsWithinTheToleranceAreMatchedAndKeptAsTheCallbacksSaid() {
        Reconciler.Result result = reconciler.reconcile(
                Map.of(1L, List.of(hub(0, 600, Exit.LEFT)), 2L, List.of(hub(100, 900, Exit.ABNORMAL))), Set.of(1L, 2L),
                List.of(gensee(1, 3, 630), gensee(2, 95, 900)));
        assertThat(result.intervals()).containsExactly(interval(1, 0, 600, Source.CALLBACK, Exit.LEFT),
                interval(2, 100, 900, Source.CALLBACK, Exit.ABNORMAL));
        assertThat(result.counts()).isEqualTo(new Reconciler.Counts(2, 0, 0, 0, 0, 0));
        assertThat(result.users().get(1L)).isEqualTo(new Reconciler.UserFigures(600, 627, 600));
    }

    @Test
    void aLeaveThatNeverArrivedIsTakenFromGensee() {
        // the hub closed the interval at the stop (1800 s); Gensee saw the user leave at 700 s
        Reconciler.Result result = reconciler.reconcile(Map.of(1L, List.of(hub(100, 1800, Exit.CLASS_STOPPED))),
                Set.of(1L), List.of(gensee(1, 101, 700)));
        assertThat(result.intervals()).containsExactly(interval(1, 100, 700, Source.REPAIRED_LEAVE, null));
        assertThat(result.counts().missingLeaves()).isEqualTo(1);
        assertThat(result.counts().durationDifferences()).isEqualTo(1);
        assertThat(result.users().get(1L)).isEqualTo(new Reconciler.UserFigures(1700, 599, 600));
    }

    @Test
    void aUserStillThereAtTheStopKeepsTheStopAsLeave() {
        Reconciler.Result result = reconciler.reconcile(Map.of(1L, List.of(hub(100, 1800, Exit.CLASS_STOPPED))),
                Set.of(1L), List.of(gensee(1, 100, 1790)));
        assertThat(result.intervals()).containsExactly(interval(1, 100, 1800, Source.CALLBACK, Exit.CLASS_STOPPED));
        assertThat(result.counts()).isEqualTo(new Reconciler.Counts(1, 0, 0, 0, 0, 0));
    }

    @Test
    void aLeaveLostBeforeAReturnSplitsTheIntervalAtGenseesTimes() {
        // left at 300 (107 lost), back at 500 (the hub took the 101 as a repeated join), left at 900 (107 received)
        Reconciler.Result result = reconciler.reconcile(Map.of(1L, List.of(hub(0, 900, Exit.LEFT))), Set.of(1L),
                List.of(gensee(1, 0, 300), gensee(1, 500, 900)));
        assertThat(result.intervals()).containsExactly(interval(1, 0, 300, Source.REPAIRED_LEAVE, null),
                interval(1, 500, 900, Source.GENSEE, null));
        assertThat(result.counts().missingLeaves()).isEqualTo(1);
        assertThat(result.users().get(1L).reconciledSeconds()).isEqualTo(700);
    }

    @Test
    void aJoinTheHubNeverReceivedIsAddedFromGensee() {
        // the 101 at 200 was lost: its 107 at 500 was an orphan leave; a later stay was received
        Reconciler.Result result = reconciler.reconcile(Map.of(1L, List.of(hub(800, 1000, Exit.LEFT))), Set.of(1L),
                List.of(gensee(1, 200, 500), gensee(1, 800, 1000)));
        assertThat(result.intervals()).containsExactly(interval(1, 200, 500, Source.GENSEE, null),
                interval(1, 800, 1000, Source.CALLBACK, Exit.LEFT));
        assertThat(result.counts().missingJoins()).isEqualTo(1);
        assertThat(result.users().get(1L)).isEqualTo(new Reconciler.UserFigures(200, 500, 500));
    }

    @Test
    void usersOnlyOneSideKnowsAreCountedAndGenseesAreAdded() {
        // 2: an orphan leave only (known to the hub, no interval); 3: unknown to the hub; 4: unknown to Gensee
        Reconciler.Result result = reconciler.reconcile(Map.of(4L, List.of(hub(0, 100, Exit.LEFT))), Set.of(2L, 4L),
                List.of(gensee(2, 10, 70), gensee(3, 20, 80)));
        assertThat(result.intervals()).containsExactly(interval(2, 10, 70, Source.GENSEE, null),
                interval(3, 20, 80, Source.GENSEE, null), interval(4, 0, 100, Source.CALLBACK, Exit.LEFT));
        assertThat(result.counts()).isEqualTo(new Reconciler.Counts(0, 1, 0, 1, 1, 0));
        assertThat(result.users().keySet()).containsExactly(2L, 3L, 4L);
        assertThat(result.users().get(3L)).isEqualTo(new Reconciler.UserFigures(0, 60, 60));
    }

    @Test
    void genseeListingOneStayTwiceCountsItOnce() {
        Reconciler.Result result = reconciler.reconcile(Map.of(1L, List.of(hub(0, 600, Exit.LEFT))), Set.of(1L),
                List.of(gensee(1, 0, 400), gensee(1, 300, 600)));
        assertThat(result.intervals()).containsExactly(interval(1, 0, 600, Source.CALLBACK, Exit.LEFT));
        assertThat(result.users().get(1L)).isEqualTo(new Reconciler.UserFigures(600, 600, 600));
        assertThat(result.counts().matched()).isEqualTo(1);
    }

    @Test
    void anIntervalStillOpenTakesGenseesLeave() {
        Reconciler.Result result = reconciler.reconcile(Map.of(1L, List.of(hub(0, 1000, null))), Set.of(1L),
                List.of(gensee(1, 0, 400)));
        assertThat(result.intervals()).containsExactly(interval(1, 0, 400, Source.REPAIRED_LEAVE, null));
    }
}
