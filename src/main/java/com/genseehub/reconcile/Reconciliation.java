package com.genseehub.reconcile;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.genseehub.attendance.AttendanceStore;
import com.genseehub.attendance.Attendee;
import com.genseehub.attendance.ClassFiguresChanged;
import com.genseehub.attendance.ClassSession;
import com.genseehub.attendance.SessionState;
import com.genseehub.callback.CallbackEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Dispatch handler for journal events of kind {@code export} (routes/dispatch.yaml): applies Gensee's
 * record of a class as a layer over the callback facts (which stay as they are), or stores a day of its
 * VOD record. Runs in the dispatch transaction, from the journal only: a rebuild gives the same result.
 */
@Component
public class Reconciliation {

    private final AttendanceStore attendance;
    private final ReconcileStore store;
    private final ReconcileProperties settings;
    private final ObjectMapper json;
    private final ApplicationEventPublisher events;

    public Reconciliation(AttendanceStore attendance, ReconcileStore store, ReconcileProperties settings,
                          ObjectMapper json, ApplicationEventPublisher events) {
        this.attendance = attendance;
        this.store = store;
        this.settings = settings;
        this.json = json;
        this.events = events;
    }

    /** A class's record: compare, store Gensee's intervals, the reconciled ones and the outcome. */
    public void applyClassRecord(CallbackEvent export) {
        String site = export.site();
        String classNo = export.classNo();
        List<Reconciler.GenseeInterval> gensee = new ArrayList<>();
        for (JsonNode record : records(export)) {
            gensee.add(new Reconciler.GenseeInterval(record.get("uid").asLong(), Instant.parse(record.get("join").asText()),
                    Instant.parse(record.get("leave").asText())));
        }
        Map<Long, List<Reconciler.HubInterval>> hub = new HashMap<>();
        for (AttendanceStore.ClassInterval stored : attendance.intervals(site, classNo)) {
            Attendee.Interval i = stored.interval();
            hub.computeIfAbsent(stored.operator(), k -> new ArrayList<>())
                    .add(new Reconciler.HubInterval(i.joinedAt(), i.leftAt(), i.endedBy()));
        }
        Set<Long> hubUsers = new HashSet<>();
        for (Attendee attendee : attendance.attendees(site, classNo)) {
            hubUsers.add(attendee.operator());
            if (attendee.present() && attendee.openSince().isBefore(export.receivedAt())) {
                // still open when Gensee's record was fetched: its leave is not known yet
                hub.computeIfAbsent(attendee.operator(), k -> new ArrayList<>())
                        .add(new Reconciler.HubInterval(attendee.openSince(), export.receivedAt(), null));
            }
        }
        Reconciler.Result result = new Reconciler(settings.tolerance()).reconcile(hub, hubUsers, gensee);

        List<Presence> before = presence(store.reconciledIntervals(site, classNo), hub);
        store.replaceClass(new ReconcileStore.Outcome(site, classNo, export.seq(), export.receivedAt(),
                (int) settings.tolerance().toSeconds(), result.counts(), Integer.parseInt(export.params().get("ignored"))),
                gensee, result.intervals());
        boolean stopped = attendance.session(site, classNo).map(ClassSession::state)
                .filter(state -> state == SessionState.STOPPED).isPresent();
        if (stopped && !before.equals(presence(result.intervals(), Map.of()))) {
            publishAfterCommit(new ClassFiguresChanged(site, classNo));
        }
    }

    /** A day of the site's VOD record (replaces what an earlier fetch of the same day stored). */
    public void applyVodRecord(CallbackEvent export) {
        List<ReconcileStore.VodView> views = new ArrayList<>();
        for (JsonNode record : records(export)) {
            views.add(new ReconcileStore.VodView(record.get("vodId").asText(), record.get("uid").asLong(),
                    instant(record.get("start")), instant(record.get("leave")), record.get("seconds").asLong()));
        }
        store.replaceVodDay(export.site(), export.params().get("date"), views);
    }

    /** Who was present when, whatever the source: the figures a report is made of. */
    private record Presence(long operator, Instant joinedAt, Instant leftAt) {
    }

    /** The reconciled presence, or the callbacks' before the first reconciliation. */
    private static List<Presence> presence(List<ReconciledInterval> reconciled,
                                           Map<Long, List<Reconciler.HubInterval>> callbacks) {
        List<Presence> presence = new ArrayList<>();
        if (!reconciled.isEmpty()) {
            reconciled.forEach(r -> presence.add(new Presence(r.operator(), r.joinedAt(), r.leftAt())));
        } else {
            callbacks.forEach((operator, intervals) -> intervals.stream().filter(h -> h.endedBy() != null)
                    .forEach(h -> presence.add(new Presence(operator, h.joinedAt(), h.leftAt()))));
        }
        presence.sort(Comparator.comparing(Presence::operator).thenComparing(Presence::joinedAt)
                .thenComparing(Presence::leftAt));
        return presence;
    }

    private void publishAfterCommit(Object event) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            events.publishEvent(event);
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                events.publishEvent(event);
            }
        });
    }

    private JsonNode records(CallbackEvent export) {
        try {
            return json.readTree(Objects.requireNonNull(export.params().get("records"), "export event without records"));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("export event " + export.seq() + ": records are not JSON", e);
        }
    }

    private static Instant instant(JsonNode value) {
        return value == null || value.isNull() ? null : Instant.parse(value.asText());
    }
}
