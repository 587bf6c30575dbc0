package com.genseehub.report;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The live spans of each class (table class_live_span). Parameterised SQL only. */
@Repository
public class LiveTimeStore {

    private final JdbcClient jdbc;

    public LiveTimeStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public ClassLiveTime liveTime(String site, String classNo) {
        return new ClassLiveTime(jdbc.sql("""
                        select started_at, ended_at, ended_by from class_live_span
                        where site = ? and class_no = ? order by span_no""")
                .params(site, classNo).query(LiveTimeStore::span).list());
    }

    /** Writes the spans that differ from {@code before} (a change touches the last span or adds one). */
    public void save(String site, String classNo, ClassLiveTime before, ClassLiveTime after) {
        for (int i = 0; i < after.spans().size(); i++) {
            LiveSpan span = after.spans().get(i);
            if (i < before.spans().size()) {
                if (!span.equals(before.spans().get(i))) {
                    jdbc.sql("""
                            update class_live_span set started_at = ?, ended_at = ?, ended_by = ?
                            where site = ? and class_no = ? and span_no = ?""")
                            .params(utc(span.start()), utc(span.end()), endedBy(span), site, classNo, i + 1)
                            .update();
                }
            } else {
                jdbc.sql("""
                        insert into class_live_span (site, class_no, span_no, started_at, ended_at, ended_by)
                        values (?, ?, ?, ?, ?, ?)""")
                        .params(site, classNo, i + 1, utc(span.start()), utc(span.end()), endedBy(span))
                        .update();
            }
        }
    }

    /** Removes every span (a rebuild derives them again from the journal). */
    public void clearAll() {
        jdbc.sql("delete from class_live_span").update();
    }

    private static LiveSpan span(ResultSet rs, int row) throws SQLException {
        String endedBy = rs.getString("ended_by");
        return new LiveSpan(instant(rs, "started_at"), instant(rs, "ended_at"),
                endedBy == null ? null : LiveSpan.EndedBy.fromId(endedBy));
    }

    private static String endedBy(LiveSpan span) {
        return span.endedBy() == null ? null : span.endedBy().id();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
