package com.genseehub.attendance;

import java.time.Instant;
import java.util.Optional;

import com.genseehub.callback.CallbackEvent;
import org.springframework.stereotype.Component;

/** Dispatch handler for user codes 101, 107 and 110. System events (Operator 0) never create attendees. */
@Component
public class Attendance {

    private final AttendanceStore store;

    public Attendance(AttendanceStore store) {
        this.store = store;
    }

    /** 101 */
    public void join(CallbackEvent event) {
        if (event.hasUser()) {
            Optional<Attendee> known = stored(event);
            if (known.isPresent()) {
                store.save(known.get().join(event.receivedAt()));
            } else {
                store.insert(newcomer(event).join(event.receivedAt()));
            }
        }
    }

    /** 107 */
    public void leave(CallbackEvent event) {
        leave(event, false);
    }

    /** 110 */
    public void abnormalLeave(CallbackEvent event) {
        leave(event, true);
    }

    /** 105: everyone still present leaves at the end of the class. */
    public void closeAllAtStop(String site, String classNo, Instant at) {
        for (Attendee present : store.presentAttendees(site, classNo)) {
            record(present.closeAtStop(at));
        }
    }

    private void leave(CallbackEvent event, boolean abnormal) {
        if (event.hasUser()) {
            record(attendee(event).leave(event.receivedAt(), abnormal));
        }
    }

    private void record(Attendee.Change change) {
        store.save(change.attendee());
        if (change.closed() != null) {
            store.saveInterval(change.attendee(), change.closed());
        }
    }

    private Attendee attendee(CallbackEvent event) {
        return stored(event).orElseGet(() -> newcomer(event));
    }

    private Optional<Attendee> stored(CallbackEvent event) {
        return store.attendee(event.site(), event.classNo(), event.operator());
    }

    private static Attendee newcomer(CallbackEvent event) {
        return Attendee.newcomer(event.site(), event.classNo(), event.operator());
    }
}
