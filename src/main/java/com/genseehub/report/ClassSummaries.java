package com.genseehub.report;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.genseehub.attendance.ClassFiguresChanged;
import com.genseehub.callback.Action;
import com.genseehub.callback.CallbackEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * When a class's summary is due. A stop (105) makes it due {@code hub.report.delay} later; a start
 * (103) before it was sent cancels it (the class goes on; the next stop makes it due again); a change
 * of the figures after it was sent ({@link ClassFiguresChanged}) makes another one due, unless the
 * figures are those already sent. Replaying the journal makes nothing due that was already sent:
 * stops are counted per class and a stop that was already summarised is recognised by its number.
 * Called from routes/dispatch.yaml, inside the event's dispatch transaction.
 */
@Component
public class ClassSummaries {

    private final ClassSummaryStore store;
    private final LiveTimeStore liveTime;
    private final ClassReports reports;
    private final ReportProperties settings;
    private final ObjectMapper json;
    private final Clock clock;

    public ClassSummaries(ClassSummaryStore store, LiveTimeStore liveTime, ClassReports reports,
                          ReportProperties settings, ObjectMapper json, Clock clock) {
        this.store = store;
        this.liveTime = liveTime;
        this.reports = reports;
        this.settings = settings;
        this.json = json;
        this.clock = clock;
    }

    /** 105 and 103, after their live span was recorded. */
    public void onLifecycle(CallbackEvent event) {
        Action action = Action.ofCode(event.action()).orElseThrow();
        if (action != Action.STOPPED && action != Action.STARTED) {
            return;
        }
        String site = event.site();
        String classNo = event.classNo();
        ClassLiveTime live = liveTime.liveTime(site, classNo);
        int stops = live.stops();
        Optional<ClassSummaryStore.Schedule> schedule = store.find(site, classNo);
        if (action == Action.STOPPED) {
            boolean alreadySummarised = schedule.map(s -> s.run() >= stops).orElse(false);
            if (stops > 0 && !alreadySummarised && !live.live()) {
                store.schedule(site, classNo, stops, nextGeneration(schedule), ClassSummaryStore.STOPPED,
                        event.receivedAt().plus(settings.delay()));
            }
        } else if (live.live() && schedule.filter(s -> s.pending() && s.run() == stops).isPresent()) {
            store.cancel(site, classNo);
        }
    }

    /** Figures of a class that had a summary changed (e.g. reconciliation repaired its attendance). */
    @EventListener
    public void onFiguresChanged(ClassFiguresChanged change) {
        Optional<ClassSummaryStore.Schedule> found = store.find(change.site(), change.classNo());
        if (found.isEmpty() || liveTime.liveTime(change.site(), change.classNo()).live()) {
            return;
        }
        ClassSummaryStore.Schedule schedule = found.get();
        if (schedule.pending() && schedule.reason().equals(ClassSummaryStore.STOPPED)) {
            return; // not sent yet: it is computed from the facts when it is delivered
        }
        if (figures(change.site(), change.classNo()).equals(schedule.sentFigures())) {
            if (schedule.pending()) {
                store.cancel(change.site(), change.classNo());
            }
            return;
        }
        store.schedule(change.site(), change.classNo(), schedule.run(), nextGeneration(found),
                ClassSummaryStore.FIGURES_CHANGED, clock.instant().plus(settings.delay()));
    }

    /** A digest of the class's figures as they are now (the time of computation left out). */
    public String figures(String site, String classNo) {
        try {
            byte[] report = json.writeValueAsBytes(reports.of(site, classNo).map(ClassReport::withoutGeneratedAt)
                    .orElse(null));
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(report));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A pending summary keeps its generation; a new one gets the next. */
    private static int nextGeneration(Optional<ClassSummaryStore.Schedule> schedule) {
        return schedule.map(s -> s.pending() ? s.generation() : s.generation() + 1).orElse(1);
    }
}
