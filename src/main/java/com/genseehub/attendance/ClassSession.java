package com.genseehub.attendance;

import java.time.Instant;

import com.genseehub.callback.Action;

/**
 * Lifecycle of one live / class session, per (site, ClassNo). Plain value; every change returns a
 * new instance.
 */
public record ClassSession(String site, String classNo, SessionState state, Instant createdAt, Instant startedAt,
                           Instant pausedAt, Instant stoppedAt, int recordings, Integer currentUsers,
                           Integer peakUsers, Instant lastEventAt) {

    public static ClassSession unseen(String site, String classNo, Instant at) {
        return new ClassSession(site, classNo, SessionState.UNKNOWN, null, null, null, null, 0, null, null, at);
    }

    /** Applies a lifecycle code 102-106. A 102 or 103 after a stop begins a new run of the same ClassNo. */
    public ClassSession apply(Action action, Instant at) {
        ClassSession base = state == SessionState.STOPPED
                && (action == Action.CONFERENCE_CREATED || action == Action.STARTED) ? newRun() : this;
        return switch (action) {
            case CONFERENCE_CREATED -> base.with(SessionState.CREATED, base.createdAt == null ? at : base.createdAt,
                    base.startedAt, base.pausedAt, base.stoppedAt, base.recordings, at);
            case STARTED -> base.with(SessionState.LIVE, base.createdAt, base.startedAt == null ? at : base.startedAt,
                    base.pausedAt, base.stoppedAt, base.recordings, at);
            case PAUSED -> base.with(SessionState.PAUSED, base.createdAt, base.startedAt, at, base.stoppedAt,
                    base.recordings, at);
            case STOPPED -> base.with(SessionState.STOPPED, base.createdAt, base.startedAt, base.pausedAt, at,
                    base.recordings, at);
            case RECORDING_PRODUCED -> base.with(base.state, base.createdAt, base.startedAt, base.pausedAt,
                    base.stoppedAt, base.recordings + 1, at);
            default -> throw new IllegalArgumentException("not a lifecycle code: " + action.code());
        };
    }

    /** Records the site's totalusernum carried by any live event. */
    public ClassSession observeUsers(Integer totalUsers, Instant at) {
        if (totalUsers == null) {
            return new ClassSession(site, classNo, state, createdAt, startedAt, pausedAt, stoppedAt, recordings,
                    currentUsers, peakUsers, at);
        }
        int peak = peakUsers == null ? totalUsers : Math.max(peakUsers, totalUsers);
        return new ClassSession(site, classNo, state, createdAt, startedAt, pausedAt, stoppedAt, recordings,
                totalUsers, peak, at);
    }

    private ClassSession newRun() {
        return new ClassSession(site, classNo, state, null, null, null, null, recordings, currentUsers, peakUsers,
                lastEventAt);
    }

    private ClassSession with(SessionState newState, Instant created, Instant started, Instant paused,
                              Instant stopped, int recordingCount, Instant at) {
        return new ClassSession(site, classNo, newState, created, started, paused, stopped, recordingCount,
                currentUsers, peakUsers, at);
    }
}
