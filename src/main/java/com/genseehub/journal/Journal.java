package com.genseehub.journal;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.genseehub.config.BackgroundThreads;
import com.genseehub.callback.CallbackEvent;
import com.genseehub.callback.CallbackKind;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/** The durable event store: every accepted callback, in the order received. */
@Component
public class Journal {

    private static final Logger log = LoggerFactory.getLogger(Journal.class);
    /** journal_event's columns but seq, in the order of {@link #columnValues}. */
    private static final String COLUMNS = "received_at, site, kind, class_no, action, operator, total_users, params";
    private static final TypeReference<Map<String, String>> PARAMS = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final ObjectMapper json;
    private final DispatchSignal dispatchSignal;
    private final GroupCommit<List<CallbackEvent>, List<CallbackEvent>> groupCommit;
    private final Durability durability;
    /** Only on embedded H2, see {@link Durability}; null on PostgreSQL. */
    private final JournalSpool spool;
    private final Duration spoolCheckpointInterval;
    private ScheduledExecutorService spoolCheckpoints;

    public Journal(JdbcClient jdbc, TransactionTemplate transactions, ObjectMapper json, DispatchSignal dispatchSignal,
                   Durability durability, @Value("${hub.journal.max-requests-per-commit:256}") int maxRequestsPerCommit,
                   @Value("${hub.journal.spool-checkpoint-interval:5s}") Duration spoolCheckpointInterval) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.json = json;
        this.dispatchSignal = dispatchSignal;
        this.durability = durability;
        this.spoolCheckpointInterval = spoolCheckpointInterval;
        this.spool = durability.journalSpoolDirectory().map(JournalSpool::new).orElse(null);
        // concurrent callbacks share one transaction (on PostgreSQL one disk flush): see "Benchmark" in the README
        this.groupCommit = new GroupCommit<>(this::writeTogether, maxRequestsPerCommit);
    }

    /** Before the hub takes callbacks: puts back what was acknowledged but not yet on disk when it last stopped. */
    @PostConstruct
    void recoverFromSpool() {
        if (spool == null) {
            return;
        }
        long stored = jdbc.sql("select coalesce(max(seq), 0) from journal_event").query(Long.class).single();
        List<CallbackEvent> missing = spool.readAll().stream().filter(event -> event.seq() > stored).toList();
        if (!missing.isEmpty()) {
            transactions.executeWithoutResult(status -> missing.forEach(this::insertWithSeq));
            // the sequence went back with the database: continue after the recovered events. A number, not input.
            long next = missing.get(missing.size() - 1).seq() + 1;
            jdbc.sql("alter table journal_event alter column seq restart with " + next).update();
            durability.flush();
            log.warn("Recovered {} acknowledged callbacks (seq {} to {}) from the journal spool {}: the database had not "
                            + "written them to disk when the hub stopped", missing.size(), missing.get(0).seq(),
                    next - 1, spool.directory());
        }
        log.info("Journal spool: {} (embedded H2 writes its file every {} here; see application.yaml)",
                spool.directory(), spoolCheckpointInterval);
        spoolCheckpoints = Executors.newSingleThreadScheduledExecutor(BackgroundThreads.named("journal-spool-checkpoint"));
        long every = spoolCheckpointInterval.toMillis();
        spoolCheckpoints.scheduleWithFixedDelay(this::checkpointQuietly, every, every, TimeUnit.MILLISECONDS);
    }

    /** A clean stop leaves no spool behind. */
    @PreDestroy
    void stopSpool() {
        if (spool != null) {
            spoolCheckpoints.shutdownNow();
            try {
                checkpoint();
            } catch (RuntimeException e) {
                log.info("Journal spool {} kept: it is read back (and then deleted) at the next start ({})",
                        spool.directory(), e.getMessage());
            }
            spool.close();
        }
    }

    private void checkpointQuietly() {
        try {
            checkpoint();
        } catch (RuntimeException e) {
            log.warn("Journal spool checkpoint failed, will retry: {}", e.toString());
        }
    }

    /** Once the database has written everything committed to disk, the spool files written before can go. */
    private void checkpoint() {
        List<Path> closed = groupCommit.exclusively(spool::roll);
        durability.flush();
        spool.delete(closed);
    }

    private List<List<CallbackEvent>> writeTogether(List<List<CallbackEvent>> requests) {
        return transactions.execute(status -> {
            List<List<CallbackEvent>> stored = requests.stream()
                    .map(events -> events.stream().map(this::insert).toList()).toList();
            if (spool != null) {
                // in the spool before the commit, so nothing acknowledged can be missing from both
                spool.append(stored.stream().flatMap(List::stream).toList());
            }
            return stored;
        });
    }

    /** Commits the event (and its place in the dispatch queue); returns it with its sequence number. */
    public CallbackEvent append(CallbackEvent event) {
        return appendAll(List.of(event)).get(0);
    }

    /**
     * Commits all events of one request, in list order (all or none), possibly in one transaction
     * with other requests' events; returns them with their sequence numbers once committed.
     */
    public List<CallbackEvent> appendAll(List<CallbackEvent> events) {
        List<CallbackEvent> stored = groupCommit.write(events);
        dispatchSignal.wake();
        return stored;
    }

    private CallbackEvent insert(CallbackEvent event) {
        KeyHolder key = new GeneratedKeyHolder();
        jdbc.sql("insert into journal_event (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?)")
                .params(columnValues(event)).update(key, "seq");
        long sequence = key.getKey().longValue();
        queueForDispatch(sequence);
        return event.withSeq(sequence);
    }

    /** A spooled event back into the journal, with the sequence number it was acknowledged with. */
    private void insertWithSeq(CallbackEvent event) {
        List<Object> values = new ArrayList<>(List.of(event.seq()));
        values.addAll(Arrays.asList(columnValues(event)));
        jdbc.sql("insert into journal_event (seq, " + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(values).update();
        queueForDispatch(event.seq());
    }

    private Object[] columnValues(CallbackEvent event) {
        return new Object[] {utc(event), event.site(), event.kind().id(), event.classNo(), event.action(),
                event.operator(), event.totalUsers(), toJson(event.params())};
    }

    private void queueForDispatch(long seq) {
        jdbc.sql("insert into pending_dispatch (seq) values (?)").param(seq).update();
    }

    /**
     * Events not yet applied, oldest first. Two steps on purpose: as one join, H2 joined and sorted
     * every pending row to return the first few, so a backlog of 90,000 events drained at a few
     * hundred per second; the first step reads only the queue's first rows, in key order.
     */
    public List<CallbackEvent> pending(int limit) {
        List<Long> next = pendingSeqs(limit);
        return next.isEmpty() ? List.of() : events(next);
    }

    /** Sequence numbers of the events not yet applied, oldest first. */
    public List<Long> pendingSeqs(int limit) {
        return jdbc.sql("select seq from pending_dispatch order by seq fetch first ? rows only")
                .param(limit).query(Long.class).list();
    }

    public boolean isPending(long seq) {
        return jdbc.sql("select count(*) from pending_dispatch where seq = ?").param(seq).query(Long.class).single() > 0;
    }

    public void markDispatched(long seq) {
        jdbc.sql("delete from pending_dispatch where seq = ?").param(seq).update();
    }

    /** An event that cannot be applied: out of the dispatch queue, into the failure list (it stays in the journal). */
    public void markFailed(long seq, Instant failedAt, String error) {
        markDispatched(seq);
        jdbc.sql("delete from dispatch_failure where seq = ?").param(seq).update();
        jdbc.sql("insert into dispatch_failure (seq, failed_at, error) values (?, ?, ?)")
                .params(seq, failedAt.atOffset(ZoneOffset.UTC), error.length() > 1000 ? error.substring(0, 1000) : error)
                .update();
    }

    public record DispatchFailure(long seq, OffsetDateTime failedAt, String error) {
    }

    /** Events that could not be applied, newest first. */
    public List<DispatchFailure> dispatchFailures(int offset, int limit) {
        return jdbc.sql("select seq, failed_at, error from dispatch_failure order by seq desc offset ? rows fetch next ? rows only")
                .params(offset, limit)
                .query((rs, row) -> new DispatchFailure(rs.getLong("seq"), rs.getObject("failed_at", OffsetDateTime.class),
                        rs.getString("error")))
                .list();
    }

    public long dispatchFailureCount() {
        return jdbc.sql("select count(*) from dispatch_failure").query(Long.class).single();
    }

    /**
     * Takes the dispatch lock for the current transaction: dispatch workers (of every hub instance)
     * and a rebuild take turns through it.
     */
    public void lockDispatch() {
        jdbc.sql("select name from dispatch_lock where name = 'journal' for update").query(String.class).single();
    }

    public long count() {
        return jdbc.sql("select count(*) from journal_event").query(Long.class).single();
    }

    public long pendingCount() {
        return jdbc.sql("select count(*) from pending_dispatch").query(Long.class).single();
    }

    /** Queues the whole journal for dispatch again (after the facts were cleared). */
    public int requeueAll() {
        jdbc.sql("delete from dispatch_failure").update();
        jdbc.sql("delete from pending_dispatch").update();
        return jdbc.sql("insert into pending_dispatch (seq) select seq from journal_event").update();
    }

    /** The events with these sequence numbers, oldest first. */
    public List<CallbackEvent> events(Collection<Long> seqs) {
        return jdbc.sql("select * from journal_event where seq in (:seqs) order by seq")
                .param("seqs", seqs).query(this::event).list();
    }

    /** Newest first, filtered by whichever of site, classNo and action is not null. */
    public List<CallbackEvent> find(String site, String classNo, Integer action, int offset, int limit) {
        return jdbc.sql("""
                select * from journal_event
                where (cast(? as varchar(100)) is null or site = ?)
                  and (cast(? as varchar(100)) is null or class_no = ?)
                  and (cast(? as integer) is null or action = ?)
                order by seq desc offset ? rows fetch next ? rows only""")
                .params(site, site, classNo, classNo, action, action, offset, limit)
                .query(this::event).list();
    }

    /** Live events of one class in order, for the lifecycle timeline and the online curve. */
    public List<CallbackEvent> ofClass(String site, CallbackKind kind, String classNo) {
        return jdbc.sql("select * from journal_event where site = ? and class_no = ? and kind = ? order by seq")
                .params(site, classNo, kind.id()).query(this::event).list();
    }

    private CallbackEvent event(ResultSet rs, int row) throws SQLException {
        Long operator = rs.getObject("operator") == null ? null : rs.getLong("operator");
        Integer action = rs.getObject("action") == null ? null : rs.getInt("action");
        Integer totalUsers = rs.getObject("total_users") == null ? null : rs.getInt("total_users");
        return new CallbackEvent(rs.getLong("seq"),
                rs.getObject("received_at", OffsetDateTime.class).toInstant(),
                rs.getString("site"), CallbackKind.fromId(rs.getString("kind")), rs.getString("class_no"),
                action, operator, totalUsers, fromJson(rs.getString("params")));
    }

    private static OffsetDateTime utc(CallbackEvent event) {
        return event.receivedAt().atOffset(ZoneOffset.UTC);
    }

    private String toJson(Map<String, String> params) {
        try {
            return json.writeValueAsString(params);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, String> fromJson(String text) {
        try {
            return json.readValue(text, PARAMS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("journal params are not JSON: " + e.getMessage(), e);
        }
    }
}
