package com.genseehub.reconcile;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.genseehub.report.AttendeeIntervals;
import com.genseehub.report.CallbackIntervals;
import com.genseehub.report.IntervalSource;
import com.genseehub.report.PresenceInterval;
import com.genseehub.users.UserNames;
import org.springframework.context.annotation.Primary;
import org.springframework.stereotype.Component;

/**
 * The presence the class report counts: the callbacks' intervals, replaced by the reconciled ones once
 * Gensee's record of the class was compared with them (an interval whose join or leave came from that
 * record ends {@code repaired}), and each attendee's name where the hub learnt it.
 */
@Component
@Primary
public class ReconciledIntervalSource implements IntervalSource {

    /** Users asked for at once: keeps the names query within every database's parameter limit. */
    private static final int NAMES_PER_QUERY = 1000;

    private final CallbackIntervals callbacks;
    private final ReconcileStore store;
    private final UserNames names;

    public ReconciledIntervalSource(CallbackIntervals callbacks, ReconcileStore store, UserNames names) {
        this.callbacks = callbacks;
        this.store = store;
        this.names = names;
    }

    @Override
    public List<AttendeeIntervals> attendees(String site, String classNo) {
        Map<Long, List<PresenceInterval>> byOperator = new LinkedHashMap<>();
        List<AttendeeIntervals> fromCallbacks = callbacks.attendees(site, classNo);
        List<ReconciledInterval> reconciled = store.reconciledIntervals(site, classNo);
        if (reconciled.isEmpty()) {
            fromCallbacks.forEach(attendee -> byOperator.put(attendee.operator(), attendee.intervals()));
        } else {
            fromCallbacks.forEach(attendee -> byOperator.put(attendee.operator(), new ArrayList<>(openOnly(attendee))));
            reconciled.stream().filter(ReconciledIntervalSource::closed).forEach(interval -> byOperator
                    .computeIfAbsent(interval.operator(), operator -> new ArrayList<>()).add(presence(interval)));
            byOperator.values().forEach(intervals -> intervals.sort(
                    (a, b) -> a.joinedAt().compareTo(b.joinedAt())));
        }
        Map<Long, String> known = namesOf(site, List.copyOf(byOperator.keySet()));
        List<AttendeeIntervals> attendees = new ArrayList<>(byOperator.size());
        byOperator.forEach((operator, intervals) -> attendees.add(
                new AttendeeIntervals(operator, known.get(operator), intervals)));
        return attendees;
    }

    /** Reconciliation covers a class up to its stop; an attendee online since (a restarted class) stays open. */
    private static List<PresenceInterval> openOnly(AttendeeIntervals attendee) {
        return attendee.intervals().stream().filter(interval -> interval.end() == PresenceInterval.End.OPEN).toList();
    }

    /** An interval the callbacks had not ended when the class was reconciled is still the callbacks' open one. */
    private static boolean closed(ReconciledInterval interval) {
        return interval.source() != ReconciledInterval.Source.CALLBACK || interval.endedBy() != null;
    }

    private static PresenceInterval presence(ReconciledInterval interval) {
        PresenceInterval.End end = interval.source() == ReconciledInterval.Source.CALLBACK
                ? CallbackIntervals.end(interval.endedBy())
                : PresenceInterval.End.REPAIRED;
        return new PresenceInterval(interval.joinedAt(), interval.leftAt(), end);
    }

    private Map<Long, String> namesOf(String site, List<Long> operators) {
        Map<Long, String> known = new HashMap<>();
        for (int from = 0; from < operators.size(); from += NAMES_PER_QUERY) {
            known.putAll(names.of(site, operators.subList(from, Math.min(operators.size(), from + NAMES_PER_QUERY))));
        }
        return known;
    }
}
