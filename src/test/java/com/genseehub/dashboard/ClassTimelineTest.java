package com.genseehub.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.genseehub.callback.CallbackEvent;
import com.genseehub.callback.CallbackKind;
import org.junit.jupiter.api.Test;

class ClassTimelineTest {

    private static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");

    private static List<CallbackEvent> events(int... actions) {
        List<CallbackEvent> events = new ArrayList<>();
        for (int i = 0; i < actions.length; i++) {
            events.add(new CallbackEvent((long) i + 1, T0.plusSeconds(i * 10L), "demo", CallbackKind.LIVE, "2001",
                    actions[i], actions[i] == 101 ? 1_000_000_101L : 0L, 1, Map.of()));
        }
        return events;
    }

    private static List<String> labels(List<ClassTimeline.Entry> timeline) {
        return timeline.stream().map(ClassTimeline.Entry::label).toList();
    }

    @Test
    void a103AfterAPauseIsAResumeAndUserEventsAreLeftOut() {
        List<ClassTimeline.Entry> timeline = ClassTimeline.of(events(101, 102, 103, 101, 104, 107, 103, 106, 110, 105));
        assertThat(labels(timeline)).containsExactly("created", "started", "paused", "resumed", "recording", "stopped");
        assertThat(timeline).extracting(ClassTimeline.Entry::action).containsExactly(102, 103, 104, 103, 106, 105);
        assertThat(timeline.get(3).at()).isEqualTo(T0.plusSeconds(60));
    }

    @Test
    void aSecondStartWithoutAPauseIsAStartAndAStopEndsThePause() {
        assertThat(labels(ClassTimeline.of(events(103, 103, 104, 105, 103, 104, 104, 103))))
                .containsExactly("started", "started", "paused", "stopped", "started", "paused", "paused", "resumed");
    }
}
