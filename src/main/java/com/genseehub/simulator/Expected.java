package com.genseehub.simulator;

import java.util.List;
import java.util.Map;

/**
 * What really happened in a simulated class, which the hub's API must report.
 *
 * @param attendance       per Operator (including users who only produced an orphan leave): what the
 *                         callbacks the hub received tell
 * @param views            per VOD viewer
 * @param presence         per Operator, when the user really was in the class (as Gensee's own record has
 *                         it), in seconds since the first callback
 * @param liveSeconds      the class's live time: from each start (103) to the next pause (104) or stop (105)
 * @param pauses           pauses (104) followed by a resume
 * @param presentWhileLive per Operator: seconds present while the class was live, by the callbacks the hub received
 */
public record Expected(String classNo, String vodClassNo, String finalState, int recordings, int peakUsers,
                       Map<Long, Attendee> attendance, Map<Long, Viewer> views, Map<Long, List<Presence>> presence,
                       long liveSeconds, int pauses, Map<Long, Long> presentWhileLive) {

    /** One stay in the class, seconds since the first callback. */
    public record Presence(long fromSecond, long toSecond) {
    }

    /** The seconds the user really was in the class. */
    public long presentSeconds(long operator) {
        return presence.getOrDefault(operator, List.of()).stream().mapToLong(p -> p.toSecond() - p.fromSecond()).sum();
    }

    public record Attendee(int joins, int repeatedJoins, int normalExits, int abnormalExits, int closedByStop,
                           int orphanLeaves, long seconds) {
    }

    public record Viewer(int views, int orphanEnds, long seconds) {
    }
}
