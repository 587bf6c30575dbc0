package com.genseehub.dashboard;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.genseehub.callback.Action;
import com.genseehub.callback.CallbackEvent;

/**
 * The lifecycle of one class as the dashboard shows it: 102 created, 103 started (or resumed when it
 * follows a pause), 104 paused, 105 stopped, 106 recording. Plain Java, from the class's journal.
 */
public final class ClassTimeline {

    /** One lifecycle step; {@code label} is a stable English id the dashboard translates. */
    public record Entry(Instant at, int action, String label) {
    }

    private ClassTimeline() {
    }

    /** @param events the class's live events in journal order */
    public static List<Entry> of(List<CallbackEvent> events) {
        List<Entry> timeline = new ArrayList<>();
        boolean paused = false;
        for (CallbackEvent event : events) {
            Action action = event.action() == null ? null : Action.ofCode(event.action()).orElse(null);
            String label = action == null ? null : switch (action) {
                case CONFERENCE_CREATED -> "created";
                case STARTED -> paused ? "resumed" : "started";
                case PAUSED -> "paused";
                case STOPPED -> "stopped";
                case RECORDING_PRODUCED -> "recording";
                default -> null;
            };
            if (label == null) {
                continue;
            }
            if (action == Action.PAUSED) {
                paused = true;
            } else if (action == Action.STARTED || action == Action.STOPPED || action == Action.CONFERENCE_CREATED) {
                paused = false;
            }
            timeline.add(new Entry(event.receivedAt(), event.action(), label));
        }
        return timeline;
    }
}
