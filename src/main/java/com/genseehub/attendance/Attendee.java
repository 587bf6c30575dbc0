package com.genseehub.attendance;

import java.time.Duration;
import java.time.Instant;

/**
 * Attendance of one user in one class (site, ClassNo, Operator): the join/leave state machine of
 * spec section 8. Plain value; every change returns a new instance.
 *
 * @param joins         presence intervals opened (101 while absent)
 * @param repeatedJoins 101s while already present (duplicates; they open nothing)
 * @param normalExits   intervals closed by 107
 * @param abnormalExits intervals closed by 110
 * @param closedByStop  intervals closed by the class ending (105) because the leave never came
 * @param orphanLeaves  107/110 with no open interval
 * @param millis        total time of closed intervals
 * @param openSince     start of the open interval, null when absent
 */
public record Attendee(String site, String classNo, long operator, int joins, int repeatedJoins, int normalExits,
                       int abnormalExits, int closedByStop, int orphanLeaves, long millis, Instant openSince,
                       Instant firstJoin, Instant lastLeave) {

    /** How a presence interval ended. */
    public enum Exit { LEFT, ABNORMAL, CLASS_STOPPED }

    /** A closed presence interval. */
    public record Interval(Instant joinedAt, Instant leftAt, Exit endedBy) {
        public long millis() {
            return Math.max(0, Duration.between(joinedAt, leftAt).toMillis());
        }
    }

    /** The attendee and, when the change closed one, the interval it closed. */
    public record Change(Attendee attendee, Interval closed) {
    }

    public static Attendee newcomer(String site, String classNo, long operator) {
        return new Attendee(site, classNo, operator, 0, 0, 0, 0, 0, 0, 0, null, null, null);
    }

    public boolean present() {
        return openSince != null;
    }

    /** 101. */
    public Attendee join(Instant at) {
        if (present()) {
            return new Attendee(site, classNo, operator, joins, repeatedJoins + 1, normalExits, abnormalExits,
                    closedByStop, orphanLeaves, millis, openSince, firstJoin, lastLeave);
        }
        return new Attendee(site, classNo, operator, joins + 1, repeatedJoins, normalExits, abnormalExits,
                closedByStop, orphanLeaves, millis, at, firstJoin == null ? at : firstJoin, lastLeave);
    }

    /** 107 (normal) or 110 (abnormal). */
    public Change leave(Instant at, boolean abnormal) {
        if (!present()) {
            return new Change(new Attendee(site, classNo, operator, joins, repeatedJoins, normalExits,
                    abnormalExits, closedByStop, orphanLeaves + 1, millis, null, firstJoin, lastLeave), null);
        }
        return close(at, abnormal ? Exit.ABNORMAL : Exit.LEFT);
    }

    /** 105: the class ended while the user was still present. */
    public Change closeAtStop(Instant at) {
        if (!present()) {
            return new Change(this, null);
        }
        return close(at, Exit.CLASS_STOPPED);
    }

    private Change close(Instant at, Exit exit) {
        Interval interval = new Interval(openSince, at, exit);
        Attendee closed = new Attendee(site, classNo, operator, joins, repeatedJoins,
                normalExits + (exit == Exit.LEFT ? 1 : 0), abnormalExits + (exit == Exit.ABNORMAL ? 1 : 0),
                closedByStop + (exit == Exit.CLASS_STOPPED ? 1 : 0), orphanLeaves, millis + interval.millis(), null,
                firstJoin, at);
        return new Change(closed, interval);
    }
}
