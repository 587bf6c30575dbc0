package com.genseehub.report;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * One presence interval of an attendee, wherever it comes from (the callbacks, or a repair by
 * reconciliation with Gensee's own record).
 *
 * @param joinedAt when the attendee entered
 * @param leftAt   when they left; null while they are online
 * @param end      how the interval ended
 */
public record PresenceInterval(Instant joinedAt, Instant leftAt, End end) {

    /** How an interval ended. */
    public enum End {
        /** 107 */
        NORMAL("normal"),
        /** 110 */
        ABNORMAL("abnormal"),
        /** the class stopped (105) while the attendee was still present: their leave never came */
        CLOSED_BY_STOP("closedByStop"),
        /** a join or leave the callbacks lacked, taken from Gensee's own record */
        REPAIRED("repaired"),
        /** not ended: the attendee is online */
        OPEN("open");

        private final String id;

        End(String id) {
            this.id = id;
        }

        @JsonValue
        public String id() {
            return id;
        }
    }

    public PresenceInterval {
        if ((leftAt == null) != (end == End.OPEN)) {
            throw new IllegalArgumentException("an interval has no leave exactly when it is open");
        }
    }

    public static PresenceInterval open(Instant joinedAt) {
        return new PresenceInterval(joinedAt, null, End.OPEN);
    }

    /** The leave, or {@code asOf} while the interval is open. */
    public Instant leftOr(Instant asOf) {
        return leftAt == null ? asOf : leftAt;
    }
}
