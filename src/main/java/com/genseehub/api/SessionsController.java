package com.genseehub.api;

import java.time.Instant;
import java.util.List;

import com.genseehub.attendance.AttendanceStore;
import com.genseehub.attendance.Attendee;
import com.genseehub.attendance.ClassSession;
import com.genseehub.attendance.VodViewer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Sessions, attendance and VOD views, as derived from the journal. */
@RestController
@RequestMapping("/api")
public class SessionsController {

    private final AttendanceStore store;

    public SessionsController(AttendanceStore store) {
        this.store = store;
    }

    public record SessionView(String site, String classNo, String state, Instant createdAt, Instant startedAt,
                              Instant pausedAt, Instant stoppedAt, int recordings, Integer currentUsers,
                              Integer peakUsers, Instant lastEventAt) {
        static SessionView of(ClassSession s) {
            return new SessionView(s.site(), s.classNo(), s.state().name(), s.createdAt(), s.startedAt(),
                    s.pausedAt(), s.stoppedAt(), s.recordings(), s.currentUsers(), s.peakUsers(), s.lastEventAt());
        }
    }

    public record AttendanceRow(long operator, int joins, int repeatedJoins, int normalExits, int abnormalExits,
                                int closedByStop, int orphanLeaves, long seconds, boolean online,
                                Instant onlineSince, Instant firstJoin, Instant lastLeave) {
        static AttendanceRow of(Attendee a) {
            return new AttendanceRow(a.operator(), a.joins(), a.repeatedJoins(), a.normalExits(),
                    a.abnormalExits(), a.closedByStop(), a.orphanLeaves(), a.millis() / 1000, a.present(),
                    a.openSince(), a.firstJoin(), a.lastLeave());
        }

        List<Object> cells() {
            return List.of(operator, joins, repeatedJoins, normalExits, abnormalExits, closedByStop, orphanLeaves,
                    seconds, online, text(onlineSince), text(firstJoin), text(lastLeave));
        }
    }

    private static final List<String> ATTENDANCE_COLUMNS = List.of("operator", "joins", "repeatedJoins",
            "normalExits", "abnormalExits", "closedByStop", "orphanLeaves", "seconds", "online", "onlineSince",
            "firstJoin", "lastLeave");

    public record ViewerRow(long operator, int views, int orphanEnds, long seconds, boolean watching,
                            Instant firstView, Instant lastEnd) {
        static ViewerRow of(VodViewer v) {
            return new ViewerRow(v.operator(), v.views(), v.orphanEnds(), v.millis() / 1000, v.openSince() != null,
                    v.firstView(), v.lastEnd());
        }
    }

    @GetMapping("/sessions")
    public List<SessionView> sessions(@RequestParam(required = false) String site) {
        return store.sessions(site).stream().map(SessionView::of).toList();
    }

    @GetMapping("/sessions/{site}/{classNo}")
    public SessionView session(@PathVariable String site, @PathVariable String classNo) {
        return store.session(site, classNo).map(SessionView::of)
                .orElseThrow(() -> new NotFoundException("no session " + classNo + " on site " + site));
    }

    @GetMapping(value = "/sessions/{site}/{classNo}/attendance")
    public ResponseEntity<?> attendance(@PathVariable String site, @PathVariable String classNo,
                                        @RequestParam(required = false) String format,
                                        @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        List<AttendanceRow> rows = store.attendees(site, classNo).stream().map(AttendanceRow::of).toList();
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

    @GetMapping("/vod/{site}/{classNo}/views")
    public List<ViewerRow> views(@PathVariable String site, @PathVariable String classNo) {
        return store.viewers(site, classNo).stream().map(ViewerRow::of).toList();
    }

    private static String text(Instant instant) {
        return instant == null ? "" : instant.toString();
    }

    private static String safeFileName(String name) {
        return name.replaceAll("[^A-Za-z0-9_\\-]", "_");
    }
}
