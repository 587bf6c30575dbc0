package com.genseehub.report;

import java.util.List;

/**
 * Everything the report needs of one attendee: who, and when present.
 *
 * @param operator  Gensee's user id (Operator)
 * @param name      the attendee's name where known, else null
 * @param intervals presence intervals, oldest first
 */
public record AttendeeIntervals(long operator, String name, List<PresenceInterval> intervals) {

    public AttendeeIntervals {
        intervals = List.copyOf(intervals);
    }
}
