package com.genseehub.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import com.genseehub.config.HubProperties.AttendanceRule;

/**
 * Presence arithmetic: how long an attendee was present while the class was live. A class's live
 * time is its spans (103 to the next 104 or 105); an attendee's intervals count only where they
 * overlap a span, so a join before the start counts from the start, time during a pause or after
 * the stop does not count, and overlapping intervals count once. Spans and intervals still open are
 * cut at {@code asOf}. Plain Java.
 */
public final class Presence {

    private Presence() {
    }

    /** Total live time of the spans, in milliseconds. */
    public static long liveMillis(List<LiveSpan> spans, Instant asOf) {
        return ranges(spans, asOf).stream().mapToLong(Range::millis).sum();
    }

    /** Time present during live time, in milliseconds. */
    public static long presentMillis(List<PresenceInterval> intervals, List<LiveSpan> spans, Instant asOf) {
        List<Range> live = merged(ranges(spans, asOf));
        List<Range> present = merged(intervals.stream()
                .map(interval -> new Range(interval.joinedAt().toEpochMilli(), interval.leftOr(asOf).toEpochMilli()))
                .toList());
        long total = 0;
        for (Range p : present) {
            for (Range l : live) {
                total += Math.max(0, Math.min(p.to, l.to) - Math.max(p.from, l.from));
            }
        }
        return total;
    }

    /** presentMillis / liveMillis (0 to 1), null when the class had no live time. */
    public static Double share(long presentMillis, long liveMillis) {
        return liveMillis <= 0 ? null : Math.min(1.0, (double) presentMillis / liveMillis);
    }

    /**
     * Whether the attendee meets every condition of the rule that is set; null without a rule.
     * Without live time a minimum share cannot be met.
     */
    public static Boolean qualified(AttendanceRule rule, long presentMillis, long liveMillis) {
        if (rule == null || !rule.defined()) {
            return null;
        }
        boolean qualified = true;
        if (rule.minPresence() != null) {
            qualified = liveMillis > 0 && presentMillis >= rule.minPresence() * liveMillis;
        }
        if (rule.minMinutes() != null) {
            qualified &= presentMillis >= rule.minMinutes() * 60_000L;
        }
        return qualified;
    }

    private record Range(long from, long to) {
        long millis() {
            return Math.max(0, to - from);
        }
    }

    private static List<Range> ranges(List<LiveSpan> spans, Instant asOf) {
        return spans.stream()
                .map(span -> new Range(span.start().toEpochMilli(), span.endOr(asOf).toEpochMilli()))
                .toList();
    }

    /** Sorted, without overlaps, empty ranges left out. */
    private static List<Range> merged(List<Range> ranges) {
        List<Range> sorted = ranges.stream().filter(r -> r.to > r.from)
                .sorted(Comparator.comparingLong(Range::from)).toList();
        List<Range> merged = new ArrayList<>();
        for (Range r : sorted) {
            Range last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && r.from <= last.to) {
                merged.set(merged.size() - 1, new Range(last.from, Math.max(last.to, r.to)));
            } else {
                merged.add(r);
            }
        }
        return merged;
    }
}
