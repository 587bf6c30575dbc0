package com.genseehub.delivery;

import com.fasterxml.jackson.annotation.JsonValue;

/** Where a delivery stands. */
public enum DeliveryStatus {
    /** not attempted yet */
    PENDING,
    /** a worker is sending it; due again at nextAttemptAt if its result never comes (the lease ran out) */
    SENDING,
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
        throw new IllegalArgumentException("status must be one of pending, sending, failed, dead, done");
    }
}
