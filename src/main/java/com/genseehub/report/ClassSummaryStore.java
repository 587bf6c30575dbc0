package com.genseehub.report;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The table class_summary: per class, the summary that is due next and what the last one said. Kept by
 * a rebuild (see V12__class_report.sql). Parameterised SQL only.
 */
@Repository
public class ClassSummaryStore {

    /** Why a summary is sent. */
    public static final String STOPPED = "stopped";
    public static final String FIGURES_CHANGED = "figures-changed";

    /** A class's summary state; {@code dueAt} null when nothing is due. */
    public record Schedule(String site, String classNo, int run, int generation, String reason, Instant dueAt,
                           Instant claimedUntil, Long sentSeq, String sentFigures) {

        public boolean pending() {
            return dueAt != null;
        }
    }

    private final JdbcClient jdbc;

    public ClassSummaryStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Schedule> find(String site, String classNo) {
        return jdbc.sql("select * from class_summary where site = ? and class_no = ?")
                .params(site, classNo).query(ClassSummaryStore::schedule).optional();
    }

    /** Makes a summary due (a new row, or an existing one with its run, generation and reason). */
    public void schedule(String site, String classNo, int run, int generation, String reason, Instant dueAt) {
        int updated = jdbc.sql("""
                update class_summary set run = ?, generation = ?, reason = ?, due_at = ?, claimed_until = null
                where site = ? and class_no = ?""")
                .params(run, generation, reason, utc(dueAt), site, classNo).update();
        if (updated == 0) {
            jdbc.sql("""
                    insert into class_summary (site, class_no, run, generation, reason, due_at)
                    values (?, ?, ?, ?, ?, ?)""")
                    .params(site, classNo, run, generation, reason, utc(dueAt)).update();
        }
    }

    /** Nothing is due for the class any more. */
    public void cancel(String site, String classNo) {
        jdbc.sql("update class_summary set due_at = null, claimed_until = null where site = ? and class_no = ?")
                .params(site, classNo).update();
    }

    /** Summaries due at {@code now} that no hub instance is journaling, earliest first. */
    public List<Schedule> due(Instant now, int limit) {
        return jdbc.sql("""
                select * from class_summary where due_at <= ? and (claimed_until is null or claimed_until <= ?)
                order by due_at fetch first ? rows only""")
                .params(utc(now), utc(now), limit).query(ClassSummaryStore::schedule).list();
    }

    /** Claims a due summary until {@code until}; false when another instance has it or it changed. */
    public boolean claim(Schedule due, Instant now, Instant until) {
        return jdbc.sql("""
                update class_summary set claimed_until = ?
                where site = ? and class_no = ? and generation = ? and due_at <= ?
                  and (claimed_until is null or claimed_until <= ?)""")
                .params(utc(until), due.site(), due.classNo(), due.generation(), utc(now), utc(now))
                .update() == 1;
    }

    /**
     * The summary of this generation is in the journal: nothing is due any more, unless a newer one was
     * scheduled meanwhile (it stays due).
     */
    public void journaled(Schedule due, long seq, String figures) {
        jdbc.sql("""
                update class_summary set sent_seq = ?, sent_figures = ?, claimed_until = null,
                  due_at = case when generation = ? then null else due_at end
                where site = ? and class_no = ?""")
                .params(seq, figures, due.generation(), due.site(), due.classNo()).update();
    }

    private static Schedule schedule(ResultSet rs, int row) throws SQLException {
        long seq = rs.getLong("sent_seq");
        Long sentSeq = rs.wasNull() ? null : seq;
        return new Schedule(rs.getString("site"), rs.getString("class_no"), rs.getInt("run"),
                rs.getInt("generation"), rs.getString("reason"), instant(rs, "due_at"), instant(rs, "claimed_until"),
                sentSeq, rs.getString("sent_figures"));
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
