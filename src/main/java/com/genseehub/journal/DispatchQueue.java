package com.genseehub.journal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Journaled events whose facts are not applied yet ({@code pending_dispatch}), the events that could
 * not be applied ({@code dispatch_failure}), and the lock that dispatch workers of every hub instance
 * and a rebuild take turns through.
 */
@Repository
public class DispatchQueue {

    private final JdbcClient jdbc;

    public DispatchQueue(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Sequence numbers of the events not yet applied, oldest first. Read on their own (not joined with
     * the events): as one join, H2 sorted every pending row to return the first few, so a backlog of
     * 90,000 events drained at a few hundred per second.
     */
    public List<Long> pendingSeqs(int limit) {
        return jdbc.sql("select seq from pending_dispatch order by seq fetch first ? rows only")
                .param(limit).query(Long.class).list();
    }

    public boolean isPending(long seq) {
        return jdbc.sql("select count(*) from pending_dispatch where seq = ?").param(seq).query(Long.class).single() > 0;
    }

    /** Out of the queue: their facts are applied (one statement for a whole batch). */
    public void markDispatched(List<Long> seqs) {
        jdbc.sql("delete from pending_dispatch where seq in (:seqs)").param("seqs", seqs).update();
    }

    /** An event that cannot be applied: out of the queue, into the failure list (it stays in the journal). */
    public void markFailed(long seq, Instant failedAt, String error) {
        markDispatched(List.of(seq));
        jdbc.sql("delete from dispatch_failure where seq = ?").param(seq).update();
        jdbc.sql("insert into dispatch_failure (seq, failed_at, error) values (?, ?, ?)")
                .params(seq, failedAt.atOffset(ZoneOffset.UTC), error.length() > 1000 ? error.substring(0, 1000) : error)
                .update();
    }

    public record DispatchFailure(long seq, OffsetDateTime failedAt, String error) {
    }

    /** Events that could not be applied, newest first. */
    public List<DispatchFailure> failures(int offset, int limit) {
        return jdbc.sql("select seq, failed_at, error from dispatch_failure order by seq desc offset ? rows fetch next ? rows only")
                .params(offset, limit)
                .query((rs, row) -> new DispatchFailure(rs.getLong("seq"), rs.getObject("failed_at", OffsetDateTime.class),
                        rs.getString("error")))
                .list();
    }

    public long failureCount() {
        return jdbc.sql("select count(*) from dispatch_failure").query(Long.class).single();
    }

    /** Takes the dispatch lock for the current transaction. */
    public void lock() {
        jdbc.sql("select name from dispatch_lock where name = 'journal' for update").query(String.class).single();
    }

    /** Events in the queue (those stored in the database). */
    public long pendingCount() {
        return jdbc.sql("select count(*) from pending_dispatch").query(Long.class).single();
    }

    /**
     * Events in the queue with a sequence number up to this one. (The queue is short once the worker
     * has caught up; H2 walks it to count it whenever another transaction writes, whatever the form.)
     */
    public long pendingCountUpTo(long seq) {
        return jdbc.sql("select count(*) from pending_dispatch where seq <= ?").param(seq).query(Long.class).single();
    }

    /** Queues the whole journal for dispatch again (after the facts were cleared). */
    public int requeueAll() {
        jdbc.sql("delete from dispatch_failure").update();
        jdbc.sql("delete from pending_dispatch").update();
        return jdbc.sql("insert into pending_dispatch (seq) select seq from journal_event").update();
    }
}
