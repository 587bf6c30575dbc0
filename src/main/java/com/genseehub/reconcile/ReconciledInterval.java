package com.genseehub.reconcile;

import java.time.Instant;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;
import com.genseehub.attendance.Attendee;

/**
 * One interval of an attendee's reconciled presence.
 *
 * @param source   where its times come from
 * @param endedBy  for {@link Source#CALLBACK}: how the callbacks ended it; null otherwise
 */
public record ReconciledInterval(long operator, Instant joinedAt, Instant leftAt, Source source,
                                 Attendee.Exit endedBy) {

    public enum Source {
        /** as the callbacks said */
        CALLBACK,
        /** joined as the callbacks said, left as Gensee's record says: the leave never reached the hub */
        REPAIRED_LEAVE,
        /** only in Gensee's record: a join the hub never received, or a user it never heard of */
        GENSEE;

        @JsonValue
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Source fromId(String id) {
            return valueOf(id.toUpperCase(Locale.ROOT));
        }
    }
}
