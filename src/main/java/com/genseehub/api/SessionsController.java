package com.genseehub.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.genseehub.attendance.AttendanceStore;
import com.genseehub.attendance.Attendee;
import com.genseehub.attendance.ClassSession;
import com.genseehub.attendance.VodViewer;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.genseehub.reconcile.ReconcileStatus;
import com.genseehub.reconcile.ReconcileStore;
import com.genseehub.users.UserIds;
import com.genseehub.users.UserNames;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Sessions, attendance and VOD views, as derived from the journal, with the reconciliation layer and names. */
@RestController
@RequestMapping("/api")
public class SessionsController {

    private final AttendanceStore store;
    private final ReconcileStore reconciled;
    private final ReconcileStatus reconciliation;
    private final UserNames names;
    private final UserIds userIds;

    public SessionsController(AttendanceStore store, ReconcileStore reconciled, ReconcileStatus reconciliation,
                              UserNames names, UserIds userIds) {
        this.store = store;
        this.reconciled = reconciled;
        this.reconciliation = reconciliation;
        this.names = names;
        this.userIds = userIds;
    }

    /** @param reconciliation the class's reconciliation with Gensee's record (only in the single-session view) */
    public record SessionView(String site, String classNo, String state, Instant createdAt, Instant startedAt,
                              Instant pausedAt, Instant stoppedAt, int recordings, Integer currentUsers,
                              Integer peakUsers, Instant lastEventAt,
                              @JsonInclude(JsonInclude.Include.NON_NULL) ReconcileStatus.View reconciliation) {
        static SessionView of(ClassSession s, ReconcileStatus.View reconciliation) {
            return new SessionView(s.site(), s.classNo(), s.state().name(), s.createdAt(), s.startedAt(),
                    s.pausedAt(), s.stoppedAt(), s.recordings(), s.currentUsers(), s.peakUsers(), s.lastEventAt(),
                    reconciliation);
        }
    }

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

    private static final List<String> ATTENDANCE_COLUMNS = List.of("operator", "joins", "repeatedJoins",
            "normalExits", "abnormalExits", "closedByStop", "orphanLeaves", "seconds", "online", "onlineSince",
            "firstJoin", "lastLeave", "name", "userId", "genseeSeconds", "reconciledSeconds");

    /** One VOD viewer; {@code genseeSeconds}: Gensee's VOD record of the courseware (null when none was fetched). */
    public record ViewerRow(long operator, int views, int orphanEnds, long seconds, boolean watching,
                            Instant firstView, Instant lastEnd, String name,
                            @JsonInclude(JsonInclude.Include.NON_NULL) Long userId, Long genseeSeconds) {
    }

    @GetMapping("/sessions")
    public List<SessionView> sessions(@RequestParam(required = false) String site) {
        return store.sessions(site).stream().map(s -> SessionView.of(s, null)).toList();
    }

    @GetMapping("/sessions/{site}/{classNo}")
    public SessionView session(@PathVariable String site, @PathVariable String classNo) {
        return store.session(site, classNo).map(s -> SessionView.of(s, reconciliation.of(site, classNo)))
                .orElseThrow(() -> new NotFoundException("no session " + classNo + " on site " + site));
    }

    @GetMapping(value = "/sessions/{site}/{classNo}/attendance")
    public ResponseEntity<?> attendance(@PathVariable String site, @PathVariable String classNo,
                                        @RequestParam(required = false) String format,
                                        @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        List<AttendanceRow> rows = attendanceRows(site, classNo);
        boolean csv = "csv".equalsIgnoreCase(format) || (format == null && accept != null && accept.contains("text/csv"));
        if (!csv) {
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(rows);
        }
        String body = Csv.of(ATTENDANCE_COLUMNS, rows.stream().map(AttendanceRow::cells).toList());
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION,
                        "attachment; filename=\"attendance-" + safeFileName(site + "-" + classNo) + ".csv\"")
                .body(body);
    }

    /** The attendees with the callbacks' figures, plus the users only Gensee's record knows (all zero but its). */
    List<AttendanceRow> attendanceRows(String site, String classNo) {
        List<Attendee> attendees = store.attendees(site, classNo);
        Map<Long, ReconcileStore.Layer> layer = reconciled.layer(site, classNo);
        boolean isReconciled = reconciled.outcome(site, classNo).isPresent();
        Set<Long> operators = new TreeSet<>(layer.keySet());
        attendees.forEach(a -> operators.add(a.operator()));
        Map<Long, String> known = names.of(site, operators);
        Map<Long, Attendee> byOperator = new HashMap<>();
        attendees.forEach(a -> byOperator.put(a.operator(), a));
        List<AttendanceRow> rows = new ArrayList<>();
        for (long operator : operators) {
            Attendee a = byOperator.getOrDefault(operator, Attendee.newcomer(site, classNo, operator));
            ReconcileStore.Layer l = layer.getOrDefault(operator, new ReconcileStore.Layer(0, 0));
            rows.add(new AttendanceRow(a.operator(), a.joins(), a.repeatedJoins(), a.normalExits(),
                    a.abnormalExits(), a.closedByStop(), a.orphanLeaves(), a.millis() / 1000, a.present(),
                    a.openSince(), a.firstJoin(), a.lastLeave(), known.get(operator), userId(site, operator),
                    isReconciled ? l.genseeSeconds() : null, isReconciled ? l.reconciledSeconds() : null));
        }
        return rows;
    }

    @GetMapping("/vod/{site}/{classNo}/views")
    public List<ViewerRow> views(@PathVariable String site, @PathVariable String classNo) {
        List<VodViewer> viewers = store.viewers(site, classNo);
        Map<Long, Long> gensee = reconciled.vodSeconds(site, classNo);
        Map<Long, String> known = names.of(site, viewers.stream().map(VodViewer::operator).toList());
        return viewers.stream().map(v -> new ViewerRow(v.operator(), v.views(), v.orphanEnds(), v.millis() / 1000,
                v.openSince() != null, v.firstView(), v.lastEnd(), known.get(v.operator()), userId(site, v.operator()),
                gensee.isEmpty() ? null : gensee.getOrDefault(v.operator(), 0L))).toList();
    }

    private Long userId(String site, long operator) {
        return userIds.of(site, operator);
    }

    private static String text(Instant instant) {
        return instant == null ? "" : instant.toString();
    }

    private static String safeFileName(String name) {
        return name.replaceAll("[^A-Za-z0-9_\\-]", "_");
    }
}
