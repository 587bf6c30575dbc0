package com.genseehub.report;

import com.genseehub.callback.Action;
import com.genseehub.callback.CallbackEvent;
import org.springframework.stereotype.Component;

/** Dispatch handler (routes/dispatch.yaml) for the lifecycle codes that start and end live time: 103, 104, 105. */
@Component
public class LiveTime {

    private final LiveTimeStore store;

    public LiveTime(LiveTimeStore store) {
        this.store = store;
    }

    public void apply(CallbackEvent event) {
        ClassLiveTime before = store.liveTime(event.site(), event.classNo());
        ClassLiveTime after = switch (Action.ofCode(event.action()).orElseThrow()) {
            case STARTED -> before.start(event.receivedAt());
            case PAUSED -> before.pause(event.receivedAt());
            case STOPPED -> before.stop(event.receivedAt());
            default -> before;
        };
        if (!after.equals(before)) {
            store.save(event.site(), event.classNo(), before, after);
        }
    }
}
