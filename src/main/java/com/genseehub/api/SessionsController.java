package com.genseehub.api;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.genseehub.attendance.AttendanceStore;
import com.genseehub.attendance.ClassSession;
import com.genseehub.attendance.SessionState;
import com.genseehub.attendance.VodViewer;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.genseehub.reconcile.ReconcileStatus;
import com.genseehub.reconcile.ReconcileStore;
import com.genseehub.users.UserIds;
import com.genseehub.users.UserNames;
import jakarta.servlet.http.HttpServletResponse;
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
    private final AttendanceRows attendanceRows;

    public SessionsController(AttendanceStore store, ReconcileStore reconciled, ReconcileStatus reconciliation,
                              UserNames names, UserIds userIds, AttendanceRows attendanceRows) {
        this.store = store;
        this.attendanceRows = attendanceRows;
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

    /** One VOD viewer; {@code genseeSeconds}: Gensee's VOD record of the courseware (null when none was fetched). */
    public record ViewerRow(long operator, int views, int orphanEnds, long seconds, boolean watching,
                            Instant firstView, Instant lastEnd, String name,
                            @JsonInclude(JsonInclude.Include.NON_NULL) Long userId, Long genseeSeconds) {
    }

    /**
     * Sessions, most recently active first (ties by site, then class number, both descending): of a site, with a class
     * number starting with {@code classNo} (an exact number matches too), in one of {@code state}.
     */
    @GetMapping("/sessions")
    public Page<SessionView> sessions(@RequestParam(required = false) String site,
                                      @RequestParam(required = false) String classNo,
                                      @RequestParam(required = false) List<String> state,
                                      @RequestParam(defaultValue = "0") int offset,
                                      @RequestParam(defaultValue = Page.DEFAULT_LIMIT) int limit) {
        Set<SessionState> states = states(state);
        return Page.read(offset, limit, (from, count) -> store.sessions(site, classNo, states, from, count).stream()
                .map(s -> SessionView.of(s, null)).toList());
    }

    @GetMapping("/sessions/{site}/{classNo}")
    public SessionView session(@PathVariable String site, @PathVariable String classNo) {
        return store.session(site, classNo).map(s -> SessionView.of(s, reconciliation.of(site, classNo)))
                .orElseThrow(() -> new NotFoundException("no session " + classNo + " on site " + site));
    }

    /**
     * The attendees of a class by Operator: a page of JSON, or with {@code format=csv} (or
     * {@code Accept: text/csv}) every row as CSV, streamed to the response.
     */
    @GetMapping(value = "/sessions/{site}/{classNo}/attendance")
    public ResponseEntity<Page<AttendanceRows.AttendanceRow>> attendance(
            @PathVariable String site, @PathVariable String classNo, @RequestParam(required = false) String format,
            @RequestParam(defaultValue = "0") int offset, @RequestParam(defaultValue = Page.DEFAULT_LIMIT) int limit,
            @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept,
            HttpServletResponse response) throws IOException {
        boolean csv = "csv".equalsIgnoreCase(format) || (format == null && accept != null && accept.contains("text/csv"));
        if (!csv) {
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                    .body(attendanceRows.page(site, classNo, offset, limit));
        }
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
                "attachment; filename=\"attendance-" + safeFileName(site + "-" + classNo) + ".csv\"");
        attendanceRows.writeCsv(site, classNo,
                new BufferedWriter(new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8)));
        return null;
    }

    /** A page of the viewers of a courseware, by Operator. */
    @GetMapping("/vod/{site}/{classNo}/views")
    public Page<ViewerRow> views(@PathVariable String site, @PathVariable String classNo,
                                 @RequestParam(defaultValue = "0") int offset,
                                 @RequestParam(defaultValue = Page.DEFAULT_LIMIT) int limit) {
        return Page.read(offset, limit, (from, count) -> viewerRows(site, classNo, store.viewers(site, classNo, from, count)));
    }

    private List<ViewerRow> viewerRows(String site, String classNo, List<VodViewer> viewers) {
        if (viewers.isEmpty()) {
            return List.of();
        }
        Map<Long, Long> gensee = reconciled.vodSeconds(site, classNo, viewers.get(0).operator(),
                viewers.get(viewers.size() - 1).operator());
        Map<Long, String> known = names.of(site, viewers.stream().map(VodViewer::operator).toList());
        boolean fetched = reconciled.hasVodRecord(site, classNo);
        return viewers.stream().map(v -> new ViewerRow(v.operator(), v.views(), v.orphanEnds(), v.millis() / 1000,
                v.openSince() != null, v.firstView(), v.lastEnd(), known.get(v.operator()), userId(site, v.operator()),
                fetched ? gensee.getOrDefault(v.operator(), 0L) : null)).toList();
    }

    private static Set<SessionState> states(List<String> names) {
        Set<SessionState> states = EnumSet.noneOf(SessionState.class);
        for (String name : names == null ? List.<String>of() : names) {
            try {
                states.add(SessionState.valueOf(name.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("state must be one of " + Arrays.toString(SessionState.values()));
            }
        }
        return states;
    }

    private Long userId(String site, long operator) {
        return userIds.of(site, operator);
    }

    private static String safeFileName(String name) {
        return name.replaceAll("[^A-Za-z0-9_\\-]", "_");
    }
}
