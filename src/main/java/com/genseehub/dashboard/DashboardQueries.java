package com.genseehub.dashboard;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import com.genseehub.attendance.AttendanceStore;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Summaries the dashboard shows, read from the derived facts. Parameterised SQL only. */
@Repository
public class DashboardQueries {

    private final JdbcClient jdbc;

    public DashboardQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A stopped class with how many people it had and how many of their exits were abnormal (110). */
    public record EndedClass(String site, String classNo, Instant startedAt, Instant stoppedAt, Integer peakUsers,
                             int recordings, long attendees, long abnormalExits) {
    }

    /** One courseware with its VOD audience: distinct viewers, views, watch time and who watches now. */
    public record Courseware(String site, String classNo, long viewers, long views, long seconds, long watching,
                             Instant lastActivity) {
    }

    /**
     * {@code count} classes from {@code offset} stopped at or after {@code since}, latest stop first (ties by
     * site, then class number, both descending), of a site and with a class number starting with
     * {@code classNo} when given; attendees are the users with a row.
     */
    public List<EndedClass> endedSince(String site, String classNo, Instant since, int offset, int count) {
        String prefix = classNo == null || classNo.isEmpty() ? null : AttendanceStore.startingWith(classNo);
        return jdbc.sql("""
                select s.site, s.class_no, s.started_at, s.stopped_at, s.peak_users, s.recordings,
                  (select count(*) from attendee a where a.site = s.site and a.class_no = s.class_no) as attendees,
                  (select coalesce(sum(a.abnormal_exits), 0) from attendee a
                    where a.site = s.site and a.class_no = s.class_no) as abnormal_exits
                from class_session s
                where s.state = 'STOPPED' and s.stopped_at >= ?
                  and (cast(? as varchar(100)) is null or s.site = ?)
                  and (cast(? as varchar(110)) is null or s.class_no like ? escape '!')
                order by s.stopped_at desc, s.site desc, s.class_no desc offset ? rows fetch next ? rows only""")
                .params(since.atOffset(ZoneOffset.UTC), site, site, prefix, prefix, offset, count)
                .query((rs, row) -> new EndedClass(rs.getString("site"), rs.getString("class_no"),
                        instant(rs.getObject("started_at", OffsetDateTime.class)),
                        instant(rs.getObject("stopped_at", OffsetDateTime.class)),
                        rs.getObject("peak_users") == null ? null : rs.getInt("peak_users"),
                        rs.getInt("recordings"), rs.getLong("attendees"), rs.getLong("abnormal_exits")))
                .list();
    }

    /**
     * {@code count} coursewares from {@code offset} of a site (or of all sites) with VOD views, most recently
     * watched first (ties by site, then class number).
     */
    public List<Courseware> coursewares(String site, int offset, int count) {
        return jdbc.sql("""
                select site, class_no, count(*) as viewers, sum(views) as views, sum(millis) as millis,
                  sum(case when open_since is not null then 1 else 0 end) as watching,
                  max(case when last_end is null or open_since > last_end then open_since else last_end end)
                    as last_activity
                from vod_viewer
                where (cast(? as varchar(100)) is null or site = ?)
                group by site, class_no
                order by last_activity desc nulls last, site, class_no offset ? rows fetch next ? rows only""")
                .params(site, site, offset, count)
                .query((rs, row) -> new Courseware(rs.getString("site"), rs.getString("class_no"),
                        rs.getLong("viewers"), rs.getLong("views"), rs.getLong("millis") / 1000,
                        rs.getLong("watching"), instant(rs.getObject("last_activity", OffsetDateTime.class))))
                .list();
    }

    private static Instant instant(OffsetDateTime value) {
        return value == null ? null : value.toInstant();
    }
}
