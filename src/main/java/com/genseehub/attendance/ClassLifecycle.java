package com.genseehub.attendance;

import com.genseehub.callback.Action;
import com.genseehub.callback.CallbackEvent;
import org.springframework.stereotype.Component;

/** Dispatch handler for lifecycle codes 102-106 and the online count of every live event. */
@Component
public class ClassLifecycle {

    private final AttendanceStore store;
    private final Attendance attendance;

    public ClassLifecycle(AttendanceStore store, Attendance attendance) {
        this.store = store;
        this.attendance = attendance;
    }

    /** Every live event: totalusernum becomes the class's current count (and maybe its peak). */
    public void observeUsers(CallbackEvent event) {
        store.save(current(event).observeUsers(event.totalUsers(), event.receivedAt()));
    }

    /** 102 created, 103 started/resumed, 104 paused, 105 stopped (closes open attendance), 106 recording. */
    public void apply(CallbackEvent event) {
        Action action = Action.ofCode(event.action()).orElseThrow();
        store.save(current(event).apply(action, event.receivedAt()));
        if (action == Action.STOPPED) {
            attendance.closeAllAtStop(event.site(), event.classNo(), event.receivedAt());
        }
    }

    private ClassSession current(CallbackEvent event) {
        return store.session(event.site(), event.classNo())
                .orElseGet(() -> ClassSession.unseen(event.site(), event.classNo(), event.receivedAt()));
    }
}
