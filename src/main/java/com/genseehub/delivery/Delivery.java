package com.genseehub.delivery;

import java.time.Instant;

/** One (event, sink) delivery, as the API shows it. */
public record Delivery(long id, String sink, long eventSeq, DeliveryStatus status, int attempts,
                       Instant nextAttemptAt, String lastError, Instant createdAt, Instant deliveredAt) {
}
