package com.genseehub.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The live time of one class as spans: 103 opens a span, 104 ends it (paused) until the next 103,
 * 105 ends it (stopped). A class stopped and started again has one more span. Plain value; every
 * change returns a new instance.
 */
public record ClassLiveTime(List<LiveSpan> spans) {

    public ClassLiveTime {
        spans = List.copyOf(spans);
    }

    public static ClassLiveTime none() {
        return new ClassLiveTime(List.of());
    }

    /** 103: starts or resumes; a 103 while live changes nothing. */
    public ClassLiveTime start(Instant at) {
        if (live()) {
            return this;
        }
        List<LiveSpan> next = new ArrayList<>(spans);
        next.add(LiveSpan.open(at));
        return new ClassLiveTime(next);
    }

    /** 104: the live span ends; nothing while not live. */
    public ClassLiveTime pause(Instant at) {
        return live() ? endLast(at, LiveSpan.EndedBy.PAUSED) : this;
    }

    /**
     * 105: the live span ends. A class paused and then stopped without resuming ended at its pause:
     * that span counts as stopped. A repeated 105, or one for a class that never started, changes nothing.
     */
    public ClassLiveTime stop(Instant at) {
        if (live()) {
            return endLast(at, LiveSpan.EndedBy.STOPPED);
        }
        if (!spans.isEmpty() && last().endedBy() == LiveSpan.EndedBy.PAUSED) {
            return endLast(last().end(), LiveSpan.EndedBy.STOPPED);
        }
        return this;
    }

    public boolean live() {
        return !spans.isEmpty() && last().live();
    }

    /** How many times the class stopped (a summary follows each stop). */
    public int stops() {
        return (int) spans.stream().filter(span -> span.endedBy() == LiveSpan.EndedBy.STOPPED).count();
    }

    private LiveSpan last() {
        return spans.get(spans.size() - 1);
    }

    private ClassLiveTime endLast(Instant at, LiveSpan.EndedBy by) {
        List<LiveSpan> next = new ArrayList<>(spans);
        next.set(next.size() - 1, last().ended(at, by));
        return new ClassLiveTime(next);
    }
}
