package com.genseehub.dbsink;

import java.time.Clock;
import java.util.List;

import com.genseehub.attendance.ClassFiguresChanged;
import com.genseehub.callback.Action;
import com.genseehub.callback.CallbackEvent;
import com.genseehub.delivery.DeliveryStore;
import com.genseehub.journal.JournalQueries;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The attendance of a class that has stopped can change afterwards (repaired from Gensee's own
 * record): every database sink then writes it again, by replaying its delivery of the class's last
 * stop (105), which reads the attendance as it is now.
 */
@Component
public class RepairedAttendance {

    private final JournalQueries journal;
    private final DeliveryStore deliveries;
    private final DatabaseSinkProperties databases;
    private final Clock clock;

    public RepairedAttendance(JournalQueries journal, DeliveryStore deliveries, DatabaseSinkProperties databases, Clock clock) {
        this.journal = journal;
        this.deliveries = deliveries;
        this.databases = databases;
        this.clock = clock;
    }

    @EventListener
    public void figuresChanged(ClassFiguresChanged changed) {
        List<CallbackEvent> stops = journal.find(changed.site(), changed.classNo(), Action.STOPPED.code(), 0, 1);
        if (stops.isEmpty()) {
            return;
        }
        long stop = stops.get(0).seq();
        databases.sinks().forEach((sink, target) -> {
            if (target.url() != null && !target.url().isBlank()) {
                deliveries.find(stop, sink).ifPresent(delivery -> deliveries.replay(delivery.id(), clock.instant()));
            }
        });
    }
}
