package com.genseehub.attendance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import com.genseehub.callback.Action;
import org.junit.jupiter.api.Test;

class ClassSessionTest {

    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    private static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    @Test
    void followsTheLifecycleOfAWebcast() {
        ClassSession s = ClassSession.unseen("demo", "C1", at(0))
                .apply(Action.CONFERENCE_CREATED, at(0))
                .apply(Action.STARTED, at(30));
        assertThat(s.state()).isEqualTo(SessionState.LIVE);
        s = s.apply(Action.PAUSED, at(100));
        assertThat(s.state()).isEqualTo(SessionState.PAUSED);
        s = s.apply(Action.STARTED, at(200));
        assertThat(s.state()).isEqualTo(SessionState.LIVE);
        assertThat(s.startedAt()).as("a resume keeps the first start").isEqualTo(at(30));
        assertThat(s.pausedAt()).isEqualTo(at(100));
        s = s.apply(Action.RECORDING_PRODUCED, at(300)).apply(Action.RECORDING_PRODUCED, at(310))
                .apply(Action.STOPPED, at(400));
        assertThat(s.state()).isEqualTo(SessionState.STOPPED);
        assertThat(s.recordings()).isEqualTo(2);
        assertThat(s.createdAt()).isEqualTo(at(0));
        assertThat(s.stoppedAt()).isEqualTo(at(400));
    }

    @Test
    void aNewRunOfTheSameClassNoStartsFresh() {
        ClassSession stopped = ClassSession.unseen("demo", "C1", at(0)).apply(Action.CONFERENCE_CREATED, at(0))
                .apply(Action.STARTED, at(10)).apply(Action.STOPPED, at(100));
        ClassSession again = stopped.apply(Action.CONFERENCE_CREATED, at(1000));
        assertThat(again.state()).isEqualTo(SessionState.CREATED);
        assertThat(again.createdAt()).isEqualTo(at(1000));
        assertThat(again.startedAt()).isNull();
        assertThat(again.stoppedAt()).isNull();
    }

    @Test
    void tracksCurrentAndPeakUsers() {
        ClassSession s = ClassSession.unseen("demo", "C1", at(0)).observeUsers(5, at(1)).observeUsers(9, at(2))
                .observeUsers(3, at(3)).observeUsers(null, at(4));
        assertThat(s.currentUsers()).isEqualTo(3);
        assertThat(s.peakUsers()).isEqualTo(9);
        assertThat(s.lastEventAt()).isEqualTo(at(4));
    }

    @Test
    void userCodesAreNotLifecycleCodes() {
        ClassSession s = ClassSession.unseen("demo", "C1", at(0));
        assertThatThrownBy(() -> s.apply(Action.USER_ENTERED, at(1))).isInstanceOf(IllegalArgumentException.class);
    }
}
