package com.genseehub.attendance;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.genseehub.journal.BatchedWrites;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Reads and writes sessions, attendees, intervals and VOD viewers. Parameterised SQL only. */
@Repository
public class AttendanceStore {

    private final JdbcClient jdbc;

    public AttendanceStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    // ---- sessions

    public Optional<ClassSession> session(String site, String classNo) {
        Optional<ClassSession> deferred = BatchedWrites.open()
                .flatMap(batch -> batch.deferred(new SessionKey(site, classNo), ClassSession.class));
        if (deferred.isPresent()) {
            return deferred;
        }
        return jdbc.sql("select * from class_session where site = ? and class_no = ?")
                .params(site, classNo).query(AttendanceStore::session).optional();
    }

    /**
     * {@code count} sessions from {@code offset}, most recently active first (ties by site, then class
     * number, both descending), of a site, with a class number starting with {@code classNo}, in one of
     * {@code states}: each filter only when given (null, or no states).
     */
    public List<ClassSession> sessions(String site, String classNo, Collection<SessionState> states, int offset,
                                       int count) {
        StringBuilder sql = new StringBuilder("select * from class_session where 1 = 1");
        Map<String, Object> params = new HashMap<>();
        if (site != null) {
            sql.append(" and site = :site");
            params.put("site", site);
        }
        if (classNo != null && !classNo.isEmpty()) {
            sql.append(" and class_no like :classNo escape '!'");
            params.put("classNo", startingWith(classNo));
        }
        if (!states.isEmpty()) {
            sql.append(" and state in (:states)");
            params.put("states", states.stream().map(Enum::name).toList());
        }
        sql.append(" order by last_event_at desc, site desc, class_no desc offset :offset rows fetch next :count rows only");
        params.put("offset", offset);
        params.put("count", count);
        return jdbc.sql(sql.toString()).params(params).query(AttendanceStore::session).list();
    }

    /** A LIKE pattern (escape character {@code !}) matching text that starts with {@code prefix}. */
    public static String startingWith(String prefix) {
        return prefix.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
    }

    /** The key of a class session put off to the end of a dispatch batch. */
    private record SessionKey(String site, String classNo) {
    }

    /**
     * In a dispatch batch the row is written once at its end (every live callback changes the online
     * count); {@link #session} sees the deferred value meanwhile.
     */
    public void save(ClassSession s) {
        Optional<BatchedWrites> batch = BatchedWrites.open();
        if (batch.isPresent()) {
            batch.get().defer(new SessionKey(s.site(), s.classNo()), s, this::write);
        } else {
            write(s);
        }
    }

