package com.genseehub.reconcile;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import com.genseehub.attendance.Attendee;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The reconciliation facts: Gensee's record of each class and VOD day, the reconciled intervals and
 * each class's outcome. Written from the journal (events of kind {@code export}), so they outlive the
 * journal events they came from. Parameterised SQL only.
 */
@Repository
public class ReconcileStore {

    /** The outcome of a class's last reconciliation. */
    public record Outcome(String site, String classNo, long exportSeq, Instant fetchedAt, int toleranceSeconds,
                          Reconciler.Counts counts, int ignoredRecords) {
    }

    /** One viewing in Gensee's VOD record. */
    public record VodView(String classNo, long operator, Instant startedAt, Instant leftAt, long seconds) {
    }

    /** Per attendee: the seconds of Gensee's record and of the reconciled presence. */
    public record Layer(long genseeSeconds, long reconciledSeconds) {
    }

    private final JdbcClient jdbc;

    public ReconcileStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Replaces the class's Gensee record, reconciled intervals and outcome. */
    public void replaceClass(Outcome outcome, List<Reconciler.GenseeInterval> gensee, List<ReconciledInterval> reconciled) {
        String site = outcome.site();
        String classNo = outcome.classNo();
        jdbc.sql("delete from gensee_interval where site = ? and class_no = ?").params(site, classNo).update();
        for (Reconciler.GenseeInterval g : gensee) {
            jdbc.sql("insert into gensee_interval (site, class_no, operator, joined_at, left_at) values (?, ?, ?, ?, ?)")
                    .params(site, classNo, g.operator(), utc(g.joinedAt()), utc(g.leftAt())).update();
        }
        jdbc.sql("delete from reconciled_interval where site = ? and class_no = ?").params(site, classNo).update();
        for (ReconciledInterval r : reconciled) {
            jdbc.sql("""
                    insert into reconciled_interval (site, class_no, operator, joined_at, left_at, source, ended_by)
                    values (?, ?, ?, ?, ?, ?, ?)""")
                    .params(site, classNo, r.operator(), utc(r.joinedAt()), utc(r.leftAt()), r.source().id(),
                            r.endedBy() == null ? null : r.endedBy().name())
                    .update();
        }
        jdbc.sql("delete from class_reconciliation where site = ? and class_no = ?").params(site, classNo).update();
        Reconciler.Counts c = outcome.counts();
        jdbc.sql("""
                insert into class_reconciliation (site, class_no, export_seq, fetched_at, tolerance_seconds, matched,
                missing_joins, missing_leaves, gensee_only_users, hub_only_users, duration_differences, ignored_records)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(site, classNo, outcome.exportSeq(), utc(outcome.fetchedAt()), outcome.toleranceSeconds(),
                        c.matched(), c.missingJoins(), c.missingLeaves(), c.genseeOnlyUsers(), c.hubOnlyUsers(),
                        c.durationDifferences(), outcome.ignoredRecords())
                .update();
    }

    public Optional<Outcome> outcome(String site, String classNo) {
        return jdbc.sql("select * from class_reconciliation where site = ? and class_no = ?")
                .params(site, classNo)
                .query((rs, row) -> new Outcome(rs.getString("site"), rs.getString("class_no"), rs.getLong("export_seq"),
                        instant(rs, "fetched_at"), rs.getInt("tolerance_seconds"),
                        new Reconciler.Counts(rs.getInt("matched"), rs.getInt("missing_joins"),
                                rs.getInt("missing_leaves"), rs.getInt("gensee_only_users"), rs.getInt("hub_only_users"),
                                rs.getInt("duration_differences")), rs.getInt("ignored_records")))
                .optional();
    }

    /** The reconciled presence of a class, by Operator and join time; empty when it was never reconciled. */
    public List<ReconciledInterval> reconciledIntervals(String site, String classNo) {
        return reconciledIntervals(site, classNo, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    private List<ReconciledInterval> reconciledIntervals(String site, String classNo, long from, long to) {
        return jdbc.sql("""
                select operator, joined_at, left_at, source, ended_by from reconciled_interval
                where site = ? and class_no = ? and operator between ? and ? order by operator, joined_at, id""")
                .params(site, classNo, from, to)
                .query((rs, row) -> new ReconciledInterval(rs.getLong("operator"), instant(rs, "joined_at"),
                        instant(rs, "left_at"), ReconciledInterval.Source.fromId(rs.getString("source")),
                        rs.getString("ended_by") == null ? null : Attendee.Exit.valueOf(rs.getString("ended_by"))))
                .list();
    }

    public List<Reconciler.GenseeInterval> genseeIntervals(String site, String classNo) {
        return genseeIntervals(site, classNo, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    private List<Reconciler.GenseeInterval> genseeIntervals(String site, String classNo, long from, long to) {
        return jdbc.sql("""
                select operator, joined_at, left_at from gensee_interval
                where site = ? and class_no = ? and operator between ? and ?""")
                .params(site, classNo, from, to)
                .query((rs, row) -> new Reconciler.GenseeInterval(rs.getLong("operator"), instant(rs, "joined_at"),
                        instant(rs, "left_at")))
                .list();
    }

    /**
     * The users of a class, by Operator: those with callback facts and those only in Gensee's record;
     * {@code count} of them from {@code offset}, after Operator {@code after} when it is given.
     */
    public List<Long> classUsers(String site, String classNo, Long after, int offset, int count) {
        long from = after == null ? Long.MIN_VALUE : after;
        int wanted = offset + count;
        // from each table the first rows only (no DISTINCT, which would read the whole class); an interval
        // table lists a user once per interval, so when a table was cut short, only the users up to its last
        // row read are certain: read further until enough are
        for (int rows = wanted; ; rows = rows * 2) {
            TreeSet<Long> users = new TreeSet<>();
            long certainUpTo = Long.MAX_VALUE;
            for (String table : List.of("attendee", "gensee_interval", "reconciled_interval")) {
                List<Long> operators = jdbc.sql("select operator from " + table
                                + " where site = ? and class_no = ? and operator > ? order by operator fetch first ? rows only")
                        .params(site, classNo, from, rows).query(Long.class).list();
                users.addAll(operators);
                if (operators.size() == rows) {
                    certainUpTo = Math.min(certainUpTo, operators.get(rows - 1));
                }
            }
            NavigableSet<Long> certain = users.headSet(certainUpTo, true);
            if (certain.size() >= wanted || certainUpTo == Long.MAX_VALUE) {
                return certain.stream().skip(offset).limit(count).toList();
            }
        }
    }

    /**
     * Per Operator from {@code from} to {@code to} (both included) of a reconciled class: Gensee's seconds
     * and the reconciled seconds (users in neither list have 0 of both). Empty for a class never reconciled.
     */
    public Map<Long, Layer> layer(String site, String classNo, long from, long to) {
        Map<Long, List<Reconciler.GenseeInterval>> gensee = new HashMap<>();
        genseeIntervals(site, classNo, from, to)
                .forEach(g -> gensee.computeIfAbsent(g.operator(), k -> new ArrayList<>()).add(g));
        Map<Long, List<ReconciledInterval>> reconciled = new HashMap<>();
        reconciledIntervals(site, classNo, from, to)
                .forEach(r -> reconciled.computeIfAbsent(r.operator(), k -> new ArrayList<>()).add(r));
        Map<Long, Layer> layer = new HashMap<>();
        for (long operator : union(gensee.keySet(), reconciled.keySet())) {
            layer.put(operator, new Layer(
                    Intervals.unionSeconds(gensee.getOrDefault(operator, List.of()), Reconciler.GenseeInterval::joinedAt,
                            Reconciler.GenseeInterval::leftAt),
                    Intervals.unionSeconds(reconciled.getOrDefault(operator, List.of()), ReconciledInterval::joinedAt,
                            ReconciledInterval::leftAt)));
        }
        return layer;
    }

    // ---- VOD

    /** Replaces Gensee's VOD record of one day of a site. */
    public void replaceVodDay(String site, String day, List<VodView> views) {
        jdbc.sql("delete from gensee_vod_view where site = ? and view_date = ?").params(site, day).update();
        for (VodView v : views) {
            jdbc.sql("""
                    insert into gensee_vod_view (site, view_date, class_no, operator, started_at, left_at, seconds)
                    values (?, ?, ?, ?, ?, ?, ?)""")
                    .params(site, day, v.classNo(), v.operator(), utc(v.startedAt()), utc(v.leftAt()), v.seconds())
                    .update();
        }
    }

    /**
     * Seconds of one courseware per viewer with an Operator from {@code from} to {@code to} (both included)
     * in Gensee's VOD record (every day fetched).
     */
    public Map<Long, Long> vodSeconds(String site, String classNo, long from, long to) {
        Map<Long, Long> seconds = new HashMap<>();
        jdbc.sql("""
                select operator, sum(seconds) as seconds from gensee_vod_view
                where site = ? and class_no = ? and operator between ? and ? group by operator""")
                .params(site, classNo, from, to)
                .query((rs, row) -> seconds.put(rs.getLong("operator"), rs.getLong("seconds")))
                .list();
        return seconds;
    }

    /** Whether Gensee's VOD record of any day fetched has views of this courseware. */
    public boolean hasVodRecord(String site, String classNo) {
        return jdbc.sql("select count(*) from gensee_vod_view where site = ? and class_no = ?")
                .params(site, classNo).query(Long.class).single() > 0;
    }

    private static Set<Long> union(Set<Long> a, Set<Long> b) {
        Set<Long> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
