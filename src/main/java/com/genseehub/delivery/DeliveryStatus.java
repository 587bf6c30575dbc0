package com.genseehub.delivery;

import com.fasterxml.jackson.annotation.JsonValue;

/** Where a delivery stands. */
public enum DeliveryStatus {
    /** not attempted yet */
    PENDING,
    /** attempted, will be retried at nextAttemptAt */
    FAILED,
    /** gave up after the last attempt; an operator can replay it */
    DEAD,
    /** delivered */
    DONE;

    @JsonValue
    public String id() {
        return name().toLowerCase();
    }

    public static DeliveryStatus fromId(String id) {
        for (DeliveryStatus status : values()) {
            if (status.id().equals(id)) {
                return status;
            }
        }
        throw new IllegalArgumentException("status must be one of pending, failed, dead, done");
    }
}
