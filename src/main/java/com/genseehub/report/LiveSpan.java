package com.genseehub.report;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * One span of a class's live time: from a start (103) to the pause (104) or stop (105) that ended it.
 *
 * @param start   when the class started or resumed
 * @param end     when it was paused or stopped; null while it is live
 * @param endedBy what ended it; null while it is live
 */
public record LiveSpan(Instant start, Instant end, EndedBy endedBy) {

    /** What ended a live span. */
    public enum EndedBy {
        PAUSED("paused"),
        STOPPED("stopped");

        private final String id;

        EndedBy(String id) {
            this.id = id;
        }

        @JsonValue
        public String id() {
            return id;
        }

        public static EndedBy fromId(String id) {
            for (EndedBy value : values()) {
                if (value.id.equals(id)) {
                    return value;
                }
            }
            throw new IllegalArgumentException("unknown span end " + id);
        }
    }

    public static LiveSpan open(Instant start) {
        return new LiveSpan(start, null, null);
    }

    public boolean live() {
        return end == null;
    }

    /** The end of the span, or {@code asOf} while it is live. */
    public Instant endOr(Instant asOf) {
        return end == null ? asOf : end;
    }

    LiveSpan ended(Instant at, EndedBy by) {
        return new LiveSpan(start, at, by);
    }
}
