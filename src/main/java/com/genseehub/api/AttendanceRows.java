package com.genseehub.api;

import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.genseehub.attendance.AttendanceStore;
import com.genseehub.attendance.Attendee;
import com.genseehub.reconcile.ReconcileStore;
import com.genseehub.users.UserIds;
import com.genseehub.users.UserNames;
import org.springframework.stereotype.Component;

/**
 * The attendance rows of a class, by Operator, a slice of users at a time: the attendees with the
 * callbacks' figures, plus the users only Gensee's record knows (all zero but its figures). A page of
 * them, or all of them as CSV written slice by slice, so no class is ever held in memory whole.
 */
@Component
public class AttendanceRows {

    /** Users per slice of the CSV: one query of each table per slice. */
    static final int CSV_SLICE = 1000;

    static final List<String> COLUMNS = List.of("operator", "joins", "repeatedJoins", "normalExits",
            "abnormalExits", "closedByStop", "orphanLeaves", "seconds", "online", "onlineSince", "firstJoin",
            "lastLeave", "name", "userId", "genseeSeconds", "reconciledSeconds");

    /**
     * One attendee. The callback figures, then: {@code name} where Gensee told one, {@code userId} (the
     * integrator's id: Operator - hub.sites.&lt;key&gt;.uid-offset; absent below it), and once the class is
     * reconciled {@code genseeSeconds} (Gensee's record) and {@code reconciledSeconds} (the callback
     * intervals with what Gensee's record fills in); both null before.
     */
    public record AttendanceRow(long operator, int joins, int repeatedJoins, int normalExits, int abnormalExits,
                                int closedByStop, int orphanLeaves, long seconds, boolean online,
                                Instant onlineSince, Instant firstJoin, Instant lastLeave, String name,
                                @JsonInclude(JsonInclude.Include.NON_NULL) Long userId, Long genseeSeconds,
                                Long reconciledSeconds) {

        List<Object> cells() {
            return Arrays.asList(operator, joins, repeatedJoins, normalExits, abnormalExits, closedByStop, orphanLeaves,
                    seconds, online, text(onlineSince), text(firstJoin), text(lastLeave), name, userId, genseeSeconds,
                    reconciledSeconds);
        }
    }

    private final AttendanceStore store;
    private final ReconcileStore reconciled;
    private final UserNames names;
    private final UserIds userIds;

    public AttendanceRows(AttendanceStore store, ReconcileStore reconciled, UserNames names, UserIds userIds) {
        this.store = store;
        this.reconciled = reconciled;
        this.names = names;
        this.userIds = userIds;
    }

    public Page<AttendanceRow> page(String site, String classNo, int offset, int limit) {
        return Page.read(offset, limit,
                (from, count) -> rows(site, classNo, reconciled.classUsers(site, classNo, null, from, count)));
    }

    /** Every row as CSV with a header line, written one slice of users after another. */
    public void writeCsv(String site, String classNo, Writer out) throws IOException {
        out.write(Csv.line(COLUMNS));
        Long after = null;
        List<Long> users = reconciled.classUsers(site, classNo, after, 0, CSV_SLICE);
        while (!users.isEmpty()) {
            for (AttendanceRow row : rows(site, classNo, users)) {
                out.write(Csv.line(row.cells()));
            }
            after = users.get(users.size() - 1);
            users = reconciled.classUsers(site, classNo, after, 0, CSV_SLICE);
        }
        out.flush();
    }

    /** The rows of these users of a class (ascending Operators, as {@link ReconcileStore#classUsers} gives them). */
    private List<AttendanceRow> rows(String site, String classNo, List<Long> users) {
        if (users.isEmpty()) {
            return List.of();
        }
        long first = users.get(0);
        long last = users.get(users.size() - 1);
        Map<Long, Attendee> attendees = new HashMap<>();
        store.attendees(site, classNo, first, last).forEach(a -> attendees.put(a.operator(), a));
        Map<Long, ReconcileStore.Layer> layer = reconciled.layer(site, classNo, first, last);
        boolean isReconciled = reconciled.outcome(site, classNo).isPresent();
        Map<Long, String> known = names.of(site, users);
        List<AttendanceRow> rows = new ArrayList<>(users.size());
        for (long operator : users) {
            Attendee a = attendees.getOrDefault(operator, Attendee.newcomer(site, classNo, operator));
            ReconcileStore.Layer l = layer.getOrDefault(operator, new ReconcileStore.Layer(0, 0));
            rows.add(new AttendanceRow(a.operator(), a.joins(), a.repeatedJoins(), a.normalExits(),
                    a.abnormalExits(), a.closedByStop(), a.orphanLeaves(), a.millis() / 1000, a.present(),
                    a.openSince(), a.firstJoin(), a.lastLeave(), known.get(operator), userIds.of(site, operator),
                    isReconciled ? l.genseeSeconds() : null, isReconciled ? l.reconciledSeconds() : null));
        }
        return rows;
    }

    private static String text(Instant instant) {
        return instant == null ? "" : instant.toString();
    }
}
