package com.genseehub.delivery;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import com.genseehub.system.DurableWrite;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The outbox table. Claiming is portable between H2 2.x and PostgreSQL: candidates are read without
 * a lock, then locked one by one with {@code FOR UPDATE SKIP LOCKED} and the due condition checked
 * again (H2 applies FETCH FIRST before skipping locked rows, so "first unlocked due row" cannot be
 * one query there); a locked row is leased ({@code sending} until the lease's end) before the claiming
 * transaction commits, so the row lock lasts only that short transaction.
 */
@Repository
public class DeliveryStore {

    /**
     * Statuses of a delivery that is still to be sent; each is due at next_attempt_at (for
     * {@code sending}: when its lease runs out).
     */
    private static final List<String> OPEN_STATUSES = List.of("pending", "failed", "sending");
    private static final String OPEN = OPEN_STATUSES.stream().map(status -> "'" + status + "'")
            .collect(Collectors.joining(", ", "(", ")"));
    private static final int MAX_ERROR = 1000;

    private final JdbcClient jdbc;

    public DeliveryStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A due delivery a worker holds the row lock of, until its claiming transaction ends. */
    public record Claimed(long id, long eventSeq, int attempts, String groupKey) {
    }

    // ---- enqueue (in the dispatch transaction)

    public boolean exists(long eventSeq, String sink) {
        return jdbc.sql("select count(*) from delivery where event_seq = ? and sink = ?")
                .params(eventSeq, sink).query(Long.class).single() > 0;
    }

    public void insert(long eventSeq, String sink, Instant due, Instant now, String groupKey) {
        jdbc.sql("""
                insert into delivery (event_seq, sink, status, attempts, next_attempt_at, created_at, group_key)
                values (?, ?, 'pending', 0, ?, ?, ?)""")
                .params(eventSeq, sink, utc(due), utc(now), groupKey).update();
    }

    /** When the not yet attempted deliveries of a digest group are due, if there are any. */
    public Optional<Instant> openGroupDue(String sink, String groupKey) {
        return jdbc.sql("""
                        select next_attempt_at from delivery
                        where sink = ? and group_key = ? and status = 'pending'
                        order by next_attempt_at fetch first 1 rows only""")
                .params(sink, groupKey).query(OffsetDateTime.class).optional().map(OffsetDateTime::toInstant);
    }

    // ---- claiming (in the worker's transaction)

    /**
     * Sinks with a delivery due now. Walks the distinct sink names through the index (one short read
     * per sink) instead of scanning every open delivery, which grows with a sink's backlog.
     */
    public List<String> dueSinks(Instant now) {
        List<String> due = new ArrayList<>();
        Optional<String> sink = sinkAfter("");
        while (sink.isPresent()) {
            if (!dueCandidates(sink.get(), now, 1).isEmpty()) {
                due.add(sink.get());
            }
            sink = sinkAfter(sink.get());
        }
        return due;
    }

    private Optional<String> sinkAfter(String previous) {
        return jdbc.sql("""
                select sink from delivery where sink > ?
                order by sink, status, next_attempt_at, id fetch first 1 rows only""")
                .param(previous).query(String.class).optional();
    }

    /**
     * The sink's due deliveries, oldest first. One indexed read per open status: ordered like the
     * index (sink, status, next_attempt_at, id), the database stops after {@code limit} rows
     * instead of sorting the sink's whole backlog (see V5__delivery_due_index.sql).
     */
    public List<Long> dueCandidates(String sink, Instant now, int limit) {
        List<Due> due = new ArrayList<>();
        for (String status : OPEN_STATUSES) {
            due.addAll(jdbc.sql("""
                            select id, next_attempt_at from delivery where sink = ? and status = ? and next_attempt_at <= ?
                            order by sink, status, next_attempt_at, id fetch first ? rows only""")
                    .params(sink, status, utc(now), limit)
                    .query((rs, row) -> new Due(rs.getLong("id"), rs.getObject("next_attempt_at", OffsetDateTime.class)))
                    .list());
        }
        return due.stream().sorted(Comparator.comparing(Due::nextAttemptAt).thenComparingLong(Due::id))
                .limit(limit).map(Due::id).toList();
    }

    private record Due(long id, OffsetDateTime nextAttemptAt) {
    }

    /** Locks the delivery if it is still due and no other worker holds it. */
    public Optional<Claimed> lock(long id, Instant now) {
        return jdbc.sql("""
                select id, event_seq, attempts, group_key from delivery
                where id = ? and status in %s and next_attempt_at <= ? for update skip locked""".formatted(OPEN))
                .params(id, utc(now)).query(DeliveryStore::claimed).optional();
    }

    /** Locks every due delivery of a digest group that no other worker holds. */
    public List<Claimed> lockGroup(String sink, String groupKey, Instant now) {
        return jdbc.sql("""
                select id, event_seq, attempts, group_key from delivery
                where sink = ? and group_key = ? and status in %s and next_attempt_at <= ?
                order by event_seq for update skip locked""".formatted(OPEN))
                .params(sink, groupKey, utc(now)).query(DeliveryStore::claimed).list();
    }

    /** Leases a locked delivery to the claim {@code token} until {@code until}. */
    public void lease(long id, String token, Instant until) {
        jdbc.sql("update delivery set status = 'sending', next_attempt_at = ?, lease_token = ? where id = ?")
                .params(utc(until), token, id).update();
    }

    // ---- results (only the claim holding the lease records one)

    /** Gives a lease back unused: the delivery is due again now, as it was before the claim. */
    public boolean release(long id, String token, Instant now) {
        return jdbc.sql("""
                update delivery set status = case when attempts = 0 then 'pending' else 'failed' end,
                next_attempt_at = ?, lease_token = null where id = ? and lease_token = ?""")
                .params(utc(now), id, token).update() > 0;
    }

    /** False when the lease is no longer {@code token}'s (it ran out and was taken over, or an operator replayed it). */
    public boolean markDone(long id, String token, int attempts, Instant now) {
        return jdbc.sql("""
                update delivery set status = 'done', attempts = ?, delivered_at = ?, last_error = null, lease_token = null
                where id = ? and lease_token = ?""").params(attempts, utc(now), id, token).update() > 0;
    }

    /** A failed attempt that is retried at {@code nextAttemptAt}; false as for {@link #markDone}. */
    public boolean markFailed(long id, String token, int attempts, Instant nextAttemptAt, String error) {
        return jdbc.sql("""
                update delivery set status = 'failed', attempts = ?, next_attempt_at = ?, last_error = ?, lease_token = null
                where id = ? and lease_token = ?""")
                .params(attempts, utc(nextAttemptAt), truncate(error), id, token).update() > 0;
    }

    /** The last attempt failed: no more retries; false as for {@link #markDone}. */
    public boolean markDead(long id, String token, int attempts, String error) {
        return jdbc.sql("""
                update delivery set status = 'dead', attempts = ?, last_error = ?, lease_token = null
                where id = ? and lease_token = ?""")
                .params(attempts, truncate(error), id, token).update() > 0;
    }

    // ---- operator view and replay

    public Optional<Delivery> find(long id) {
        return jdbc.sql("select * from delivery where id = ?").param(id).query(DeliveryStore::delivery).optional();
    }

    /** The delivery of one event to one sink, if the event was enqueued for it. */
    public Optional<Delivery> find(long eventSeq, String sink) {
        return jdbc.sql("select * from delivery where event_seq = ? and sink = ?").params(eventSeq, sink)
                .query(DeliveryStore::delivery).optional();
    }

    /** Newest first, filtered by whichever of status and sink is not null. */
    public List<Delivery> find(DeliveryStatus status, String sink, int offset, int limit) {
        String statusId = status == null ? null : status.id();
        return jdbc.sql("""
                select * from delivery
                where (cast(? as varchar(10)) is null or status = ?)
                  and (cast(? as varchar(100)) is null or sink = ?)
                order by id desc offset ? rows fetch next ? rows only""")
                .params(statusId, statusId, sink, sink, offset, limit)
                .query(DeliveryStore::delivery).list();
    }

    /** Deliveries per sink and status: sink -> status -> count. */
    public Map<String, Map<DeliveryStatus, Long>> countsBySink() {
        Map<String, Map<DeliveryStatus, Long>> counts = new LinkedHashMap<>();
        jdbc.sql("select sink, status, count(*) as n from delivery group by sink, status order by sink")
                .query(rs -> {
                    counts.computeIfAbsent(rs.getString("sink"), sink -> new LinkedHashMap<>())
                            .put(DeliveryStatus.fromId(rs.getString("status")), rs.getLong("n"));
                });
        return counts;
    }

    /** Makes one delivery pending again, due now, with a fresh attempt budget. False if the id is unknown. */
    @DurableWrite
    public boolean replay(long id, Instant now) {
        // a send under way when it is replayed records nothing (its lease is gone)
        return jdbc.sql("""
                update delivery set status = 'pending', attempts = 0, next_attempt_at = ?, lease_token = null
                where id = ?""").params(utc(now), id).update() > 0;
    }

    /** Replays every dead delivery of a sink; returns how many. */
    @DurableWrite
    public int replayDead(String sink, Instant now) {
        return jdbc.sql("""
                update delivery set status = 'pending', attempts = 0, next_attempt_at = ?
                where sink = ? and status = 'dead'""").params(utc(now), sink).update();
    }

    // ---- retention

    /** Deletes up to {@code limit} done deliveries delivered before {@code before}, oldest first; returns how many. */
    public int deleteDoneBefore(Instant before, int limit) {
        return jdbc.sql("""
                delete from delivery where id in (
                    select id from delivery where status = 'done' and delivered_at < ?
                    order by status, delivered_at, id fetch first ? rows only)""")
                .params(utc(before), limit).update();
    }

    // ---- mapping

    private static Claimed claimed(ResultSet rs, int row) throws SQLException {
        return new Claimed(rs.getLong("id"), rs.getLong("event_seq"), rs.getInt("attempts"), rs.getString("group_key"));
    }

    private static Delivery delivery(ResultSet rs, int row) throws SQLException {
        return new Delivery(rs.getLong("id"), rs.getString("sink"), rs.getLong("event_seq"),
                DeliveryStatus.fromId(rs.getString("status")), rs.getInt("attempts"),
                instant(rs, "next_attempt_at"), rs.getString("last_error"), instant(rs, "created_at"),
                instant(rs, "delivered_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static String truncate(String error) {
        return error == null || error.length() <= MAX_ERROR ? error : error.substring(0, MAX_ERROR);
    }
}
