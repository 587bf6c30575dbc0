package com.genseehub.dbsink;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.genseehub.attendance.AttendanceStore;
import com.genseehub.attendance.Attendee;
import com.genseehub.report.ClassReport;
import com.genseehub.report.ClassReports;
import com.genseehub.callback.CallbackEvent;
import org.springframework.stereotype.Component;

/**
 * What the database-sink Kamelet writes, as named parameters of its statements: the event itself, and
 * when a class stopped, one row per attendee as the hub's API reports it. The attendance is read from
 * the hub's database in one short read (no transaction, the connection goes back at once), so no hub
 * connection is held while the sink writes to the integrator's database.
 */
@Component
public class DatabaseSinkRows {

    private final AttendanceStore attendance;
    private final ClassReports reports;
    private final ObjectMapper json;

    public DatabaseSinkRows(AttendanceStore attendance, ClassReports reports, ObjectMapper json) {
        this.attendance = attendance;
        this.reports = reports;
        this.json = json;
    }

    /** seq, receivedAt, site, kind, classNo, action, operator, totalUsers, params (JSON text). */
    public Map<String, Object> event(CallbackEvent event) {
        return NamedParameters.of(event, json);
    }

    /**
     * Every attendee of the event's class: each component of {@link Attendee} (site, classNo, operator,
     * joins, repeatedJoins, normalExits, abnormalExits, closedByStop, orphanLeaves, millis, openSince,
     * firstJoin, lastLeave, and whatever it gains), plus {@code seconds} and {@code online} as
     * GET /api/sessions/{site}/{classNo}/attendance computes them, and from the class report
     * {@code name}, {@code presentSeconds}, {@code presence} (0 to 1; null without live time) and
     * {@code qualified} (null when the site has no attendance rule).
     */
    public List<Map<String, Object>> attendance(Map<String, Object> event) {
        String site = (String) event.get("site");
        String classNo = (String) event.get("classNo");
        Map<Long, ClassReport.Row> report = new HashMap<>();
        reports.of(site, classNo).ifPresent(r -> r.attendees().forEach(row -> report.put(row.operator(), row)));
        return attendance.attendees(site, classNo).stream().map(attendee -> row(attendee, report.get(attendee.operator())))
                .toList();
    }

    private Map<String, Object> row(Attendee attendee, ClassReport.Row report) {
        Map<String, Object> row = NamedParameters.of(attendee, json);
        row.put("seconds", attendee.millis() / 1000);
        row.put("online", attendee.present());
        row.put("name", report == null ? null : report.name());
        row.put("presentSeconds", report == null ? 0L : report.presentSeconds());
        row.put("presence", report == null ? null : report.presence());
        row.put("qualified", report == null ? null : report.qualified());
        return row;
    }
}