    private void write(ClassSession s) {
        int updated = jdbc.sql("""
                update class_session set state = ?, created_at = ?, started_at = ?, paused_at = ?, stopped_at = ?,
                recordings = ?, current_users = ?, peak_users = ?, last_event_at = ? where site = ? and class_no = ?""")
                .params(s.state().name(), utc(s.createdAt()), utc(s.startedAt()), utc(s.pausedAt()),
                        utc(s.stoppedAt()), s.recordings(), s.currentUsers(), s.peakUsers(), utc(s.lastEventAt()),
                        s.site(), s.classNo())
                .update();
        if (updated == 0) {
            jdbc.sql("""
                    insert into class_session (state, created_at, started_at, paused_at, stopped_at, recordings,
                    current_users, peak_users, last_event_at, site, class_no) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(s.state().name(), utc(s.createdAt()), utc(s.startedAt()), utc(s.pausedAt()),
                            utc(s.stoppedAt()), s.recordings(), s.currentUsers(), s.peakUsers(),
                            utc(s.lastEventAt()), s.site(), s.classNo())
                    .update();
        }
    }

    private static ClassSession session(ResultSet rs, int row) throws SQLException {
        return new ClassSession(rs.getString("site"), rs.getString("class_no"),
                SessionState.valueOf(rs.getString("state")), instant(rs, "created_at"), instant(rs, "started_at"),
                instant(rs, "paused_at"), instant(rs, "stopped_at"), rs.getInt("recordings"),
                integer(rs, "current_users"), integer(rs, "peak_users"), instant(rs, "last_event_at"));
    }

    // ---- attendees

    public Optional<Attendee> attendee(String site, String classNo, long operator) {
        return jdbc.sql("select * from attendee where site = ? and class_no = ? and operator = ?")
                .params(site, classNo, operator).query(AttendanceStore::attendee).optional();
    }

    public List<Attendee> attendees(String site, String classNo) {
        return attendees(site, classNo, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    /** The attendees of a class with an Operator from {@code from} to {@code to} (both included), by Operator. */
    public List<Attendee> attendees(String site, String classNo, long from, long to) {
        return jdbc.sql("""
                select * from attendee where site = ? and class_no = ? and operator between ? and ?
                order by operator""")
                .params(site, classNo, from, to).query(AttendanceStore::attendee).list();
    }

    public List<Attendee> presentAttendees(String site, String classNo) {
        return jdbc.sql("select * from attendee where site = ? and class_no = ? and open_since is not null")
                .params(site, classNo).query(AttendanceStore::attendee).list();
    }

    public void save(Attendee a) {
        int updated = jdbc.sql("""
                update attendee set joins = ?, repeated_joins = ?, normal_exits = ?, abnormal_exits = ?,
                closed_by_stop = ?, orphan_leaves = ?, millis = ?, open_since = ?, first_join = ?, last_leave = ?
                where site = ? and class_no = ? and operator = ?""")
                .params(a.joins(), a.repeatedJoins(), a.normalExits(), a.abnormalExits(), a.closedByStop(),
                        a.orphanLeaves(), a.millis(), utc(a.openSince()), utc(a.firstJoin()), utc(a.lastLeave()),
                        a.site(), a.classNo(), a.operator())
                .update();
        if (updated == 0) {
            insert(a);
        }
    }

    /** An attendee not stored yet (a first join: no update to try first). */
    public void insert(Attendee a) {
        jdbc.sql("""
                insert into attendee (joins, repeated_joins, normal_exits, abnormal_exits, closed_by_stop,
                orphan_leaves, millis, open_since, first_join, last_leave, site, class_no, operator)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(a.joins(), a.repeatedJoins(), a.normalExits(), a.abnormalExits(), a.closedByStop(),
                        a.orphanLeaves(), a.millis(), utc(a.openSince()), utc(a.firstJoin()),
                        utc(a.lastLeave()), a.site(), a.classNo(), a.operator())
                .update();
    }

    public void saveInterval(Attendee a, Attendee.Interval interval) {
        jdbc.sql("""
                insert into attendance_interval (site, class_no, operator, joined_at, left_at, ended_by)
                values (?, ?, ?, ?, ?, ?)""")
                .params(a.site(), a.classNo(), a.operator(), utc(interval.joinedAt()), utc(interval.leftAt()),
                        interval.endedBy().name())
                .update();
    }

    /** A presence interval of one attendee of a class, as stored. */
    public record ClassInterval(long operator, Attendee.Interval interval) {
    }

    /** Every closed presence interval of a class, by Operator and join time. */
    public List<ClassInterval> intervals(String site, String classNo) {
        return jdbc.sql("""
                select operator, joined_at, left_at, ended_by from attendance_interval
                where site = ? and class_no = ? order by operator, joined_at, id""")
                .params(site, classNo)
                .query((rs, row) -> new ClassInterval(rs.getLong("operator"), new Attendee.Interval(
                        instant(rs, "joined_at"), instant(rs, "left_at"), Attendee.Exit.valueOf(rs.getString("ended_by")))))
                .list();
    }

    /** The closed presence intervals of a class per Operator, each user's oldest first. */
    public Map<Long, List<Attendee.Interval>> intervalsByOperator(String site, String classNo) {
        Map<Long, List<Attendee.Interval>> byOperator = new LinkedHashMap<>();
        intervals(site, classNo).forEach(stored ->
                byOperator.computeIfAbsent(stored.operator(), operator -> new ArrayList<>()).add(stored.interval()));
        return byOperator;
    }

    private static Attendee attendee(ResultSet rs, int row) throws SQLException {
        return new Attendee(rs.getString("site"), rs.getString("class_no"), rs.getLong("operator"),
                rs.getInt("joins"), rs.getInt("repeated_joins"), rs.getInt("normal_exits"),
                rs.getInt("abnormal_exits"), rs.getInt("closed_by_stop"), rs.getInt("orphan_leaves"),
                rs.getLong("millis"), instant(rs, "open_since"), instant(rs, "first_join"),
                instant(rs, "last_leave"));
    }

    // ---- VOD

    public Optional<VodViewer> viewer(String site, String classNo, long operator) {
        return jdbc.sql("select * from vod_viewer where site = ? and class_no = ? and operator = ?")
                .params(site, classNo, operator).query(AttendanceStore::viewer).optional();
    }

    /** {@code count} viewers of a courseware from {@code offset}, by Operator. */
    public List<VodViewer> viewers(String site, String classNo, int offset, int count) {
        return jdbc.sql("""
                select * from vod_viewer where site = ? and class_no = ?
                order by operator offset ? rows fetch next ? rows only""")
                .params(site, classNo, offset, count).query(AttendanceStore::viewer).list();
    }

    public void save(VodViewer v) {
        int updated = jdbc.sql("""
                update vod_viewer set views = ?, orphan_ends = ?, millis = ?, open_since = ?, first_view = ?,
                last_end = ? where site = ? and class_no = ? and operator = ?""")
                .params(v.views(), v.orphanEnds(), v.millis(), utc(v.openSince()), utc(v.firstView()),
                        utc(v.lastEnd()), v.site(), v.classNo(), v.operator())
                .update();
        if (updated == 0) {
            jdbc.sql("""
                    insert into vod_viewer (views, orphan_ends, millis, open_since, first_view, last_end, site,
                    class_no, operator) values (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(v.views(), v.orphanEnds(), v.millis(), utc(v.openSince()), utc(v.firstView()),
                            utc(v.lastEnd()), v.site(), v.classNo(), v.operator())
                    .update();
        }
    }

    private static VodViewer viewer(ResultSet rs, int row) throws SQLException {
        return new VodViewer(rs.getString("site"), rs.getString("class_no"), rs.getLong("operator"),
                rs.getInt("views"), rs.getInt("orphan_ends"), rs.getLong("millis"), instant(rs, "open_since"),
                instant(rs, "first_view"), instant(rs, "last_end"));
    }

    // ---- rebuild

    /** Removes every derived fact; the journal is untouched. */
    public void clearAll() {
        for (String table : List.of("attendance_interval", "attendee", "vod_viewer", "class_session")) {
            jdbc.sql("delete from " + table).update();
        }
    }

    // ---- helpers

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static Integer integer(ResultSet rs, String column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }
}
