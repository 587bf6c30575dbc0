package com.genseehub.simulator;

import java.util.Map;

/**
 * What really happened in a simulated class, which the hub's API must report.
 *
 * @param attendance     per Operator (including users who only produced an orphan leave)
 * @param views          per VOD viewer
 * @param liveSeconds    the class's live time: from each start (103) to the next pause (104) or stop (105)
 * @param pauses         pauses (104) followed by a resume
 * @param presentSeconds per Operator: seconds present while the class was live
 */
public record Expected(String classNo, String vodClassNo, String finalState, int recordings, int peakUsers,
                       Map<Long, Attendee> attendance, Map<Long, Viewer> views, long liveSeconds, int pauses,
                       Map<Long, Long> presentSeconds) {

    public record Attendee(int joins, int repeatedJoins, int normalExits, int abnormalExits, int closedByStop,
                           int orphanLeaves, long seconds) {
    }

    public record Viewer(int views, int orphanEnds, long seconds) {
    }
}
