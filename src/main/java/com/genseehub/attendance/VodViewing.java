package com.genseehub.attendance;

import com.genseehub.callback.CallbackEvent;
import org.springframework.stereotype.Component;

/** Dispatch handler for VOD codes 111 and 112. */
@Component
public class VodViewing {

    private final AttendanceStore store;

    public VodViewing(AttendanceStore store) {
        this.store = store;
    }

    /** 111 */
    public void start(CallbackEvent event) {
        store.save(viewer(event).start(event.receivedAt()));
    }

    /** 112 */
    public void end(CallbackEvent event) {
        store.save(viewer(event).end(event.receivedAt()));
    }

    private VodViewer viewer(CallbackEvent event) {
        return store.viewer(event.site(), event.classNo(), event.operator())
                .orElseGet(() -> VodViewer.newcomer(event.site(), event.classNo(), event.operator()));
    }
}
