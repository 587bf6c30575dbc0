package com.genseehub.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import com.genseehub.callback.CallbackEvent;
import com.genseehub.retention.RetentionProperties;
import org.springframework.stereotype.Component;

/**
 * Enqueues deliveries; called from routes/dispatch.yaml inside the dispatch transaction of the event,
 * so a delivery row exists exactly when its event is applied. Enqueueing an (event, sink) pair twice
 * (the journal replay of POST /api/admin/rebuild) leaves the first delivery as it is. An event received
 * before {@link RetentionProperties#noDeliveriesBefore} gets none: a rebuild does not send the sinks
 * again what they received long ago (its done delivery may have left, its event be archived).
 */
@Component
public class Outbox {

    private final DeliveryStore store;
    private final Sinks sinks;
    private final Clock clock;
    private final RetentionProperties retention;

    public Outbox(DeliveryStore store, Sinks sinks, Clock clock, RetentionProperties retention) {
        this.store = store;
        this.sinks = sinks;
        this.clock = clock;
        this.retention = retention;
    }

    /** Queues the event for the sink (for each of its endpoints); does nothing for a disabled sink or an old event. */
    public void enqueue(CallbackEvent event, String sink) {
        if (event.receivedAt().isBefore(retention.noDeliveriesBefore(clock.instant()))) {
            return;
        }
        for (String target : sinks.targets(sink)) {
            if (store.exists(event.seq(), target)) {
                continue;
            }
            Instant now = clock.instant();
            Optional<Duration> window = sinks.window(target);
            if (window.isPresent()) {
                // a digest: join the group that is still collecting, or open one that is sent after the window
                String group = event.site() + ":" + event.classNo();
                Instant due = store.openGroupDue(target, group).orElse(event.receivedAt().plus(window.get()));
                store.insert(event.seq(), target, due, now, group);
            } else {
                store.insert(event.seq(), target, now, now, null);
            }
        }
    }
}
