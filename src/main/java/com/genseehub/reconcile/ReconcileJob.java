package com.genseehub.reconcile;

import java.time.Instant;

/**
 * One reconciliation to run: Gensee's record of a class (kind {@code class}, target the ClassNo) or of a
 * site's VOD day (kind {@code vod}, target yyyy-MM-dd in the site's time zone).
 *
 * @param pass      1 after hub.reconcile.delay, 2 after hub.reconcile.second-pass, 0 on demand
 * @param stoppedAt the stop of the class it is for (class kind)
 * @param attempts  attempts so far, this one included once claimed
 */
public record ReconcileJob(long id, String site, String kind, String target, int pass, Instant stoppedAt,
                           int attempts) {

    public static final String CLASS = "class";
    public static final String VOD = "vod";

    /** For the route's choice: Gensee's VOD history rather than a class's. */
    public boolean vod() {
        return VOD.equals(kind);
    }
}
