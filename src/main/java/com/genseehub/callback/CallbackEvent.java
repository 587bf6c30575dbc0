package com.genseehub.callback;

import java.time.Instant;
import java.util.Map;

/**
 * One accepted callback, normalised. Immutable.
 *
 * @param seq        the journal's monotonic sequence number, null before the event is journaled
 * @param receivedAt receive time stamped by the hub (Gensee sends none)
 * @param site       site key
 * @param kind       which callback
 * @param classNo    ClassNo (webcast / classroom / courseware number)
 * @param action     Action code, null for callbacks without one
 * @param operator   Operator (user id), null when absent
 * @param totalUsers totalusernum, null when absent
 * @param params     every raw parameter as received
 */
public record CallbackEvent(Long seq, Instant receivedAt, String site, CallbackKind kind, String classNo,
                            Integer action, Long operator, Integer totalUsers, Map<String, String> params) {

    public CallbackEvent {
        params = Map.copyOf(params);
    }

    public CallbackEvent withSeq(long sequence) {
        return new CallbackEvent(sequence, receivedAt, site, kind, classNo, action, operator, totalUsers, params);
    }

    /** True for events about a real user: Operator present and not 0. */
    public boolean hasUser() {
        return operator != null && operator != 0L;
    }
}
