package com.genseehub.journal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;

import com.genseehub.callback.CallbackEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The journal rows retention may take out of the database: received before the window, and referenced
 * by nothing that still needs them. An event stays while it is queued for dispatch, listed as a
 * dispatch failure (a rebuild retries it), or has a delivery (a done delivery leaves after
 * hub.retention.deliveries, the others only when an operator settles them). The newest event always
 * stays: the embedded database's journal numbers new events after it.
 */
@Repository
public class JournalRetention {

    private static final String UNREFERENCED = """
            not exists (select 1 from pending_dispatch p where p.seq = e.seq)
            and not exists (select 1 from dispatch_failure f where f.seq = e.seq)
            and not exists (select 1 from delivery d where d.event_seq = e.seq)""";

    private final JdbcClient jdbc;
    private final JournalTable table;
    private final DispatchQueue queue;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;

    public JournalRetention(JdbcClient jdbc, JournalTable table, DispatchQueue queue, TransactionTemplate transactions,
                            ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.table = table;
        this.queue = queue;
        this.transactions = transactions;
        this.events = events;
    }

    /** Published once events are deleted (committed): a journal that counts its rows itself follows. */
    public record Deleted(int events) {
    }

    /** Up to {@code limit} events that may leave, received before {@code before}, after {@code afterSeq}, in order. */
    public List<CallbackEvent> archivable(Instant before, long afterSeq, int limit) {
        return jdbc.sql("""
                        select * from journal_event e
                        where e.seq > ? and e.received_at < ?
                          and e.seq < (select max(seq) from journal_event)
                          and %s
                        order by e.seq fetch first ? rows only""".formatted(UNREFERENCED))
                .params(afterSeq, before.atOffset(ZoneOffset.UTC), limit)
                .query(table::event).list();
    }

    /**
     * Deletes these events (written to the archive before) in one short transaction, but those
     * referenced meanwhile; returns how many went. Takes the dispatch lock, so a rebuild replaying the
     * journal sees each event either in the journal or only in the archive.
     */
    public int delete(Collection<Long> seqs) {
        if (seqs.isEmpty()) {
            return 0;
        }
        Integer deleted = transactions.execute(status -> {
            queue.lock();
            return jdbc.sql("delete from journal_event e where e.seq in (:seqs) and " + UNREFERENCED)
                    .param("seqs", seqs).update();
        });
        int count = deleted == null ? 0 : deleted;
        if (count > 0) {
            events.publishEvent(new Deleted(count));
        }
        return count;
    }
}
