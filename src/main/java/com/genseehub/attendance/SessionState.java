package com.genseehub.attendance;

/** Where a live / class session is in its lifecycle (spec section 8). */
public enum SessionState {
    /** users were seen, but no lifecycle event yet */
    UNKNOWN,
    /** 102: the first client entered */
    CREATED,
    /** 103: started (or resumed after a pause) */
    LIVE,
    /** 104 */
    PAUSED,
    /** 105 */
    STOPPED
}
