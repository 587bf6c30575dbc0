package com.genseehub.attendance;

import java.time.Duration;
import java.time.Instant;

/**
 * VOD viewing of one courseware by one viewer (site, ClassNo, Operator): 111 opens a view, 112
 * closes it. Plain value; every change returns a new instance.
 *
 * @param views      views started (111)
 * @param orphanEnds 112s with no open view (a late 112 after the view was already closed)
 * @param millis     total time of closed views
 * @param openSince  start of the open view, null when none is open
 */
public record VodViewer(String site, String classNo, long operator, int views, int orphanEnds, long millis,
                        Instant openSince, Instant firstView, Instant lastEnd) {

    public static VodViewer newcomer(String site, String classNo, long operator) {
        return new VodViewer(site, classNo, operator, 0, 0, 0, null, null, null);
    }

    /** 111. A view still open (its 112 is late or lost) is closed at the new start. */
    public VodViewer start(Instant at) {
        VodViewer base = openSince == null ? this : end(at);
        return new VodViewer(site, classNo, operator, base.views + 1, base.orphanEnds, base.millis, at,
                base.firstView == null ? at : base.firstView, base.lastEnd);
    }

    /** 112. */
    public VodViewer end(Instant at) {
        if (openSince == null) {
            return new VodViewer(site, classNo, operator, views, orphanEnds + 1, millis, null, firstView, lastEnd);
        }
        long watched = Math.max(0, Duration.between(openSince, at).toMillis());
        return new VodViewer(site, classNo, operator, views, orphanEnds, millis + watched, null, firstView, at);
    }
}
